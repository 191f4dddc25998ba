"""Residents' feedback (phản ánh, kiến nghị), its per-ward categories, and open-data API clients."""

from datetime import datetime
from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wardportal.kernel.columns import stored_file, utcnow
from wardportal.kernel.extensions import db

FEEDBACK_STATUSES = ("new", "assigned", "answered", "closed")


class FeedbackCategory(db.Model):
    """A kind of problem residents can report to one ward (also an Open311 service)."""

    __tablename__ = "feedback_category"
    __table_args__ = (UniqueConstraint("ward_id", "code", name="uq_feedback_category_ward_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), index=True)
    # Open311 service_code; distinct from procedure codes (which are digits and dots).
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    ward = relationship("Ward")


class FeedbackReport(db.Model):
    """One report from a resident, with the ward's handling and public answer."""

    __tablename__ = "feedback_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="RESTRICT"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("feedback_category.id", ondelete="RESTRICT"), index=True)
    # Given to the resident; also the Open311 service_request_id. Random, so it cannot be enumerated.
    tracking_code: Mapped[str] = mapped_column(String(20), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="new", index=True)
    description: Mapped[str] = mapped_column(Text)
    address_text: Mapped[str] = mapped_column(String(300), default="")
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    # Personal data: shown to the ward's staff only.
    reporter_name: Mapped[str] = mapped_column(String(200), default="")
    reporter_phone: Mapped[str] = mapped_column(String(20), default="")
    reporter_email: Mapped[str] = mapped_column(String(200), default="")
    # the cleaned photo under <instance>/uploads/ (size and hash empty for photos stored before they were
    # recorded); the report's id tells it apart in check-storage, never the reporter's details
    photo_name: Mapped[str | None] = mapped_column(
        String(200), nullable=True, info=stored_file("feedback photo", sha256="photo_sha256", size="photo_size"))
    photo_size: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    photo_sha256: Mapped[str] = mapped_column(String(64), default="", server_default="")
    source: Mapped[str] = mapped_column(String(20), default="web")
    api_client_id: Mapped[int | None] = mapped_column(ForeignKey("api_client.id", ondelete="SET NULL"),
                                                      nullable=True)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"),
                                                       nullable=True)
    public_answer: Mapped[str] = mapped_column(Text, default="")
    internal_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    ward = relationship("Ward")
    category = relationship("FeedbackCategory")
    assigned_to = relationship("StaffUser")

    @property
    def is_public(self) -> bool:
        """Answered reports are published (without the reporter's personal data)."""
        return self.status in ("answered", "closed") and bool(self.public_answer)


class ApiClient(db.Model):
    """An application allowed to post to the API, with its key stored as a hash."""

    __tablename__ = "api_client"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # The first characters, shown to admins so they can tell keys apart; the key itself is never stored.
    key_prefix: Mapped[str] = mapped_column(String(12))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    ward = relationship("Ward")
