"""The transactional outbox: e-mails and SMS written with the dossier change, delivered by the worker."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .columns import utcnow


class OutboxMessage(db.Model):
    """One message to an applicant, committed with the change it reports and sent later with retries."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id", ondelete="SET NULL"), index=True,
                                                   nullable=True)
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
    # Set when the retries are exhausted: kept for staff to see, never retried again.
    failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_error: Mapped[str] = mapped_column(String(200), default="")
