"""Residents signed in with their national identity (OpenID Connect), their sessions and their drafts."""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wardportal.kernel.columns import utcnow
from wardportal.kernel.extensions import db


class Resident(db.Model):
    """A person who signed in through the identity provider; the row is keyed by the provider's subject.

    Only what the provider vouched for is kept: the verified citizen ID (what finds their dossiers), and the
    name, birth date and address that prefill an application. Updated at every sign-in.
    """

    __tablename__ = "resident"

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of "issuer subject": the provider's account id is not stored as such.
    subject_hash: Mapped[str] = mapped_column(String(64), unique=True)
    citizen_id: Mapped[str] = mapped_column(String(12), index=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    address: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    signed_in_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ResidentSession(db.Model):
    """One signed-in browser of a resident, server-side like a staff session: ending the row ends it at once.

    Only the SHA-256 of the random id in the cookie is stored. The provider's ID token is kept here (never in
    the cookie) as the ``id_token_hint`` of the provider's logout.
    """

    __tablename__ = "resident_session"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("resident.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    id_token: Mapped[str] = mapped_column(Text, default="")

    resident = relationship("Resident")


class ResidentDraft(db.Model):
    """An application draft opened by a signed-in resident: listed on "Hồ sơ của tôi", in any ward."""

    __tablename__ = "resident_draft"

    draft_id: Mapped[int] = mapped_column(ForeignKey("application_draft.id", ondelete="CASCADE"),
                                          primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("resident.id", ondelete="CASCADE"), index=True)

    draft = relationship("ApplicationDraft")


class ResidentFeedback(db.Model):
    """A feedback report (phản ánh) sent by a signed-in resident: listed on "Hồ sơ của tôi"."""

    __tablename__ = "resident_feedback"

    report_id: Mapped[int] = mapped_column(ForeignKey("feedback_report.id", ondelete="CASCADE"),
                                           primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("resident.id", ondelete="CASCADE"), index=True)

    report = relationship("FeedbackReport")
