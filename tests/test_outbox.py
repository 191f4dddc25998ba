"""The outbox on SQLite: claim before sending, a lease that recovers a crash, idempotency keys, dead messages
listed for staff and by ``flask outbox``, and no write lock held while a slow provider answers."""

import sqlite3
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

from wardportal.kernel import senders
from wardportal.kernel.extensions import db
from wardportal.notifications import messages as notifications, outbox
from wardportal.notifications.models import OutboxMessage
from wardportal.staff.models import AuditEntry

from .lock_timers import WriteLockTimer
from .lock_timers import lock_is_free as database_is_free
from .staff_factories import login, make_staff, settle, unexpiring_session  # noqa: F401  (autouse fixture)
from .test_apply_notifications import smtp_server  # noqa: F401  (fixture)
from .workflow_factories import make_dossier

def soon() -> datetime:
    """A minute from now: after the queued rows' next_attempt_at (read when the test runs, not when the
    module is collected, minutes earlier in a whole-suite run)."""
    return datetime.now(timezone.utc) + timedelta(minutes=1)


class KeptSms:
    """An SMS provider adapter (configured by dotted path) that keeps each message and its idempotency key."""

    sent: list = []
    during_send = None  # a check run while the provider "talks" (the test sets it)

    def __init__(self, config):
        self.config = config

    def send(self, message):
        if KeptSms.during_send:
            KeptSms.during_send(message)
        KeptSms.sent.append((message.dossier_code, message.idempotency_key))


class FailingSms:
    """An SMS provider that is down."""

    def __init__(self, config):
        self.config = config

    def send(self, message):
        raise ConnectionError("provider down")


class SlowSms:
    """A provider that takes ``SLOW_SMS_SECONDS`` (7 s, as the one in the issue) to answer each message."""

    started = threading.Event()

    def __init__(self, config):
        self.seconds = float(config.get("SLOW_SMS_SECONDS", 7))

    def send(self, message):
        SlowSms.started.set()
        time.sleep(self.seconds)


@pytest.fixture(autouse=True)
def _reset():
    KeptSms.sent.clear()
    KeptSms.during_send = None
    SlowSms.started.clear()


def queue_sms(ward, count=1, event="receive"):
    """Queue ``count`` SMS (dossiers without an e-mail address) and commit them."""
    codes = []
    for _ in range(count):
        dossier = make_dossier(ward, applicant_email="", phone="0912345678")
        notifications.notify_applicant(dossier, event)
        codes.append(dossier.code)
    db.session.commit()
    return codes


def lock_is_free(app) -> bool:
    """Whether another process could take SQLite's write lock right now."""
    return database_is_free(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))


