"""Issue 24, item 6: the phone check's budget is per day (a served lock does not refill it), and the applicant
locked out by someone else's guesses lifts the lock with a one-time code sent through the outbox."""

import logging
import re
from datetime import datetime, timedelta, timezone

import pytest

from wardportal.dossiers import workflow
from wardportal.dossiers.models import Dossier, PhoneUnlockCode
from wardportal.kernel.extensions import db
from wardportal.notifications.models import OutboxMessage
from wardportal.staff.models import AuditEntry
from wardportal.track import unlock_codes
from wardportal.track.phone_check import Outcome, PhoneCheckRules, check_phone

from .postgres_support import postgres_app  # noqa: F401  (fixture)
from .staff_factories import make_staff
from .workflow_factories import client, make_dossier  # noqa: F401  (client fixture)

WARD = "phuong-mot"
NAME = "Trần Văn Bình"  # the applicant's name: personal data shown only after the check
RIGHT = "5678"  # the last digits of workflow_factories.PHONE


@pytest.fixture
def dossier(make):
    return _received_dossier(make.ward(slug=WARD))


def _received_dossier(ward):
    dossier = make_dossier(ward)
    workflow.receive(dossier, make_staff(ward, "officer"), now=datetime(2026, 11, 23, 2, tzinfo=timezone.utc))
    return dossier


def _fresh(dossier_id) -> Dossier:
    db.session.expire_all()
    return db.session.get(Dossier, dossier_id)


def _lock(app, dossier, guesses=5):
    """An attacker's burst of wrong digits from a browser of their own; returns the last response."""
    attacker = app.test_client()
    qr = f"/{WARD}/ho-so/{dossier.tracking_token}"
    response = None
    for n in range(guesses):
        db.session.commit()
        response = attacker.post(qr, data={"phone_suffix": f"{n:04d}"})
    return response


def _age(dossier_id, by: timedelta):
    """Move the dossier's phone-check moments into the past, as if `by` had gone by."""
    dossier = _fresh(dossier_id)
    for column in ("phone_failures_since", "phone_locked_until"):
        if getattr(dossier, column) is not None:
            setattr(dossier, column, getattr(dossier, column) - by)
    for row in db.session.scalars(db.select(PhoneUnlockCode).where(PhoneUnlockCode.dossier_id == dossier_id)):
        row.created_at, row.expires_at = row.created_at - by, row.expires_at - by
    db.session.commit()


def _sent_codes(dossier_id) -> list[str]:
    """The unlock codes in the outbox for this dossier (what the applicant's phone and mailbox receive)."""
    db.session.expire_all()
    rows = db.session.scalars(db.select(OutboxMessage).where(
        OutboxMessage.dossier_id == dossier_id, OutboxMessage.event == "phone_unlock_code")
        .order_by(OutboxMessage.id)).all()
    return [re.search(r": (\d{6}) ", row.body).group(1) for row in rows]


def test_five_wrong_guesses_lock_and_a_served_hour_gives_no_fresh_budget_within_the_day(client, app, dossier):
    """The old rule let a new burst of 5 in after each 60-minute lock (~120 guesses a day). Now the day's
    count stands: an hour, or five, after the lock the dossier is still locked, even for the right digits."""
    qr = f"/{WARD}/ho-so/{dossier.tracking_token}"
    locking = _lock(app, dossier)
    assert locking.status_code == 200 and "tạm khóa" in locking.get_data(as_text=True)
    assert client.post(qr, data={"phone_suffix": RIGHT}).status_code == 429
    for hours, step in ((1, 1), (5, 4), (23, 18)):  # an hour, five, 23 after the lock
        _age(dossier.id, timedelta(hours=step))
        attempt = app.test_client().post(qr, data={"phone_suffix": "9999"})
        assert attempt.status_code == 429, f"a fresh budget {hours} h after the lock"
        assert NAME not in attempt.get_data(as_text=True)
    assert _fresh(dossier.id).phone_failures == 5  # nothing more was even compared
    _age(dossier.id, timedelta(hours=1, minutes=1))  # the day's window is over: a new one starts
    assert client.post(qr, data={"phone_suffix": RIGHT}).status_code == 302
    assert NAME in client.get(qr).get_data(as_text=True)


def test_guesses_per_dossier_per_window_are_bounded_at_the_domain_level(app, dossier):
    """Every minute for a whole day, a guess: at most max_failures are ever compared in the window."""
    rules = PhoneCheckRules(max_failures=5, window=timedelta(hours=24))
    t0 = datetime(2026, 12, 1, 0, tzinfo=timezone.utc)
    outcomes = [check_phone(dossier, f"{n % 10000:04d}" if f"{n % 10000:04d}" != RIGHT else "0000", rules=rules,
                            now=t0 + timedelta(minutes=n)).outcome for n in range(24 * 60)]
    assert outcomes.count(Outcome.WRONG) == 5
    assert outcomes.count(Outcome.LOCKED) == 24 * 60 - 5


