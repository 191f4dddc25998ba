"""Benchmark procedure search: Whoosh backend vs SQLite LIKE vs SQLite FTS5 on a 10,000-guide catalogue.

Run: python3 bench/bench_search.py [--guides 10000] [--rounds 3]

Ward 1 holds the realistic corpus of tests/search/corpus.py; wards 2.. hold synthetic guides varied from
it (qualified titles, ~400-syllable bodies), so the catalogue reaches national scale. Relevance is the
share of queries whose expected guide comes first / in the top three within ward 1, printed for each query
set (the regression set, the sentence set, the held-out sets and their halves) and each engine; speed
is measured on the same queries, plus the prefixes typed on the way, across the whole catalogue. For
Whoosh it also prints the first search of a freshly started process and the cost of an edit (upsert, then
the first search of the new index generation).
"""

import argparse
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.search.corpus import DOCS, QUERIES  # noqa: E402
from tests.search.heldout_queries import HELD_OUT, HELD_OUT_SENTENCES, HELD_OUT_SHORT  # noqa: E402
from tests.search.heldout_queries_2 import HELD_OUT_2, HELD_OUT_2_SENTENCES, HELD_OUT_2_SHORT  # noqa: E402
from tests.search.heldout_queries_3 import HELD_OUT_3, HELD_OUT_3_SENTENCES, HELD_OUT_3_SHORT  # noqa: E402
from tests.search.heldout_queries_4 import HELD_OUT_4, HELD_OUT_4_SENTENCES, HELD_OUT_4_SHORT  # noqa: E402
from tests.search.dev_queries_5 import DEV_5_BY_STYLE  # noqa: E402
from tests.search.sentence_queries import SENTENCES  # noqa: E402
from wardportal.search.engine import WhooshBackend  # noqa: E402
from wardportal.search.folding import words  # noqa: E402

QUALIFIERS = ["có yếu tố nước ngoài", "tại khu vực biên giới", "cho người Việt Nam định cư ở nước ngoài",
              "lưu động", "trong trường hợp đặc biệt", "đối với người đang hưởng chế độ", "lần thứ hai",
              "thí điểm tại đô thị", "theo quy trình rút gọn", "liên thông điện tử", "cho hộ gia đình, cá nhân",
              "đối với tổ chức tôn giáo", "tại vùng đặc biệt khó khăn", "qua dịch vụ bưu chính"]


def synthetic_catalogue(count: int, seed: int = 7) -> list[dict]:
    """Return `count` guides varied from the corpus, in wards 2.., bodies about 400 syllables long."""
    rng = random.Random(seed)
    filler = " ".join(d["summary"] + " " + d["steps"] for d in DOCS).split()
    docs = []
    for n in range(count):
        base = DOCS[n % len(DOCS)]
        title = base["title"] if rng.random() < 0.3 else f"{base['title']} {rng.choice(QUALIFIERS)}"
        body = " ".join(rng.choice(filler) for _ in range(330))
        docs.append({**base, "ward_id": 2 + n % 200, "procedure_id": 100000 + n, "title": title,
                     "code": f"{base['code']}.{n}", "summary": f"{base['summary']} {body}", "popular": False})
    return docs


def percentile(samples: list[float], share: float) -> float:
    """The `share` percentile of `samples`, in milliseconds."""
    ordered = sorted(samples)
    return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]


QUERY_SETS = [("regression (corpus.py)", QUERIES), ("sentences (dev)", SENTENCES),
              ("held-out, all", HELD_OUT), ("held-out, short", HELD_OUT_SHORT),
              ("held-out, sentences", HELD_OUT_SENTENCES),
              ("held-out 2 (opened), short", HELD_OUT_2_SHORT), ("held-out 2 (opened), sent.", HELD_OUT_2_SENTENCES),
              ("held-out 3 (opened), short", HELD_OUT_3_SHORT), ("held-out 3 (opened), sent.", HELD_OUT_3_SENTENCES),
              ("held-out 4, short", HELD_OUT_4_SHORT), ("held-out 4, sentences", HELD_OUT_4_SENTENCES),
              *((f"dev 5 (tuning), {style}", queries) for style, queries in DEV_5_BY_STYLE.items())]