def committed_lease(app, message_id):
    """The lease of a message as another connection sees it (only committed data)."""
    other = sqlite3.connect(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    try:
        return other.execute("SELECT lease_token, sent_at FROM outbox_message WHERE id = ?", (message_id,)).fetchone()
    finally:
        other.close()


def test_the_claim_is_committed_before_the_provider_is_called_and_no_lock_is_held(app, make):
    """While the provider works the lease is visible to everybody and SQLite's write lock is free."""
    app.config["SMS_SENDER"] = "tests.test_outbox:KeptSms"
    queue_sms(make.ward(), 2)
    seen = []
    KeptSms.during_send = lambda message: seen.append(
        (lock_is_free(app), committed_lease(app, db.session.scalar(
            db.select(OutboxMessage.id).where(OutboxMessage.idempotency_key == message.idempotency_key)))))
    with WriteLockTimer(db.engine) as timer:
        assert outbox.deliver_pending(app.config) == (2, 0)
    timer.assert_short()
    assert len(seen) == 2
    for free, (token, sent_at) in seen:
        assert free and token is not None and sent_at is None
    rows = db.session.scalars(db.select(OutboxMessage)).all()
    assert all(r.sent_at and r.lease_token is None and r.lease_until is None for r in rows)


def test_a_crash_after_sending_is_recovered_by_the_lease_with_the_same_key(app, make):
    """A worker that dies between the provider's answer and the record: the message goes again after the lease."""
    T0 = soon()
    app.config.update(SMS_SENDER="tests.test_outbox:KeptSms", OUTBOX_LEASE_SECONDS=120)
    queue_sms(make.ward())
    sender = senders.sms_sender(app.config)
    claim = outbox.claim_next(T0, outbox.lease_duration(app.config))
    sender.send(claim.message)  # ... and the worker dies here, before record_sent
    db.session.remove()
    assert outbox.deliver_pending(app.config, now=T0 + timedelta(seconds=60)) == (0, 0)  # lease still live
    assert outbox.deliver_pending(app.config, now=T0 + timedelta(seconds=121)) == (1, 0)  # expired: due again
    assert len(KeptSms.sent) == 2 and KeptSms.sent[0] == KeptSms.sent[1]  # same message, same idempotency key
    assert KeptSms.sent[0][1] and len(KeptSms.sent[0][1]) == 32
    assert outbox.deliver_pending(app.config, now=T0 + timedelta(hours=1)) == (0, 0)


def test_a_worker_whose_lease_was_taken_over_records_nothing(app, make):
    """Lease expired and re-claimed: the first worker's late record does not touch the second worker's claim."""
    T0 = soon()
    queue_sms(make.ward())
    lease = timedelta(seconds=60)
    first = outbox.claim_next(T0, lease)
    assert outbox.claim_next(T0 + timedelta(seconds=30), lease) is None  # nobody else while it is held
    second = outbox.claim_next(T0 + timedelta(seconds=61), lease)
    assert second.message_id == first.message_id and second.token != first.token
    outbox.record_failure(first, T0 + timedelta(seconds=62), ConnectionError())
    row = db.session.get(OutboxMessage, first.message_id)
    assert row.attempts == 0 and row.lease_token == second.token
    outbox.record_sent(second, T0 + timedelta(seconds=63))
    db.session.refresh(row)
    assert row.sent_at is not None and row.attempts == 1


def test_smtp_message_id_is_the_idempotency_key_on_every_attempt(app, make, smtp_server):
    """The e-mail carries the row's key as its Message-ID, so a resent copy is recognisable."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.server_address[1], MAIL_SUPPRESS_SEND=False)
    dossier = make_dossier(make.ward(), applicant_email="hang@example.vn", phone="")
    notifications.notify_applicant(dossier, "receive")
    db.session.commit()
    key = db.session.scalar(db.select(OutboxMessage.idempotency_key))
    assert outbox.deliver_pending(app.config) == (1, 0)
    assert smtp_server.messages[0]["Message-ID"] == f"<{key}@127.0.0.1>"


def _kill(app, count):
    """Run the worker against a dead provider until ``count`` messages are given up."""
    app.config["SMS_SENDER"] = "tests.test_outbox:FailingSms"
    moment = soon()
    for _ in range(outbox.MAX_ATTEMPTS):
        outbox.deliver_pending(app.config, now=moment)
        moment += timedelta(hours=7)
    assert db.session.scalar(db.select(db.func.count()).where(OutboxMessage.failed_at.is_not(None))) == count


def test_outbox_command_shows_retries_and_drops_dead_messages(app, make, runner):
    """``flask outbox status|retry|drop``: counts, the dead list with masked recipients, audited repairs."""
    ward = make.ward()
    codes = queue_sms(ward, 3)
    _kill(app, 3)
    status = runner.invoke(args=["outbox", "status"])
    assert status.exit_code == 0, status.output
    assert "dead: 3" in status.output and "*******678" in status.output and "0912345678" not in status.output
    assert all(code in status.output for code in codes) and "ConnectionError" in status.output
    ids = sorted(db.session.scalars(db.select(OutboxMessage.id)))
    assert runner.invoke(args=["outbox", "retry", str(ids[0])]).exit_code == 0
    no_reason = runner.invoke(args=["outbox", "drop", str(ids[1])])
    assert no_reason.exit_code != 0 and "reason" in no_reason.output
    blank = runner.invoke(args=["outbox", "drop", str(ids[1]), "--reason", "   "])
    assert blank.exit_code != 0
    assert runner.invoke(args=["outbox", "drop", str(ids[1]), "--reason", "Số điện thoại sai"]).exit_code == 0
    db.session.remove()
    rows = {r.id: r for r in db.session.scalars(db.select(OutboxMessage))}
    assert rows[ids[0]].failed_at is None and rows[ids[0]].attempts == 0
    assert rows[ids[1]].dropped_at and rows[ids[1]].drop_reason == "Số điện thoại sai"
    assert rows[ids[2]].failed_at is not None
    assert runner.invoke(args=["outbox", "retry", "--all-dead"]).output.startswith("1 message(s)")
    assert runner.invoke(args=["outbox", "retry", str(ids[1])]).exit_code != 0  # dropped stays dropped
    assert runner.invoke(args=["outbox", "retry"]).exit_code != 0
    app.config["SMS_SENDER"] = "tests.test_outbox:KeptSms"
    assert outbox.deliver_pending(app.config) == (2, 0)
    actions = sorted(db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.action.like("outbox.%"))))
    assert actions == ["outbox.dropped", "outbox.retried", "outbox.retried_all"]
    assert "0912345678" not in str(db.session.scalars(db.select(AuditEntry.details)).all())


def test_staff_outbox_page_for_ward_admins_and_province_admins(app, make, client):
    """Ward admins see their ward's failed messages (masked), editors do not; province admins see all wards."""
    mine, other = make.ward(slug="phuong-mot"), make.ward(slug="phuong-hai")
    mine_code, = queue_sms(mine)
    other_code, = queue_sms(other)
    _kill(app, 2)
    admin, editor = make_staff(mine, "admin"), make_staff(mine, "editor")
    province = make_staff(None, None, province_admin=True)
    settle()
    ids = {code: i for code, i in db.session.execute(db.select(OutboxMessage.dossier_code, OutboxMessage.id))}
    login(client, editor.email)
    assert client.get("/phuong-mot/can-bo/thu-gui").status_code == 404
    client.post("/can-bo/dang-xuat")
    login(client, admin.email)
    page = client.get("/phuong-mot/can-bo/thu-gui")
    assert page.status_code == 200 and "no-store" in page.headers["Cache-Control"]
    assert mine_code in page.text and other_code not in page.text
    assert "*******678" in page.text and "0912345678" not in page.text and "Đã ngừng thử" in page.text
    # another ward's message is not this admin's to touch, nor the province page
    assert client.post(f"/phuong-mot/can-bo/thu-gui/{ids[other_code]}/gui-lai").status_code == 404
    assert client.get("/can-bo/tinh/thu-gui").status_code == 404
    long_reason = "x" * 301
    refused = client.post(f"/phuong-mot/can-bo/thu-gui/{ids[mine_code]}/bo", data={f"m{ids[mine_code]}-reason": long_reason})
    assert refused.status_code == 422 and "tối đa 300 ký tự" in refused.text and long_reason in refused.text
    assert client.post(f"/phuong-mot/can-bo/thu-gui/{ids[mine_code]}/gui-lai").status_code == 302
    client.post("/can-bo/dang-xuat")
    login(client, province.email)
    page = client.get("/can-bo/tinh/thu-gui")
    assert page.status_code == 200 and other_code in page.text and mine_code not in page.text  # mine is due again
    dropped = client.post(f"/can-bo/tinh/thu-gui/{ids[other_code]}/bo",
                          data={f"m{ids[other_code]}-reason": "Người dân đã đổi số"})
    assert dropped.status_code == 302
    db.session.remove()
    entries = {(e.action, e.target, e.ward_id, e.actor_id) for e in db.session.scalars(db.select(AuditEntry))
               if e.action.startswith("outbox.")}
    assert entries == {("outbox.retried", f"outbox:{ids[mine_code]}", mine.id, admin.id),
                       ("outbox.dropped", f"outbox:{ids[other_code]}", other.id, province.id)}
    row = db.session.get(OutboxMessage, ids[other_code])
    assert row.dropped_at and row.drop_reason == "Người dân đã đổi số"


def test_a_7_second_provider_holds_no_write_lock_and_a_resident_submits_meanwhile(app, make, client):
    """The worker talks to a slow provider in one thread; a resident's report commits at once in another."""
    from wardportal.feedback.reports import save_category

    ward = make.ward(slug="phuong-lam")
    save_category(ward, "Môi trường")
    queue_sms(ward)
    settle()
    app.config.update(SMS_SENDER="tests.test_outbox:SlowSms", SLOW_SMS_SECONDS=7)
    results = []

    def work():
        with app.app_context():
            results.append(outbox.deliver_pending(app.config))
            db.session.remove()

    with WriteLockTimer(db.engine) as timer:
        worker = threading.Thread(target=work)
        worker.start()
        assert SlowSms.started.wait(10)
        began = time.perf_counter()
        response = client.post("/phuong-lam/phan-anh/gui", data={
            "category": "pa-moi-truong", "description": "Rác ùn ứ ở đầu ngõ 7"})
        took = time.perf_counter() - began
        assert worker.is_alive()  # the provider is still "talking"
        worker.join(20)
    assert response.status_code == 302 and took < 2
    assert results == [(1, 0)]
    timer.assert_short()
