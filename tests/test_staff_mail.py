"""Invitation and reset links go out by e-mail when SMTP is configured (to a real, local SMTP server)."""

import email
import re
import socketserver
import threading

import pytest
from flask import url_for

from .staff_factories import login, make_staff
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough of RFC 5321 for smtplib: greet, accept one message, store it."""

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 localhost test SMTP")
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith("DATA"):
                self.reply("354 end with <CRLF>.<CRLF>")
                body = b""
                while (chunk := self.rfile.readline()) != b".\r\n":
                    body += chunk
                self.server.messages.append(email.message_from_bytes(body))
                self.reply("250 queued")
            elif command.startswith("QUIT"):
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


@pytest.fixture
def smtp_server():
    """A local SMTP server in a thread; ``.messages`` holds what it received."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
    server.messages = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def app_settings(smtp_server):
    """Mail goes to the local server."""
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server.server_address[1], "MAIL_SUPPRESS_SEND": False}


def test_invitation_link_is_emailed(client, make, smtp_server):
    """The invited person receives the same one-time link the admin sees."""
    ward = make.ward()
    login(client, make_staff(ward, "admin").email)
    with client.application.test_request_context():
        invite = url_for("staff.invite_staff", ward_slug=ward.slug)
    page = client.post(invite, data={"email": "thu.moi@example.vn", "full_name": "Lý Thu", "roles": ["editor"]})
    link = re.search(r"http://localhost/can-bo/lien-ket/[\w-]+", page.text).group(0)
    assert "đã được gửi tới thu.moi@example.vn" in page.text
    (message,) = smtp_server.messages
    assert message["To"] == "thu.moi@example.vn"
    assert link in message.get_payload(decode=True).decode("utf-8")