def test_the_applicant_gets_a_code_in_the_outbox_enters_it_and_sees_the_details(client, app, dossier, caplog):
    _lock(app, dossier)
    qr = f"/{WARD}/ho-so/{dossier.tracking_token}"
    locked = client.post(qr, data={"phone_suffix": RIGHT})
    page = locked.get_data(as_text=True)
    assert locked.status_code == 429 and "Gửi mã mở khóa" in page and "Mở khóa và xem hồ sơ" in page
    sent = client.post(f"/{WARD}/tra-cuu/mo-khoa/gui-ma", data={"dossier_code": dossier.code})
    assert sent.status_code == 200 and "Đã gửi mã mở khóa" in sent.get_data(as_text=True)
    # one e-mail and one SMS, to the contacts on the dossier, queued in the outbox
    rows = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.event == "phone_unlock_code")).all()
    assert sorted((r.channel, r.recipient) for r in rows) == [("email", "binh@example.vn"), ("sms", "0912 345 678")]
    [code] = set(_sent_codes(dossier.id))
    # stored hashed: the code is in no column of its row
    stored = db.session.scalar(db.select(PhoneUnlockCode))
    assert len(stored.code_hash) == 64 and code not in stored.code_hash
    # a wrong code is refused, clearly, and keeps what was typed
    wrong = client.post(f"/{WARD}/tra-cuu/mo-khoa", data={"dossier_code": dossier.code,
                                                         "unlock_code": f"{(int(code) + 1) % 10 ** 6:06d}"})
    assert wrong.status_code == 200 and "Mã mở khóa không đúng" in wrong.get_data(as_text=True)
    assert dossier.code in wrong.get_data(as_text=True)
    opened = client.post(f"/{WARD}/tra-cuu/mo-khoa", data={"dossier_code": dossier.code, "unlock_code": code})
    assert opened.status_code == 302 and opened.headers["Location"].endswith(qr)
    details = client.get(qr)
    assert details.status_code == 200 and NAME in details.get_data(as_text=True)
    assert "no-store" in details.headers["Cache-Control"]
    assert _fresh(dossier.id).phone_locked_until is None
    # the lock is lifted for the applicant on any browser: the right digits open it again
    other = app.test_client()
    assert other.post(qr, data={"phone_suffix": RIGHT}).status_code == 302
    # reused: refused
    reuse = app.test_client().post(f"/{WARD}/tra-cuu/mo-khoa", data={"dossier_code": dossier.code,
                                                                     "unlock_code": code})
    assert reuse.status_code == 200 and "Mã mở khóa không đúng" in reuse.get_data(as_text=True)
    # the worker's log: event, dossier code and masked recipients, never the code or the contacts
    from wardportal.notifications.outbox import deliver_pending
    with caplog.at_level(logging.INFO, logger="wardportal"):
        deliver_pending(app.config)
    logged = [r.getMessage() for r in caplog.records if r.name == "wardportal.notifications"]
    assert any(m.startswith("sms event=phone_unlock_code") for m in logged)
    assert code not in caplog.text and "binh@example.vn" not in caplog.text and "345 678" not in caplog.text
    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"track.phone_unlock_code_sent", "track.phone_lock_lifted"} <= actions


def test_lifting_the_lock_refills_no_budget_the_next_wrong_guess_locks_again(client, app, dossier):
    _lock(app, dossier)
    client.post(f"/{WARD}/tra-cuu/mo-khoa/gui-ma", data={"dossier_code": dossier.code})
    [code] = set(_sent_codes(dossier.id))
    assert client.post(f"/{WARD}/tra-cuu/mo-khoa", data={"dossier_code": dossier.code,
                                                        "unlock_code": code}).status_code == 302
    attacker = app.test_client()
    relock = attacker.post(f"/{WARD}/tra-cuu", data={"code": dossier.code, "phone_suffix": "4321"})
    assert relock.status_code == 200 and "tạm khóa" in relock.get_data(as_text=True)
    assert attacker.post(f"/{WARD}/tra-cuu", data={"code": dossier.code, "phone_suffix": "4322"}).status_code == 429
    assert _fresh(dossier.id).phone_failures == 6
    # the applicant's own browser keeps the details it opened with the code
    assert NAME in client.get(f"/{WARD}/ho-so/{dossier.tracking_token}").get_data(as_text=True)


def test_an_expired_code_a_code_out_of_attempts_and_an_older_code_are_refused(app, dossier):
    rules = unlock_codes.UnlockRules(valid_for=timedelta(minutes=15), max_attempts=3, max_codes=5)
    secret = b"k"
    t0 = datetime.now(timezone.utc)
    check_phone(dossier, "0000", rules=PhoneCheckRules(max_failures=1), now=t0)

    def send(at):
        assert unlock_codes.send_code(dossier, secret=secret, rules=rules, now=at) is unlock_codes.SendOutcome.SENT
        return _sent_codes(dossier.id)[-1]

    def enter(code, at):
        return unlock_codes.enter_code(dossier, code, secret=secret, rules=rules, now=at)

    expired = send(t0)
    assert enter(expired, t0 + timedelta(minutes=15)) is unlock_codes.EnterOutcome.WRONG
    worn = send(t0 + timedelta(minutes=16))
    for _ in range(3):
        assert enter("000000" if worn != "000000" else "111111", t0 + timedelta(minutes=17)) \
            is unlock_codes.EnterOutcome.WRONG
    assert enter(worn, t0 + timedelta(minutes=17)) is unlock_codes.EnterOutcome.WRONG  # attempts used up
    older = send(t0 + timedelta(minutes=18))
    newest = send(t0 + timedelta(minutes=19))
    if older != newest:
        assert enter(older, t0 + timedelta(minutes=20)) is unlock_codes.EnterOutcome.WRONG
    assert _fresh(dossier.id).phone_locked_until is not None
    assert enter(newest, t0 + timedelta(minutes=20)) is unlock_codes.EnterOutcome.OPENED
    assert _fresh(dossier.id).phone_locked_until is None


