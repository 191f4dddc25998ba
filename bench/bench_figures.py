"""Figures pages over a ward with 100,000 dossiers (SQLite in a temp folder, Flask test client, warm).

Run: python3 bench/bench_figures.py [dossiers] [runs]
Target: the ward's figures page under 200 ms median. The dossiers spread over ~3 years (2024–2026), as a
busy ward's history would; the year view, the whole-history custom view, the CSV and the province page
are timed.
"""

import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, time as clock, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from wardportal.catalogue.models import Procedure, RequiredDocument
from wardportal.dossiers.models import Dossier
from wardportal import create_app  # noqa: E402
from wardportal.kernel.database import init_schema  # noqa: E402
from wardportal.kernel.times import VIETNAM_TZ  # noqa: E402
from wardportal.kernel.extensions import db  # noqa: E402
from wardportal.staff.models import Ward  # noqa: E402
from wardportal.dossiers.processing_time import working_days_used  # noqa: E402
from wardportal.kernel.working_days import load_calendar  # noqa: E402

FIRST_DAY = date(2024, 1, 2)
LAST_DAY = date(2026, 11, 27)


def summary(label: str, timings: tuple[list[float], list[float]]) -> str:
    """'label: median X ms, p95 Y ms, CPU median Z ms' line.

    The CPU time of this process (SQLite runs in it) is printed too: on a shared machine the wall time
    includes waiting for a core, the CPU time does not.
    """
    seconds, cpu = timings
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (f"{label:<46} median {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   "
            f"CPU median {statistics.median(cpu) * 1000:6.1f} ms")


def seed(count: int) -> Ward:
    """One ward, 20 procedures and ``count`` dossiers received on working days, with results and ratings."""
    calendar = load_calendar()
    ward = Ward(slug="phuong-bench", name="Phường Thử Tải", unit_code="H99.01")
    other = Ward(slug="xa-ben-canh", name="Xã Bên Cạnh", unit_code="H99.02")
    db.session.add_all([ward, other])
    procedures = []
    for n in range(20):
        procedure = Procedure(ward=ward, code=f"1.00{n:04d}", title=f"Thủ tục thử số {n}", field=f"Lĩnh vực {n % 5}",
                              field_slug=f"linh-vuc-{n % 5}", processing_days=1 + n % 10, online_level="full")
        procedure.documents = [RequiredDocument(position=0, name="Tờ khai")]
        procedures.append(procedure)
        db.session.add(procedure)
    db.session.commit()
    days = [FIRST_DAY + timedelta(days=i) for i in range((LAST_DAY - FIRST_DAY).days + 1)]
    days = [d for d in days if calendar.is_working_day(d)]
    rng = random.Random(11)
    rows = []
    for n in range(count):
        procedure = rng.choice(procedures)
        day = days[n * len(days) // count]
        received = datetime.combine(day, clock(8 + n % 8), VIETNAM_TZ).astimezone(timezone.utc)
        legal = procedure.processing_days
        used = legal + (rng.randint(1, 3) if rng.random() < 0.05 else -rng.randint(0, min(legal, 2)))
        ready_day = calendar.add_working_days(day, used)
        ready = datetime.combine(ready_day, clock(15), VIETNAM_TZ).astimezone(timezone.utc)
        done = ready_day < LAST_DAY
        status = 7 if n % 97 == 0 else (10 if done else 4)
        rows.append(dict(
            ward_id=ward.id if n % 10 else other.id, procedure_id=procedure.id, code=f"H99.01-{day:%y%m%d}-{n:06d}",
            tracking_token=f"t{n:020d}", status=status, channel="online" if n % 7 else "counter",
            procedure_snapshot={"code": procedure.code, "title": procedure.title, "processing_days": legal},
            applicant_name="Dữ liệu thử", applicant_id_number="000000000000", applicant_phone="0000000000",
            applicant_email="", applicant_address="", extra_fields={}, delivery_method="office",
            submitted_at=received, received_at=received, due_date=calendar.add_working_days(day, legal),
            result_ready_at=ready if done and status != 7 else None,
            processing_working_days=working_days_used(received, ready, [], calendar) if done and status != 7 else None,
            rating=rng.choice([5, 5, 5, 4, 4, 3, 2, 1]) if done and n % 3 == 0 else None, rating_comment=""))
        if len(rows) == 10000:
            db.session.execute(insert(Dossier.__table__), rows)
            db.session.commit()
            rows = []
    if rows:
        db.session.execute(insert(Dossier.__table__), rows)
        db.session.commit()
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()
    return ward


def timed(client, runs: int, url: str) -> tuple[list[float], list[float]]:
    """Warm the URL, then time ``runs`` requests (wall clock and this process's CPU time)."""
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    times, cpu = [], []
    for _ in range(runs):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append(time.perf_counter() - begin)
        cpu.append(time.process_time() - begin_cpu)
        assert response.status_code == 200
    return times, cpu


def main(count: int = 100_000, runs: int = 30) -> None:
    """Seed a temp database and time the figures pages."""
    folder = tempfile.mkdtemp(prefix="bench-figures-")
    try:
        os.environ["WARDPORTAL_INSTANCE_PATH"] = folder
        app = create_app({"PAGE_CACHE_ENABLED": False,  # measure the rendering, not the page cache
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/wardportal.db", "SECRET_KEY": "bench",
                          "RATELIMIT_ENABLED": False, "AUTO_INIT_DB": False, "SEED_DEMO_WHEN_EMPTY": False,
                          "TESTING": True})
        with app.app_context():
            init_schema()
            begin = time.perf_counter()
            slug = seed(count).slug
            print(f"seeded {count} dossiers in {time.perf_counter() - begin:.1f} s "
                  f"({count * 9 // 10} in the benchmarked ward)")
            db.session.remove()
        client = app.test_client()
        print(summary("ward figures, year 2025", timed(client, runs, f"/{slug}/so-lieu?ky=nam&nam=2025")))
        print(summary("ward figures, quarter", timed(client, runs, f"/{slug}/so-lieu?ky=quy&nam=2026&quy=2")))
        print(summary("ward figures, whole history (custom, ~3 years)",
                      timed(client, runs, f"/{slug}/so-lieu?ky=tuy-chon&tu=2024-01-01&den=2026-11-30")))
        print(summary("ward procedures CSV, year 2025", timed(client, runs, f"/{slug}/so-lieu/thu-tuc.csv?nam=2025")))
        print(summary("province figures + ranking, year 2025", timed(client, runs, "/so-lieu?ky=nam&nam=2025")))
        print(summary("API ward figures JSON, year 2025",
                      timed(client, runs, f"/api/v1/wards/{slug}/figures?ky=nam&nam=2025")))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
