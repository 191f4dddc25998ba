"""The transactional outbox: e-mails and SMS written with the dossier change, delivered by the worker."""

import secrets
from datetime import datetime
from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wardportal.kernel.columns import utcnow
from wardportal.kernel.extensions import db

def new_idempotency_key() -> str:
    """A random key naming one message for its whole life, retries included (providers de-duplicate on it)."""
    return secrets.token_hex(16)


class OutboxMessage(db.Model):
    """One message to an applicant, committed with the change it reports and sent later with retries."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id", ondelete="SET NULL"), index=True,
                                                   nullable=True)
    # Which ward's message it is (for the ward's outbox page); None once the dossier is deleted.
    dossier = relationship("Dossier", viewonly=True)
    channel: Mapped[str] = mapped_column(String(10))  # email | sms
    event: Mapped[str] = mapped_column(String(40))
    dossier_code: Mapped[str] = mapped_column(String(60))
    recipient: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(400), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    # A fee to pay: the VietQR string, drawn as a PNG attachment when the e-mail is sent.
    vietqr_payload: Mapped[str | None] = mapped_column(String(300), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The worker picks rows whose next attempt is due; a failure pushes it back (exponential backoff).
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, index=True)
    # Set when the retries are exhausted ("dead"): listed for staff (outbox page, ``flask outbox status``)
    # until someone retries or drops it.
    failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_error: Mapped[str] = mapped_column(String(200), default="")
    # The same key on every attempt: the SMTP Message-ID, and ``message.idempotency_key`` for SMS providers
    # that de-duplicate, so a resend after a crash can be recognised downstream.
    idempotency_key: Mapped[str] = mapped_column(String(64), default=new_idempotency_key)
    # A worker's claim, committed before it calls the provider: nobody else sends the message until
    # ``lease_until``; a worker that dies mid-send leaves a lease that expires, and the message is due again.
    lease_token: Mapped[str | None] = mapped_column(String(32), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Dropped by staff (with the reason and who): never sent, kept for the record.
    dropped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    drop_reason: Mapped[str] = mapped_column(String(300), default="")
