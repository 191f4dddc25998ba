"""Sending e-mail and SMS: one message, masked recipients for logs, and the configured senders.

Email goes through SMTP when ``MAIL_SERVER`` is set (and ``MAIL_SUPPRESS_SEND`` is not), otherwise to the
log. SMS goes through the class named by ``SMS_SENDER`` ("package.module:Class", constructed with the app
config), by default the log. Log senders write the dossier code, the event and a masked recipient only —
never a name, a full phone number or address, or the message text (which carries personal data and one-time
codes) — at INFO, the default log level (kernel/logs.py), so the operator sees what did not go out.
"""

from __future__ import annotations

import importlib
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid


from wardportal.kernel.qr import qr_png

logger = logging.getLogger("wardportal.notifications")


@dataclass(frozen=True)
class Message:
    """One notification, ready for a sender."""

    dossier_code: str
    event: str
    recipient: str
    subject: str
    body: str
    # A fee to pay: the VietQR string; the e-mail carries it drawn as a PNG.
    vietqr_payload: str | None = None
    # The outbox row's key, the same on every attempt: senders pass it on where the provider de-duplicates
    # (the SMTP Message-ID; an SMS_SENDER class reads ``message.idempotency_key``).
    idempotency_key: str = ""

    @property
    def attachments(self) -> tuple:
        """(file name, MIME type, bytes) of each attachment."""
        if not self.vietqr_payload:
            return ()
        return (("vietqr.png", "image/png", qr_png(self.vietqr_payload)),)


def mask_email(address: str) -> str:
    """``h***@e***.vn``: enough to tell two recipients apart in a log, not enough to identify one."""
    local, _, domain = address.partition("@")
    host, _, tld = domain.rpartition(".")
    return f"{local[:1]}***@{host[:1]}***.{tld or '?'}"


def mask_phone(number: str) -> str:
    """``*******678``: the last three digits only."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return "*" * max(len(digits) - 3, 0) + digits[-3:]


class LogEmailSender:
    """Writes that an email would have gone out: code, event, masked address."""

    def __init__(self, config=None):
        self.config = config or {}

    def send(self, message: Message) -> None:
        """Log the sending without any personal data."""
        logger.info("email event=%s dossier=%s to=%s (not sent: no MAIL_SERVER, or MAIL_SUPPRESS_SEND)",
                    message.event, message.dossier_code, mask_email(message.recipient))


class SmtpEmailSender:
    """Sends through the configured SMTP server (MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS/SSL, ...)."""

    def __init__(self, config):
        self.config = config

    def send(self, message: Message) -> None:
        """Deliver one email."""
        cfg = self.config
        email = EmailMessage()
        email["Subject"] = message.subject
        email["From"] = cfg.get("MAIL_DEFAULT_SENDER") or formataddr(
            (cfg.get("INSTALL_NAME", "Ward Portal"), f"no-reply@{cfg['MAIL_SERVER']}"))
        email["To"] = message.recipient
        # A resend after a crash carries the same Message-ID, so mail systems and clients can drop the copy.
        email["Message-ID"] = f"<{message.idempotency_key}@{cfg['MAIL_SERVER']}>" if message.idempotency_key \
            else make_msgid(domain=str(cfg["MAIL_SERVER"]))
        email.set_content(message.body)
        for filename, mime, data in message.attachments:
            maintype, _, subtype = mime.partition("/")
            email.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
        port = int(cfg.get("MAIL_PORT", 465 if cfg.get("MAIL_USE_SSL") else 25))
        timeout = float(cfg.get("MAIL_TIMEOUT", 10))
        if cfg.get("MAIL_USE_SSL"):
            smtp = smtplib.SMTP_SSL(cfg["MAIL_SERVER"], port, timeout=timeout,
                                    context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(cfg["MAIL_SERVER"], port, timeout=timeout)
        with smtp:
            if cfg.get("MAIL_USE_TLS"):
                smtp.starttls(context=ssl.create_default_context())
            if cfg.get("MAIL_USERNAME"):
                smtp.login(cfg["MAIL_USERNAME"], cfg.get("MAIL_PASSWORD", ""))
            smtp.send_message(email)
        logger.info("email sent event=%s dossier=%s to=%s", message.event, message.dossier_code,
                    mask_email(message.recipient))


class LogSmsSender:
    """Writes that an SMS would have gone out: code, event, masked number."""

    def __init__(self, config=None):
        self.config = config or {}

    def send(self, message: Message) -> None:
        """Log the sending without any personal data."""
        logger.info("sms event=%s dossier=%s to=%s (not sent: no SMS_SENDER)", message.event,
                    message.dossier_code, mask_phone(message.recipient))


def mail_configured(config) -> bool:
    """Whether e-mail really goes out: ``MAIL_SERVER`` set and ``MAIL_SUPPRESS_SEND`` not."""
    return bool(config.get("MAIL_SERVER")) and not config.get("MAIL_SUPPRESS_SEND")


def email_sender(config):
    """SMTP when configured and not suppressed, else the log."""
    if mail_configured(config):
        return SmtpEmailSender(config)
    return LogEmailSender(config)


def sms_sender(config):
    """The class named by ``SMS_SENDER`` (``module:Class``), else the log."""
    spec = config.get("SMS_SENDER")
    if not spec:
        return LogSmsSender(config)
    module_name, _, class_name = spec.partition(":")
    return getattr(importlib.import_module(module_name), class_name)(config)
