"""Several workers draining the outbox at once on PostgreSQL: every message sent exactly once."""

import threading

from wardportal import notifications
from wardportal.extensions import db
from wardportal.models import OutboxMessage, Ward

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
            results.append(notifications.deliver_pending(postgres_app.config))
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
