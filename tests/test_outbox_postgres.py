"""Several workers draining the outbox at once on PostgreSQL: every message sent exactly once."""

import threading

from wardportal.kernel.extensions import db
from wardportal.notifications import messages as notifications, outbox
from wardportal.notifications.models import OutboxMessage
from wardportal.staff.models import Ward

from .postgres_support import postgres_app  # noqa: F401  (fixture)
from .workflow_factories import make_dossier


class CountingSender:
    """A provider stand-in that records every message handed to it (configured by dotted name)."""

    sent: list = []
    lock = threading.Lock()

    def __init__(self, config):
        self.config = config

    def send(self, message):
        with CountingSender.lock:
            CountingSender.sent.append((message.dossier_code, message.event, message.recipient))


def test_two_workers_never_send_a_message_twice(postgres_app):
    postgres_app.config["SMS_SENDER"] = "tests.test_outbox_postgres:CountingSender"
    CountingSender.sent.clear()
    with postgres_app.app_context():
        ward = Ward(slug="phuong-pg", name="Phường PG", unit_code="H01.01")
        db.session.add(ward)
        db.session.commit()
        for n in range(15):
            dossier = make_dossier(ward, applicant_email="")
            notifications.notify_applicant(dossier, "receive")
            db.session.commit()
        assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == 15
        db.session.remove()
    results = []

    def work():
        with postgres_app.app_context():
            results.append(outbox.deliver_pending(postgres_app.config))
            db.session.remove()

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(sent for sent, _failed in results) == 15
    assert len(CountingSender.sent) == 15 == len(set(CountingSender.sent))
    with postgres_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.sent_at.is_(None))) == 0
        db.session.remove()


def _queue(app, count):
    """A ward and ``count`` queued SMS on the PostgreSQL app; returns nothing (rows committed)."""
    with app.app_context():
        ward = Ward(slug="phuong-pg", name="Phường PG", unit_code="H01.01")
        db.session.add(ward)
        db.session.commit()
        for _ in range(count):
            notifications.notify_applicant(make_dossier(ward, applicant_email=""), "receive")
        db.session.commit()
        db.session.remove()


def test_a_claim_skips_rows_another_server_has_locked_and_is_committed_before_sending(postgres_app):
    """SKIP LOCKED: a second worker takes the next message at once; the lease is visible while sending."""
    from datetime import datetime, timedelta, timezone

    from sqlalchemy import create_engine, text

    from wardportal.notifications import outbox

    _queue(postgres_app, 2)
    other = create_engine(postgres_app.config["SQLALCHEMY_DATABASE_URI"])
    with other.connect() as locker:
        first_id = locker.execute(text("SELECT id FROM outbox_message ORDER BY id LIMIT 1 FOR UPDATE")).scalar()
        with postgres_app.app_context():
            now = datetime.now(timezone.utc) + timedelta(seconds=1)
            claim = outbox.claim_next(now, timedelta(minutes=5))  # does not wait for the locked row
            assert claim is not None and claim.message_id != first_id
            db.session.remove()
        locker.rollback()
        with locker.begin():
            token = locker.execute(text("SELECT lease_token FROM outbox_message WHERE id = :i"),
                                   {"i": claim.message_id}).scalar()
        assert token == claim.token  # committed before any provider call
    other.dispose()


def test_an_expired_lease_makes_the_message_due_again_on_postgres(postgres_app):
    """A worker that died after sending: after the lease the message is sent again, with the same key."""
    from datetime import datetime, timedelta, timezone

    from wardportal.notifications import outbox

    postgres_app.config.update(SMS_SENDER="tests.test_outbox_postgres:CountingSender", OUTBOX_LEASE_SECONDS=60)
    CountingSender.sent.clear()
    _queue(postgres_app, 1)
    t0 = datetime.now(timezone.utc) + timedelta(seconds=1)
    with postgres_app.app_context():
        claim = outbox.claim_next(t0, outbox.lease_duration(postgres_app.config))
        db.session.remove()
        assert outbox.deliver_pending(postgres_app.config, now=t0 + timedelta(seconds=30)) == (0, 0)
        assert outbox.deliver_pending(postgres_app.config, now=t0 + timedelta(seconds=61)) == (1, 0)
        row = db.session.get(OutboxMessage, claim.message_id)
        assert row.sent_at is not None and row.lease_token is None and row.idempotency_key == claim.message.idempotency_key
        outbox.record_sent(claim, t0 + timedelta(seconds=62))  # the dead worker's late record changes nothing
        db.session.refresh(row)
        assert row.attempts == 1
        db.session.remove()
