"""Invitation and reset links go out by e-mail, and only by e-mail, when SMTP is configured (a real, local SMTP
server); issue 24 item 7."""

import email
import re
import socketserver
import threading

import pytest
from flask import url_for
from sqlalchemy import func, select

from wardportal.kernel.extensions import db
from wardportal.staff.models import AccountToken, StaffUser

from .staff_factories import login, make_staff, settle
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


LINK = re.compile(r"http://localhost/can-bo/lien-ket/[\w-]+")


def _body(message) -> str:
    return message.get_payload(decode=True).decode("utf-8")


def _link_pages(client, make):
    """Every page that makes a one-time link, as (what it is, the admin's response, the address it is for)."""
    ward = make.ward()
    admin = make_staff(ward, "admin")
    member = make_staff(ward, "officer", email_proved=True)
    province = make_staff(None, province_admin=True)
    login(client, admin.email)
    with client.application.test_request_context():
        invite = url_for("staff.invite_staff", ward_slug=ward.slug)
        reset = url_for("staff.reset_staff_password", ward_slug=ward.slug, staff_id=member.id)
        new_ward = url_for("staff.province_wards")
    yield "invite", client.post(invite, data={"email": "thu.moi@example.vn", "full_name": "Lý Thu",
                                              "roles": ["editor"]}), "thu.moi@example.vn"
    yield "reset", client.post(reset), member.email
    client.post("/can-bo/dang-xuat")
    login(client, province.email)
    yield "new ward", client.post(new_ward, data={"slug": "xa-moi", "name": "Xã Mới", "unit_code": "X99",
                                                  "admin_email": "qt.moi@example.vn", "admin_name": "Hà An"}), \
        "qt.moi@example.vn"


def test_links_go_only_to_the_invitees_address(app, client, make, smtp_server):
    """With mail configured, no page shows a one-time link to whoever made it: it is e-mailed to the owner,
    and following it proves the address."""
    pages = list(_link_pages(client, make))
    assert len(pages) == 3 and len(smtp_server.messages) == 3
    for (what, page, address), message in zip(pages, smtp_server.messages):
        assert page.status_code == 200, what
        assert "/can-bo/lien-ket/" not in page.text, what
        assert f"đã được gửi tới {address}" in page.text, what
        assert message["To"] == address and LINK.search(_body(message)), what
    assert db.session.scalars(select(AccountToken.emailed)).all() == [True, True, True]
    # The owner follows the e-mailed invitation: the address is proved.
    link = LINK.search(_body(smtp_server.messages[0])).group(0)
    settle()
    owner = app.test_client()
    assert owner.post(link, data={"full_name": "Lý Thu", "password": "ngay-dau-lam-viec",
                                  "confirm": "ngay-dau-lam-viec"}).status_code == 302
    assert db.session.scalar(select(StaffUser.email_verified_at)
                             .where(StaffUser.email == "thu.moi@example.vn")) is not None


def test_a_link_that_cannot_be_mailed_is_withdrawn_not_shown(app, client, make):
    """The SMTP server refuses the connection: the admin is told, sees no link, and no link stays valid."""
    app.config["MAIL_PORT"] = 1
    ward = make.ward()
    login(client, make_staff(ward, "admin").email)
    with client.application.test_request_context():
        invite = url_for("staff.invite_staff", ward_slug=ward.slug)
    page = client.post(invite, data={"email": "thu.moi@example.vn", "full_name": "Lý Thu", "roles": ["editor"]})
    assert page.status_code == 503 and "/can-bo/lien-ket/" not in page.text
    assert "Không gửi được thư tới thu.moi@example.vn" in page.text
    assert db.session.scalar(select(func.count()).select_from(AccountToken)) == 0
