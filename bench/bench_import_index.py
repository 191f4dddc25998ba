"""Benchmark importing and indexing a large catalogue: the procedure import format, then the search index.

Run: python3 bench/bench_import_index.py [--guides 10000] [--profile]

Writes `--guides` procedures (varied from tests/search/corpus.py, ~400-syllable summaries, as in
bench_search.py) to a JSON file in the import format, imports it into one ward of a fresh SQLite
database (`import_file`: parse, upsert in one transaction, revisions), and lets the search index catch
up through the change log as the portal does after an import. Prints the seconds of each part;
`--profile` prints the cProfile of the whole run, most expensive first.
"""

import argparse
import cProfile
import json
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_search import synthetic_catalogue  # noqa: E402
from wardportal import create_app  # noqa: E402
from wardportal.catalogue.procedure_import import import_file  # noqa: E402
from wardportal.kernel.database import init_schema  # noqa: E402
from wardportal.kernel.extensions import db  # noqa: E402
from wardportal.search.catalogue_index import sync_index  # noqa: E402


def import_payload(count: int) -> dict:
    """`count` guides in the documented import format."""
    records = []
    for doc in synthetic_catalogue(count):
        records.append({"code": doc["code"], "title": doc["title"], "field": doc["field"],
                        "processing_days": doc["processing_days"] or 0, "online_level": doc["online_level"],
                        "summary": doc["summary"], "applicants": doc["applicants"], "steps": doc["steps"],
                        "documents": [{"name": name} for name in doc["documents"]]})
    return {"procedures": records}


def run(count: int, folder: str) -> dict[str, tuple[float, float]]:
    """Import and index `count` guides in a fresh instance under `folder`; (wall, CPU) seconds of each part.

    The CPU time of this process leaves out the time other processes held the cores: on a shared, busy
    machine it is the figure to compare."""
    os.environ["WARDPORTAL_INSTANCE_PATH"] = folder
    app = create_app({"PAGE_CACHE_ENABLED": False, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/wardportal.db",
                      "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False, "AUTO_INIT_DB": False,
                      "SEED_DEMO_WHEN_EMPTY": False, "TESTING": True})
    path = Path(folder) / "procedures.json"
    path.write_text(json.dumps(import_payload(count), ensure_ascii=False), encoding="utf-8")
    timings = {}
    with app.app_context():
        init_schema()
        app.extensions["search"].search(1, "khai sinh")  # the empty index exists before the import
        started, started_cpu = time.perf_counter(), time.process_time()
        created, _updated = import_file(path, "phuong-bench", "Phường Thử Tải")  # indexes through the change log
        timings["import"] = (time.perf_counter() - started, time.process_time() - started_cpu)
        while sync_index():  # a server far behind catches up in batches, search after search
            pass
        timings["import + index"] = (time.perf_counter() - started, time.process_time() - started_cpu)
        assert created == count, created
        assert app.extensions["search"].document_count() == count
        started, started_cpu = time.perf_counter(), time.process_time()
        app.extensions["search"].rebuild(app.extensions["search"].docs_loader())
        timings["index rebuild alone"] = (time.perf_counter() - started, time.process_time() - started_cpu)
        db.session.remove()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guides", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-import-")
    try:
        profile = cProfile.Profile() if args.profile else None
        if profile:
            profile.enable()
        timings = run(args.guides, folder)
        if profile:
            profile.disable()
            profile.dump_stats(str(Path(tempfile.gettempdir()) / "bench_import_index.prof"))
            pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
        for name, (wall, cpu) in timings.items():
            print(f"{args.guides} guides, {name}: {wall:.1f} s wall, {cpu:.1f} s CPU")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
