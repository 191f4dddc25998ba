"""Issue 10, item 5: guessing the phone digits is counted per dossier in the database, across both routes
and every worker, locks the detail view, tells the applicant and leaves an audit entry without personal data."""

import logging
from datetime import datetime, timedelta, timezone

import pytest

from wardportal.dossiers import workflow
from wardportal.dossiers.models import Dossier
from wardportal.kernel.extensions import db
from wardportal.staff.models import AuditEntry
from wardportal.track.phone_check import Outcome, PhoneCheckRules, check_phone

from .conftest import make_app
from .postgres_support import postgres_app  # noqa: F401  (fixture)
from .staff_factories import login, make_staff
from .workflow_factories import client, make_dossier  # noqa: F401  (client fixture)


@pytest.fixture
def app_settings():
    return {"TRACK_PHONE_MAX_FAILURES": 3}


@pytest.fixture
def dossier(make):
    ward = make.ward(slug="phuong-mot")
    dossier = make_dossier(ward)
    workflow.receive(dossier, make_staff(ward, "officer"), now=datetime(2026, 11, 23, 2, tzinfo=timezone.utc))
    return dossier


def _failures(dossier_id):
    db.session.expire_all()
    return db.session.get(Dossier, dossier_id)


def test_guesses_split_between_the_form_and_the_qr_page_and_two_workers_share_one_count(
        client, app, dossier, instance_path, caplog):
    """The attack: spread guesses over both routes and over a second worker process (another app on the
    same database), hoping each keeps its own count; then try the right digits."""
    other_worker = make_app(instance_path, TRACK_PHONE_MAX_FAILURES=3)
    other_worker.test_client_class = type(client)
    other = other_worker.test_client()
    qr = f"/phuong-mot/ho-so/{dossier.tracking_token}"
    assert client.post("/phuong-mot/tra-cuu", data={"code": dossier.code, "phone_suffix": "0001"}).status_code == 200
    with other_worker.app_context():
        assert other.post(qr, data={"phone_suffix": "0002"}).status_code == 200
        db.session.remove()
    with caplog.at_level(logging.INFO, logger="wardportal"):
        third = client.post(qr, data={"phone_suffix": "0003"})
    assert third.status_code == 200 and "tạm khóa" in third.get_data(as_text=True)
    # locked: even the right digits open nothing, on either route, from a fresh browser
    for url, data in ((qr, {"phone_suffix": "5678"}),
                      ("/phuong-mot/tra-cuu", {"code": dossier.code, "phone_suffix": "5678"})):
        fresh = app.test_client()
        response = fresh.post(url, data=data)
        assert response.status_code == 429
        assert "Trần Văn Bình" not in response.get_data(as_text=True)
        assert fresh.get(qr).status_code == 200 and "Trần Văn Bình" not in fresh.get(qr).get_data(as_text=True)
    # the applicant was told by e-mail and SMS; the log holds the code and masked recipients only
    from wardportal.notifications.outbox import deliver_pending
    with caplog.at_level(logging.INFO, logger="wardportal"):
        deliver_pending(app.config)  # the worker sends what the lock queued in the outbox
    sent = [r.getMessage() for r in caplog.records if r.name == "wardportal.notifications"]
    assert any(m.startswith("email event=phone_check_locked") for m in sent)
    assert any(m.startswith("sms event=phone_check_locked") for m in sent)
    assert "binh@example.vn" not in caplog.text and "0912" not in caplog.text and "Bình" not in caplog.text
    # staff see it in the ward's audit log: the code and the count, never a digit tried or a name
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "track.phone_check_locked"))
    assert entry is not None and entry.target == dossier.code and entry.ward_id == dossier.ward_id
    assert "000" not in str(entry.details) and "5678" not in str(entry.details)


