"""Telling the applicant: SMTP when configured, the log otherwise (without personal data), pluggable SMS."""

import email
import logging
import socketserver
import threading
from datetime import datetime, timedelta, timezone

import pytest

from wardportal.dossiers import submissions
from wardportal.dossiers.models import Dossier
from wardportal.kernel.extensions import db
from wardportal.notifications import messages as notifications, outbox
from wardportal.notifications.models import OutboxMessage

from .apply_support import APPLICANT, client, fill_draft, start_draft  # noqa: F401

PERSONAL = [APPLICANT["full_name"], APPLICANT["citizen_id"], "0912345678", "912 345 678", "hang@example.vn",
            APPLICANT["address"]]


class RecordingSms:
    """An SMS gateway stand-in that keeps what it was given (configured by dotted name, as a real one)."""

    sent: list = []

    def __init__(self, config):
        self.config = config

    def send(self, message):
        RecordingSms.sent.append(message)


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) to accept one message."""

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 test ESMTP")
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 test")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 go ahead")
                data = b""
                while (chunk := self.rfile.readline()) != b".\r\n":
                    data += chunk
                self.server.messages.append(email.message_from_bytes(data))
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return


@pytest.fixture
def smtp_server():
    """A local SMTP server on a free loopback port."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
    server.messages = []
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _dossier(make, **applicant):
    """A counter dossier for the notification tests (its "registered" messages already sent)."""
    ward = make.ward(name="Phường Phương Lâm")
    dossier = submissions.register_counter_dossier(ward, make.procedure(ward), dict(APPLICANT, **applicant), [])
    db.session.execute(db.update(OutboxMessage).values(sent_at=db.func.now()))
    db.session.commit()
    return dossier


def _queue(dossier, event):
    """Queue an event's messages and commit them, as a workflow step does."""
    count = notifications.notify_applicant(dossier, event)
    db.session.commit()
    return count


def test_log_sender_writes_code_event_and_masked_recipient_only(app, client, make, caplog):
    """Submitting online queues the email and SMS; the worker logs them with code, event and masked recipients."""
    ward = make.ward()
    base = fill_draft(client, ward, start_draft(client, ward, make.procedure(ward)))
    with caplog.at_level(logging.INFO, logger="wardportal"):
        client.post(f"{base}/nop")
        assert not [r for r in caplog.records if r.name == "wardportal.notifications"]  # not in the request
        assert outbox.deliver_pending(app.config) == (2, 0)
    dossier = db.session.scalar(db.select(Dossier))
    lines = [r.getMessage() for r in caplog.records if r.name == "wardportal.notifications"]
    assert any("email event=submitted" in line and dossier.code in line and "h***@e***.vn" in line
               for line in lines)
    assert any("sms event=submitted" in line and "*******678" in line for line in lines)
    everything = caplog.text
    for value in PERSONAL + [dossier.tracking_token]:
        assert value not in everything, value
    assert outbox.deliver_pending(app.config) == (0, 0)  # sent once, never twice


def test_smtp_used_when_configured(app, make, smtp_server):
    """With MAIL_SERVER set, the applicant gets an email with the code and the tracking link."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.server_address[1],
                      MAIL_SUPPRESS_SEND=False, PUBLIC_BASE_URL="https://dvc.example.vn")
    dossier = _dossier(make)
    assert _queue(dossier, "receive") == 2
    assert outbox.deliver_pending(app.config) == (2, 0)
    (message,) = smtp_server.messages
    assert message["To"] == "hang@example.vn" and dossier.code in message["Subject"]
    body = message.get_payload(decode=True).decode()
    assert f"https://dvc.example.vn/{dossier.ward.slug}/ho-so/{dossier.tracking_token}" in body


def test_no_email_address_means_no_email_and_failures_are_retried_with_backoff(app, make, caplog, smtp_server):
    """Without an address only the SMS goes; an unreachable SMTP server is retried later, never raised."""
    dossier = _dossier(make, email="")
    assert [m.recipient for m in notifications.build_messages(dossier, "receive")] == ["0912345678"]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_SUPPRESS_SEND=False, MAIL_TIMEOUT=2)
    dossier.applicant_email = "hang@example.vn"
    assert _queue(dossier, "receive") == 2
    now = datetime.now(timezone.utc)
    with caplog.at_level(logging.WARNING, logger="wardportal"):
        assert outbox.deliver_pending(app.config, now=now) == (1, 1)
    assert "email failed" in caplog.text and "hang@example.vn" not in caplog.text
    row = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.channel == "email",
                                                           OutboxMessage.sent_at.is_(None)))
    assert row.attempts == 1 and row.last_error
    # not retried before its backoff is over; retried (and delivered) after it
    assert outbox.deliver_pending(app.config, now=now + timedelta(seconds=30)) == (0, 0)
    app.config["MAIL_PORT"] = smtp_server.server_address[1]
    assert outbox.deliver_pending(app.config, now=now + timedelta(seconds=61)) == (1, 0)
    assert len(smtp_server.messages) == 1


def test_backoff_grows_and_gives_up():
    """Each failure doubles the wait up to a ceiling; MAX_ATTEMPTS failures give the message up."""
    delays = [outbox.retry_delay(n).total_seconds() for n in range(1, 12)]
    assert delays[:4] == [60, 120, 240, 480] and max(delays) == 6 * 3600
    assert outbox.MAX_ATTEMPTS > 1


def test_sms_sender_is_pluggable_and_events_come_from_the_workflow(app, make):
    """SMS_SENDER names the gateway class; a DossierEvent (as the workflow passes) picks the text."""
    app.config["SMS_SENDER"] = "tests.test_apply_notifications:RecordingSms"
    RecordingSms.sent.clear()
    dossier = _dossier(make)
    event = dossier.events[-1]  # the "receive" event of a counter registration
    _queue(dossier, event)
    outbox.deliver_pending(app.config)
    (sms,) = RecordingSms.sent
    assert sms.recipient == "0912345678" and sms.event == "receive"
    assert dossier.code in sms.body and "Hẹn trả kết quả" in sms.body


def test_worker_command_once_delivers(app, make, runner, caplog):
    """`flask worker --once` sends what is due and exits (cron and tests)."""
    dossier = _dossier(make)
    _queue(dossier, "receive")
    with caplog.at_level(logging.INFO, logger="wardportal"):
        result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "2 sent" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.sent_at.is_(None))) == 0


def test_confirmation_page_promises_sms_only_with_a_provider(app, client, make):
    """No SMS provider configured: the confirmation page does not promise a text message."""
    ward = make.ward()
    base = fill_draft(client, ward, start_draft(client, ward, make.procedure(ward)))
    url = client.post(f"{base}/nop").location
    page = client.get(url).get_data(as_text=True)
    assert "bạn sẽ nhận được tin nhắn" not in page and "nộp bổ sung ngay tại đó" in page
    app.config["SMS_SENDER"] = "tests.test_apply_notifications:RecordingSms"
    assert "bạn sẽ nhận được tin nhắn" in client.get(url).get_data(as_text=True)
