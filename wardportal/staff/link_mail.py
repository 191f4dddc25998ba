"""One-time links go only to the account's own address once the install sends e-mail.

A link shown to whoever made it lets that person choose the password of an account named after somebody
else's address (and keep it when another ward later offers that address a desk). So with e-mail configured
(``kernel.senders.mail_configured``) links are e-mailed and never shown; only an install without e-mail
shows them to the admin, with a warning, and an account set up that way has not proved its address.
"""

import logging

from flask import current_app

from wardportal.kernel.database import end_read_transaction
from wardportal.kernel.public_address import public_url
from wardportal.kernel.senders import Message, email_sender, mail_configured, mask_email

logger = logging.getLogger("wardportal.staff")

LINK_SUBJECTS = {"invite": "Lời mời làm cán bộ trên cổng dịch vụ công", "reset": "Đặt lại mật khẩu cán bộ",
                 "confirm": "Xác nhận email tài khoản cán bộ"}
LINK_BODY = ("Xin chào {name},\n\nMở liên kết sau để chọn mật khẩu (liên kết chỉ dùng được một lần):\n{link}\n\n"
             "Nếu bạn không chờ thư này, hãy báo cho quản trị viên của phường, xã.")
CONFIRM_BODY = ("Xin chào {name},\n\nTài khoản cán bộ mang địa chỉ {email} cần xác nhận email. Mở liên kết sau "
                "và chọn mật khẩu mới (liên kết chỉ dùng được một lần):\n{link}\n\n"
                "Sau đó chỉ người đọc được thư này mới đăng nhập được tài khoản. Nếu bạn chưa từng dùng "
                "tài khoản này, liên kết giúp bạn lấy lại tài khoản mang địa chỉ của mình.")
OFFER_SUBJECT = "Lời mời làm việc tại {ward}"
OFFER_BODY = ("Xin chào {name},\n\n{ward} mời tài khoản {email} làm cán bộ. Đăng nhập để đồng ý hoặc từ chối:"
              "\n{login}\n\n")
OFFER_CONFIRM = ("Trước khi đồng ý, tài khoản cần xác nhận email: mở liên kết sau và chọn mật khẩu mới (liên kết "
                 "chỉ dùng được một lần; mọi phiên đăng nhập khác của tài khoản sẽ kết thúc):\n{link}\n")


def links_by_email() -> bool:
    """Whether one-time links travel by e-mail only (this install sends e-mail)."""
    return mail_configured(current_app.config)


def _send(recipient: str, event: str, subject: str, body: str) -> bool:
    """Send one e-mail now; a failure is logged (masked address) and reported as False."""
    end_read_transaction()  # the SMTP exchange below takes seconds: no write lock held meanwhile
    message = Message(dossier_code="-", event=event, recipient=recipient, subject=subject, body=body)
    try:
        email_sender(current_app.config).send(message)
    except Exception as exc:  # noqa: BLE001  (a mail outage is told to the admin, never a 500)
        logger.warning("staff e-mail failed event=%s to=%s (%s)", event, mask_email(recipient),
                       type(exc).__name__)  # an SMTP error's text may carry the address
        return False
    return True


def link_url(token: str) -> str:
    """The one-time link's public address."""
    return public_url("staff.accept_link", token=token)


def send_link(user, token: str, purpose: str) -> bool:
    """E-mail a one-time link to the account's own address."""
    body = CONFIRM_BODY if purpose == "confirm" else LINK_BODY
    return _send(user.email, f"staff_{purpose}", LINK_SUBJECTS[purpose],
                 body.format(name=user.full_name, email=user.email, link=link_url(token)))


def send_offer(user, ward_name: str, confirm_token: str | None) -> bool:
    """Tell the owner of an existing account about a ward's offer (with a confirmation link if needed)."""
    body = OFFER_BODY.format(name=user.full_name, ward=ward_name, email=user.email,
                             login=public_url("staff.login"))
    if confirm_token:
        body += OFFER_CONFIRM.format(link=link_url(confirm_token))
    return _send(user.email, "staff_offer", OFFER_SUBJECT.format(ward=ward_name), body)
