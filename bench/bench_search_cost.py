"""Benchmark the worst search query against normal ones (issue 10, item 13): CPU per query, in milliseconds.

Run: python3 bench/bench_search_cost.py

Normal: the relevance queries of tests/search/corpus.py; one typo: a known word plus one mistyped 7-letter
word (one spelling correction); worst: 200 characters of random letters in 4–7 letter words, each query
new (the correction memo does not help). search/limits.py bounds the worst to about one correction.
"""

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.search.corpus import DOCS, QUERIES  # noqa: E402
from wardportal.search.engine import WhooshBackend  # noqa: E402


def cpu_ms(backend, queries) -> list[float]:
    """CPU time of each query, in milliseconds."""
    out = []
    for q in queries:
        start = time.process_time()
        backend.search(1, q)
        out.append((time.process_time() - start) * 1000)
    return out


def main() -> None:
    """Print median and maximum per kind of query."""
    backend = WhooshBackend(tempfile.mkdtemp())
    backend.rebuild(DOCS)
    backend.search(1, "khai sinh")
    rng = random.Random(1)

    def random_query() -> str:
        words = []
        while len(" ".join(words)) < 200:
            words.append("".join(rng.choice("abcdeghiklmnopqrstuvxy") for _ in range(rng.randint(4, 7))))
        return " ".join(words)[:200]

    kinds = {
        "normal": [q for q, _ in QUERIES],
        "one typo": [f"đăng ký {w} " for w in ("khqisnh", "xacnhqn", "kethonn", "chungthx", "tamtruu")],
        "worst (200 random chars)": [random_query() for _ in range(20)],
    }
    for name, queries in kinds.items():
        times = cpu_ms(backend, queries)
        print(f"{name:26s} median {statistics.median(times):7.1f} ms   max {max(times):7.1f} ms   n={len(times)}")


if __name__ == "__main__":
    main()
