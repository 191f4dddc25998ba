"""Staff queue and tracking lookup over 100,000 dossiers (SQLite in a temp folder, Flask test client, warm).

Run: python3 bench/bench_workflow.py [dossiers] [runs]
Targets: staff queue first page under 100 ms median; tracking lookup under 20 ms median.
"""

import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select  # noqa: E402

from wardportal.catalogue.models import Procedure, RequiredDocument
from wardportal.dossiers.models import Dossier, DossierEvent
from wardportal.staff import accounts
from wardportal import create_app  # noqa: E402
from wardportal.kernel.database import init_schema  # noqa: E402
from wardportal.kernel.extensions import db  # noqa: E402
from wardportal.staff.models import Ward  # noqa: E402

PASSWORD = "cay-lua-xanh-mua-thu"
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Hữu", "Ngọc", "Quang", "Thanh"]
GIVEN = ["An", "Bình", "Cúc", "Dũng", "Hoa", "Lan", "Mai", "Nam", "Phong", "Quân", "Tâm", "Tuấn", "Yến"]


def summary(label: str, seconds: list[float]) -> str:
    """'label: median X ms, p95 Y ms' line."""
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{label:<44} median {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"


def seed(count: int) -> tuple[Ward, list[tuple[str, str, str]]]:
    """One ward, 20 procedures, 3 officers and `count` dossiers in every status; returns lookup samples."""
    ward = Ward(slug="phuong-bench", name="Phường Thử Tải", unit_code="H99.01", hotline="0218 3852 000")
    db.session.add(ward)
    procedures = []
    for n in range(20):
        procedure = Procedure(ward=ward, code=f"1.00{n:04d}", title=f"Thủ tục thử số {n}", field=f"Lĩnh vực {n % 5}",
                              field_slug=f"linh-vuc-{n % 5}", processing_days=3 + n % 10, online_level="full")
        procedure.documents = [RequiredDocument(position=0, name="Tờ khai"), RequiredDocument(position=1, name="CCCD")]
        procedures.append(procedure)
        db.session.add(procedure)
    officers = [accounts.create_staff(f"canbo{n}@example.vn", f"Cán Bộ {n}", PASSWORD, ward=ward, roles=("officer",))
                for n in range(3)]
    db.session.commit()
    rng = random.Random(7)
    start = datetime(2025, 1, 2, 1, 0, tzinfo=timezone.utc)
    samples, rows, events = [], [], []
    for n in range(count):
        procedure = procedures[n % 20]
        submitted = start + timedelta(minutes=7 * n)
        status = rng.choice([1, 2, 3, 4, 4, 4, 5, 6, 7, 8, 9, 10, 10, 10, 10])
        received = submitted + timedelta(hours=2) if status not in (1, 3) else None
        phone = f"09{rng.randrange(10**8):08d}"
        token = secrets.token_urlsafe(24)
        code = f"H99.01-{submitted:%y%m%d}-{n:06d}"
        rows.append(dict(
            id=n + 1, ward_id=ward.id, procedure_id=procedure.id, code=code, tracking_token=token, status=status,
            channel="online" if n % 3 else "counter",
            procedure_snapshot={"code": procedure.code, "title": procedure.title, "field": procedure.field,
                                "processing_days": procedure.processing_days, "documents": [{"name": "Tờ khai"}]},
            applicant_name=f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            applicant_id_number=f"{rng.randrange(10**12):012d}", applicant_phone=phone,
            applicant_email="", applicant_address="Tổ 1", extra_fields={}, delivery_method="online",
            submitted_at=submitted, received_at=received,
            due_date=(received.date() + timedelta(days=procedure.processing_days + 2)) if received else None,
            assigned_officer_id=officers[n % 3].id if status in (4, 5, 6, 9) else None, rating_comment=""))
        events.append(dict(dossier_id=n + 1, action="submit", status=1, at=submitted, public_note="",
                           internal_note="", details={}))
        if received:
            events.append(dict(dossier_id=n + 1, action="receive", status=2, at=received, public_note="",
                               internal_note="", details={}))
        if n % (count // 20 or 1) == 0:
            samples.append((code, token, phone[-4:]))
        if len(rows) == 5000:
            db.session.execute(insert(Dossier.__table__), rows)
            db.session.execute(insert(DossierEvent.__table__), events)
            db.session.commit()
            rows, events = [], []
    if rows:
        db.session.execute(insert(Dossier.__table__), rows)
        db.session.execute(insert(DossierEvent.__table__), events)
        db.session.commit()
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()
    return ward, samples


def timed(client, runs: int, method: str, url: str, expect: int, **kwargs) -> list[float]:
    """Warm the URL, then time `runs` requests."""
    for _ in range(3):
        response = client.open(url, method=method, **kwargs)
        assert response.status_code == expect, (url, response.status_code)
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        response = client.open(url, method=method, **kwargs)
        times.append(time.perf_counter() - begin)
        assert response.status_code == expect
    return times


def main(count: int = 100_000, runs: int = 30) -> None:
    folder = tempfile.mkdtemp(prefix="bench-workflow-")
    try:
        run(folder, count, runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(folder: str, count: int, runs: int) -> None:
    """Seed the temp database, sign an officer in, and time the pages."""
    os.environ["WARDPORTAL_INSTANCE_PATH"] = folder
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/wardportal.db", "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "AUTO_INIT_DB": False,
                      "SEED_DEMO_WHEN_EMPTY": False, "TESTING": True, "MAIL_SUPPRESS_SEND": True})
    with app.app_context():
        init_schema()
        begin = time.perf_counter()
        ward, samples = seed(count)
        print(f"seeded {count} dossiers in {time.perf_counter() - begin:.1f} s")
        slug = ward.slug
        db.session.remove()
    client = app.test_client()
    response = client.post("/can-bo/dang-nhap", data={"email": "canbo0@example.vn", "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    base = f"/{slug}/can-bo/ho-so/"
    print(summary("queue, first page (newest first)", timed(client, runs, "GET", base, 200)))
    print(summary("queue, status 4 by due date", timed(client, runs, "GET", base + "?status=4&sort=han", 200)))
    print(summary("queue, htmx results block", timed(client, runs, "GET", base + "?status=2", 200,
                                                     headers={"HX-Request": "true", "HX-Target": "queue-results"})))
    print(summary("queue, search by name", timed(client, runs, "GET", base + "?q=Phạm Thu Lan", 200)))
    print(summary("queue, search by code", timed(client, runs, "GET", base + "?q=" + samples[5][0], 200)))
    print(summary("queue, page 2000", timed(client, runs, "GET", base + "?trang=2000", 200)))
    print(summary("assigned to me", timed(client, runs, "GET", base + "cua-toi", 200)))
    with app.app_context():
        dossier_id = db.session.scalar(select(Dossier.id).where(Dossier.code == samples[3][0]))
    print(summary("dossier page", timed(client, runs, "GET", f"{base}{dossier_id}", 200)))

    citizen = app.test_client()
    lookups, full_pages = [], []
    for code, token, suffix in samples:
        lookups += timed(citizen, max(3, runs // len(samples)), "POST", f"/{slug}/tra-cuu", 200, data={"code": code})
        citizen.post(f"/{slug}/tra-cuu", data={"code": code, "phone_suffix": suffix})
        full_pages += timed(citizen, max(3, runs // len(samples)), "GET", f"/{slug}/ho-so/{token}", 200)
    print(summary("tracking lookup by code (status only)", lookups))
    print(summary("tracking page after phone check", full_pages))
    code, token, suffix = samples[-1]
    print(summary("tracking lookup, code + phone (redirect)",
                  timed(citizen, runs, "POST", f"/{slug}/tra-cuu", 302, data={"code": code, "phone_suffix": suffix})))


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