def test_codes_are_sent_only_for_a_locked_dossier_and_a_few_per_day(client, app, dossier):
    """Nobody can use the unlock form to flood the applicant: only a locked dossier gets codes, at most
    TRACK_UNLOCK_MAX_CODES (3) a window."""
    url = f"/{WARD}/tra-cuu/mo-khoa/gui-ma"
    not_locked = client.post(url, data={"dossier_code": dossier.code})
    assert "không bị khóa" in not_locked.get_data(as_text=True) and _sent_codes(dossier.id) == []
    _lock(app, dossier)
    for _ in range(3):
        assert "Đã gửi mã" in client.post(url, data={"dossier_code": dossier.code}).get_data(as_text=True)
    too_many = client.post(url, data={"dossier_code": dossier.code})
    assert "Đã gửi đủ số mã" in too_many.get_data(as_text=True)
    assert len(_sent_codes(dossier.id)) == 3 * 2  # three codes, each by e-mail and SMS
    unknown = client.post(url, data={"dossier_code": "H29.99-000000-0000"})
    assert unknown.status_code == 200 and "Không tìm thấy hồ sơ" in unknown.get_data(as_text=True)


def test_the_unlock_page_asks_for_the_dossier_code_when_opened_directly(client, dossier):
    page = client.get(f"/{WARD}/tra-cuu/mo-khoa?ma={dossier.code}")
    assert page.status_code == 200 and dossier.code in page.get_data(as_text=True)
    missing = client.post(f"/{WARD}/tra-cuu/mo-khoa", data={"dossier_code": dossier.code, "unlock_code": "12a"})
    assert missing.status_code == 200 and "6 chữ số" in missing.get_data(as_text=True)


def test_the_unlock_flow_on_postgresql(postgres_app):
    """The same flow on the multi-server engine (row locks, aware timestamps)."""
    from .factories import Factories
    from .workflow_factories import ReleasingClient

    with postgres_app.app_context():
        dossier = _received_dossier(Factories().ward(slug=WARD))
        dossier_id, token, code_of_dossier = dossier.id, dossier.tracking_token, dossier.code
        postgres_app.test_client_class = ReleasingClient
        _lock(postgres_app, dossier)
        applicant = postgres_app.test_client()
        qr = f"/{WARD}/ho-so/{token}"
        assert applicant.post(qr, data={"phone_suffix": RIGHT}).status_code == 429
        _age(dossier_id, timedelta(hours=2))
        assert applicant.post(qr, data={"phone_suffix": RIGHT}).status_code == 429  # no fresh budget
        applicant.post(f"/{WARD}/tra-cuu/mo-khoa/gui-ma", data={"dossier_code": code_of_dossier})
        [code] = set(_sent_codes(dossier_id))
        refused = applicant.post(f"/{WARD}/tra-cuu/mo-khoa", data={"dossier_code": code_of_dossier,
                                                                   "unlock_code": "000000" if code != "000000"
                                                                   else "111111"})
        assert "Mã mở khóa không đúng" in refused.get_data(as_text=True)
        opened = applicant.post(f"/{WARD}/tra-cuu/mo-khoa", data={"dossier_code": code_of_dossier,
                                                                  "unlock_code": code})
        assert opened.status_code == 302
        assert NAME in applicant.get(qr).get_data(as_text=True)
        again = postgres_app.test_client().post(f"/{WARD}/tra-cuu/mo-khoa", data={
            "dossier_code": code_of_dossier, "unlock_code": code})
        assert "Mã mở khóa không đúng" in again.get_data(as_text=True)
        assert _fresh(dossier_id).phone_locked_until is None
        db.session.remove()


def test_a_retired_lock_setting_is_named_in_one_line_at_start(instance_path, caplog):
    """An install that still sets the old fixed lock length is told what replaced it, not silently ignored."""
    from .conftest import make_app

    with caplog.at_level("WARNING", logger="wardportal"):
        make_app(instance_path, TRACK_PHONE_LOCK_MINUTES=60)
    lines = [r.getMessage() for r in caplog.records if "TRACK_PHONE_LOCK_MINUTES" in r.getMessage()]
    assert len(lines) == 1 and "TRACK_PHONE_WINDOW_MINUTES" in lines[0]
