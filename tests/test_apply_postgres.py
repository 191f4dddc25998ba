"""Dossier codes and idempotent submission on PostgreSQL, under concurrency (skipped without a server)."""

import io
import threading
from datetime import datetime, timezone

from wardportal.catalogue.models import Procedure, RequiredDocument
from wardportal.dossiers import codes as dossier_codes, submissions
from wardportal.dossiers.models import Dossier
from wardportal.kernel.extensions import db
from wardportal.staff.models import Ward

from .apply_support import APPLICANT, fill_draft, pdf_bytes, start_draft, stored_files
from .postgres_support import postgres_app  # noqa: F401  (fixture)


def _run_threads(app, count: int, work) -> list:
    """Run `work(index)` in `count` threads, each with its own app context; return the errors."""
    errors = []

    def run(index):
        try:
            with app.app_context():
                work(index)
                db.session.remove()
        except Exception as exc:  # noqa: BLE001 — reported by the caller's assertion
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def _ward_and_procedure(app):
    """One ward with one online procedure; returns their ids."""
    with app.app_context():
        ward = Ward(slug="phuong-pg", name="Phường PG", unit_code="H01.01")
        procedure = Procedure(ward=ward, code="1.0001", title="Đăng ký khai sinh", field="Hộ tịch",
                              field_slug="ho-tich", processing_days=3, online_level="full",
                              documents=[RequiredDocument(position=0, name="Tờ khai")])
        db.session.add_all([ward, procedure])
        db.session.commit()
        ids = ward.id, procedure.id
        db.session.remove()
    return ids


def test_codes_unique_under_concurrency_on_postgresql(postgres_app):
    """Eight threads take 160 numbers of one day through the upsert: 1..160, no repeats, no errors."""
    ward_id, _ = _ward_and_procedure(postgres_app)
    moment = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
    codes, lock = [], threading.Lock()

    def work(_index):
        ward = db.session.get(Ward, ward_id)
        for _ in range(20):
            code = dossier_codes.allocate_code(db.session, ward, moment)
            db.session.commit()
            with lock:
                codes.append(code)

    assert _run_threads(postgres_app, 8, work) == []
    assert sorted(codes) == [f"H01.01-261123-{n:04d}" for n in range(1, 161)]


def test_same_counter_form_sent_concurrently_makes_one_dossier_on_postgresql(postgres_app, instance_path):
    """Six simultaneous registrations with one submission key: one dossier, one file, every caller gets it."""
    ward_id, procedure_id = _ward_and_procedure(postgres_app)
    results, lock = [], threading.Lock()

    def work(_index):
        ward, procedure = db.session.get(Ward, ward_id), db.session.get(Procedure, procedure_id)
        dossier = submissions.register_counter_dossier(
            ward, procedure, dict(APPLICANT), [(0, io.BytesIO(pdf_bytes()), "to-khai.pdf")],
            submission_key="desk-form-42")
        with lock:
            results.append(dossier.id)

    assert _run_threads(postgres_app, 6, work) == []
    with postgres_app.app_context():
        assert db.session.scalar(db.select(db.func.count(Dossier.id))) == 1
        assert set(results) == {db.session.scalar(db.select(Dossier.id))}
        db.session.remove()
    assert len(stored_files(instance_path)) == 1  # the losers' files went with their rolled-back transactions


def test_online_submission_on_postgresql(postgres_app):
    """The whole no-JS application on PostgreSQL: one dossier with its files and signed receipt, replay-safe."""
    _ward_and_procedure(postgres_app)
    client = postgres_app.test_client()
    with postgres_app.app_context():
        ward, procedure = db.session.scalar(db.select(Ward)), db.session.scalar(db.select(Procedure))
        token = start_draft(client, ward, procedure)
        base = fill_draft(client, ward, token, documents=1)
        first, second = client.post(f"{base}/nop"), client.post(f"{base}/nop")
        assert first.status_code == second.status_code == 302
        assert first.headers["Location"] == second.headers["Location"]
        dossier = db.session.scalar(db.select(Dossier))
        assert dossier.code == f"H01.01-{dossier_codes.local_day(dossier.submitted_at):%y%m%d}-0001"
        assert sorted(f.kind for f in dossier.files) == ["attachment", "attachment", "receipt"]
        db.session.remove()