def test_the_lock_lasts_until_the_window_ends_and_a_right_answer_clears_the_count(app, dossier):
    """Domain level, with explicit times: the lock holds until the window (from the first wrong answer) ends."""
    rules = PhoneCheckRules(max_failures=2, window=timedelta(minutes=30))
    t0 = datetime(2026, 12, 1, 3, tzinfo=timezone.utc)
    assert check_phone(dossier, "0000", rules=rules, now=t0).outcome is Outcome.WRONG
    locking = check_phone(dossier, "1111", rules=rules, now=t0 + timedelta(minutes=1))
    assert locking.just_locked and locking.locked_until == t0 + timedelta(minutes=30)
    assert check_phone(dossier, "5678", rules=rules, now=t0 + timedelta(minutes=29)).outcome is Outcome.LOCKED
    assert check_phone(dossier, "5678", rules=rules, now=t0 + timedelta(minutes=30)).outcome is Outcome.MATCH
    assert _failures(dossier.id).phone_failures == 0


def test_non_ascii_digits_in_the_phone_check_are_understood_not_a_500(client, dossier):
    """Item 7 on the tracking routes: Arabic-Indic and full-width digits were a 500 (compare_digest)."""
    qr = f"/phuong-mot/ho-so/{dossier.tracking_token}"
    assert client.post(qr, data={"phone_suffix": "٥٦٧٨"}).status_code == 302
    other = client.application.test_client()
    response = other.post("/phuong-mot/tra-cuu", data={"code": dossier.code, "phone_suffix": "５６７８"})
    assert response.status_code == 302
    wrong = client.application.test_client().post(qr, data={"phone_suffix": "٠٠٠١"})
    assert wrong.status_code == 200 and "không khớp" in wrong.get_data(as_text=True)


def test_nul_bytes_and_bidi_controls_in_the_tracking_form_are_refused_clearly(client, dossier):
    """NUL and U+202E in the code or the digits: a clear 200 with an error, nothing counted."""
    for data in ({"code": dossier.code + "\x00", "phone_suffix": "5678"},
                 {"code": dossier.code, "phone_suffix": "56\u202e78"}):
        response = client.post("/phuong-mot/tra-cuu", data=data)
        assert response.status_code == 200
        assert "ký tự không được phép" in response.get_data(as_text=True)
    assert _failures(dossier.id).phone_failures == 0


def test_concurrent_guesses_on_postgresql_all_count_and_lock_once(postgres_app):
    """The attack on a multi-server install: eight servers' worth of wrong guesses at the same moment.
    Every one counts (the row is locked for the update); exactly one locks the dossier and tells staff."""
    from .test_apply_postgres import _run_threads

    with postgres_app.app_context():
        from .factories import Factories
        ward = Factories().ward(slug="phuong-mot")
        dossier_id = make_dossier(ward).id
        db.session.remove()
    rules = PhoneCheckRules(max_failures=5)
    now = datetime.now(timezone.utc)
    outcomes = []

    def guess(index):
        dossier = db.session.get(Dossier, dossier_id)
        outcomes.append(check_phone(dossier, f"{index:04d}", rules=rules, now=now))

    assert _run_threads(postgres_app, 8, guess) == []
    assert sum(r.just_locked for r in outcomes) == 1
    assert sum(r.outcome is Outcome.LOCKED for r in outcomes) == 3
    with postgres_app.app_context():
        assert db.session.get(Dossier, dossier_id).phone_failures == 5
        assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == 1
        db.session.remove()


def test_the_lock_shows_in_the_wards_audit_log_for_its_admin(client, app, dossier):
    qr = f"/phuong-mot/ho-so/{dossier.tracking_token}"
    for suffix in ("0001", "0002", "0003"):
        client.post(qr, data={"phone_suffix": suffix})
    admin = make_staff(dossier.ward, "admin", email="admin@example.vn")
    staff = app.test_client()
    login(staff, admin.email)
    page = staff.get("/phuong-mot/can-bo/nhat-ky").get_data(as_text=True)
    assert "track.phone_check_locked" in page and dossier.code in page and "Trần Văn Bình" not in page
