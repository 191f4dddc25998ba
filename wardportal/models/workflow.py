"""Workflow tables: requests for more documents (with one slot per missing paper) and staff notifications.

Also declares the composite indexes on ``dossier`` that the staff queue and the deadline alerts use.
"""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .columns import utcnow
from .dossier import Dossier


class DocumentRequest(db.Model):
    """A request to supplement a dossier (phiếu yêu cầu bổ sung), open until every paper is supplied."""

    __tablename__ = "document_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("dossier_event.id", ondelete="SET NULL"),
                                                 nullable=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"),
                                                   nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    # Optional date by which the applicant should supplement; the clock is stopped meanwhile anyway.
    deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    dossier = relationship("Dossier")
    officer = relationship("StaffUser")
    items = relationship("MissingDocument", back_populates="request", order_by="MissingDocument.position",
                         cascade="all, delete-orphan")


class MissingDocument(db.Model):
    """One paper the applicant must add; the file they upload for it is linked here."""

    __tablename__ = "missing_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("document_request.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text, default="")
    # Index into the dossier's procedure_snapshot["documents"] when the paper is one of the listed ones.
    document_index: Mapped[int | None] = mapped_column(Integer, nullable=True)
    file_id: Mapped[int | None] = mapped_column(ForeignKey("dossier_file.id", ondelete="SET NULL"),
                                                nullable=True)
    supplied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    request = relationship("DocumentRequest", back_populates="items")
    file = relationship("DossierFile")


class StaffNotification(db.Model):
    """A message for one officer (a dossier was assigned to them), shown on their alerts page."""

    __tablename__ = "staff_notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), nullable=True)
    kind: Mapped[str] = mapped_column(String(20), default="assigned")
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    dossier = relationship("Dossier")


# The staff queue filters by ward first, then status/officer, and orders by due date or submission time;
# without these, a ward's first page over 100,000 dossiers sorts the whole table.
Index("ix_dossier_ward_status_due", Dossier.ward_id, Dossier.status, Dossier.due_date)
Index("ix_dossier_ward_due", Dossier.ward_id, Dossier.due_date)
Index("ix_dossier_ward_submitted", Dossier.ward_id, Dossier.submitted_at)
Index("ix_dossier_ward_officer", Dossier.ward_id, Dossier.assigned_officer_id, Dossier.status)