def timing_queries() -> list[str]:
    """Every query of every set plus what a resident has typed on the way to each (active search)."""
    typed = []
    phone = [pair for queries in DEV_5_BY_STYLE.values() for pair in queries]
    for q, _ in QUERIES + SENTENCES + HELD_OUT + HELD_OUT_2 + HELD_OUT_3 + HELD_OUT_4 + phone:
        typed.append(q)
        typed.extend(q[:n] for n in range(4, len(q), 4))
    return typed


class SqliteSearch:
    """The same catalogue in SQLite, searched with LIKE over folded text or with FTS5 bm25."""

    def __init__(self, docs: list[dict]):
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE TABLE guide (id INTEGER PRIMARY KEY, ward_id INT, code TEXT, title TEXT, "
                        "body TEXT, title_f TEXT, body_f TEXT)")
        # FTS5 over the same folded text the portal indexes (unicode61 alone leaves đ apart from d).
        self.db.execute("CREATE VIRTUAL TABLE guide_fts USING fts5(title_f, body_f, content='guide', "
                        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
        started = time.perf_counter()
        rows = []
        for n, doc in enumerate(docs, start=1):
            body = " ".join([doc["summary"], doc["applicants"], doc["steps"], *doc["documents"]])
            rows.append((n, doc["ward_id"], doc["code"], doc["title"], body, " ".join(words(doc["title"])),
                         " ".join(words(body))))
        self.db.executemany("INSERT INTO guide VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        self.like_build = time.perf_counter() - started
        started = time.perf_counter()
        self.db.execute("INSERT INTO guide_fts(guide_fts) VALUES ('rebuild')")
        self.fts_build = time.perf_counter() - started + self.like_build

    def like(self, ward_id, q: str, limit: int = 10) -> list[str]:
        """Every folded word somewhere, title matches first, shorter titles first."""
        terms = words(q)
        if not terms:
            return []
        where = " AND ".join("(title_f LIKE ? OR body_f LIKE ?)" for _ in terms)
        score = " + ".join("(title_f LIKE ?)" for _ in terms)
        params = [p for t in terms for p in (f"%{t}%", f"%{t}%")] + [f"%{t}%" for t in terms]
        ward = "" if ward_id is None else f" AND ward_id = {int(ward_id)}"
        sql = (f"SELECT code FROM guide WHERE {where}{ward} "
               f"ORDER BY ({score}) DESC, length(title) LIMIT {limit}")
        return [row[0] for row in self.db.execute(sql, params[:2 * len(terms)] + params[2 * len(terms):])]

    def fts(self, ward_id, q: str, limit: int = 10, operator: str = " ") -> list[str]:
        """FTS5 over the folded words (implicit AND, or `operator`), ranked by bm25 with the title weighted 10×."""
        terms = words(q)
        if not terms:
            return []
        match = operator.join('"' + w.replace('"', "") + '"' for w in terms)
        ward = "" if ward_id is None else f" AND g.ward_id = {int(ward_id)}"
        sql = (f"SELECT g.code FROM guide_fts JOIN guide g ON g.id = guide_fts.rowid "
               f"WHERE guide_fts MATCH ?{ward} ORDER BY bm25(guide_fts, 10.0, 1.0) LIMIT {limit}")
        return [row[0] for row in self.db.execute(sql, [match])]


def relevance(search, queries=QUERIES) -> tuple[float, float]:
    """Share of `queries` with the expected guide first and in the top three (ward 1)."""
    first = top3 = 0
    for q, code in queries:
        codes = search(1, q)
        first += codes[:1] == [code]
        top3 += code in codes[:3]
    return first / len(queries), top3 / len(queries)


def speed(search, queries: list[str], rounds: int) -> tuple[float, float, float]:
    """p50 and p95 wall milliseconds of `search` over the whole catalogue and in one ward, and p95 CPU ms.

    The CPU time of the process does not count the time other processes held the cores: on a shared,
    busy machine it is the figure that says what a query costs.
    """
    samples, cpu = [], []
    for _ in range(rounds):
        for n, q in enumerate(queries):
            started, started_cpu = time.perf_counter(), time.process_time()
            search(None if n % 2 else 2, q)
            samples.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
    return percentile(samples, 0.50), percentile(samples, 0.95), percentile(cpu, 0.95)


def main() -> None:
    """Build all three, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guides", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    docs = DOCS + synthetic_catalogue(args.guides)
    syllables = statistics.mean(len(words(d["summary"])) for d in docs)
    print(f"catalogue: {len(docs)} guides, {len(set(d['ward_id'] for d in docs))} wards, "
          f"~{syllables:.0f} syllables of summary per guide")

    with tempfile.TemporaryDirectory() as tmp:
        backend = WhooshBackend(Path(tmp) / "search-index")
        started = time.perf_counter()
        backend.rebuild(docs)
        whoosh_build = time.perf_counter() - started
        cold = first_search_in_new_process(backend.index_dir)
        backend.search(1, "khai sinh")  # open the searcher and read the vocabulary once

        sqlite = SqliteSearch(docs)
        queries = timing_queries()
        rows = [
            ("Whoosh (wardportal)", whoosh_build,
             lambda w, q: [r.code for r in backend.search(w, q, limit=10).results]),
            ("SQLite LIKE (folded)", sqlite.like_build, sqlite.like),
            ("SQLite FTS5 bm25 AND", sqlite.fts_build, sqlite.fts),
            # Any word may be missing: bm25 then ranks by how many (rare) words a guide has.
            ("SQLite FTS5 bm25 OR", sqlite.fts_build, lambda w, q: sqlite.fts(w, q, operator=" OR ")),
        ]
        print("relevance in ward 1 (first / top three):\n")
        print(f"{'query set':<28} {'n':>4}  " + "  ".join(f"{name:>22}" for name, _, _ in rows))
        for set_name, query_set in QUERY_SETS:
            cells = ["{:>10.0%} / {:>7.0%}".format(*relevance(search, query_set)) for _, _, search in rows]
            print(f"{set_name:<28} {len(query_set):>4}  " + "  ".join(f"{cell:>22}" for cell in cells))
        print(f"\nspeed: {len(queries)} timed queries × {args.rounds} rounds, whole catalogue and one ward\n")
        print(f"{'engine':<22} {'build s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p95 CPU ms':>11}")
        for name, build, search in rows:
            p50, p95, p95_cpu = speed(search, queries, args.rounds)
            print(f"{name:<22} {build:>8.2f} {p50:>8.2f} {p95:>8.2f} {p95_cpu:>11.2f}", flush=True)
        update, after = editing(backend, docs)
        print(f"\nWhoosh first search in a new process: {cold:.0f} ms (later queries' first use of a "
              "word reads its postings once: counted in the table)")
        print(f"Whoosh editing: upsert+commit p50 {update:.1f} ms; first search after it p50 {after:.1f} ms "
              "(new segment's postings read, vocabulary rebuilt)")
        backend.close()


def first_search_in_new_process(index_dir: Path) -> float:
    """Milliseconds of the first search of a freshly started process (index opened, nothing cached)."""
    code = ("import sys, time; from wardportal.search.engine import WhooshBackend; "
            "b = WhooshBackend(sys.argv[1]); t = time.perf_counter(); b.search(1, 'khai sinh'); "
            "print(1000 * (time.perf_counter() - t))")
    out = subprocess.run([sys.executable, "-c", code, str(index_dir)], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[1])
    return float(out.stdout)


def editing(backend, docs: list[dict], edits: int = 20) -> tuple[float, float]:
    """p50 milliseconds of one guide's upsert and of the first province-wide search that follows it."""
    updates, searches = [], []
    for n in range(edits):
        doc = docs[n * 37 % len(docs)]
        started = time.perf_counter()
        backend.upsert({**doc, "summary": f"{doc['summary']} sửa lần {n}"})
        updates.append(time.perf_counter() - started)
        started = time.perf_counter()
        backend.search(None, QUERIES[n % len(QUERIES)][0])
        searches.append(time.perf_counter() - started)
    return percentile(updates, 0.5), percentile(searches, 0.5)


if __name__ == "__main__":
    main()
