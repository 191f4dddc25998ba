"""Tables of online submission: application drafts with their uploads, and the daily dossier counters."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .columns import StoredFileColumns, utcnow


class ApplicationDraft(db.Model):
    """An online application in progress, saved at every step so it can be resumed from its link."""

    __tablename__ = "application_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), index=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"), index=True)
    # SHA-256 of the resume token: the link is the only key to the draft, and a copy of the
    # database must not hand out working links.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # What the applicant typed, as typed (strings), so a re-shown page gives it back unchanged.
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    # Idempotency key copied onto the dossier: a resent final submit finds the dossier it made.
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id", ondelete="SET NULL"),
                                                   nullable=True)
    # Keyed hash of the address that opened the draft (never the address itself): uploads are capped per
    # address per day across all of its drafts.
    client_hash: Mapped[str] = mapped_column(String(64), default="", server_default="", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow,
                                                 index=True)

    ward = relationship("Ward")
    procedure = relationship("Procedure")
    dossier = relationship("Dossier")
    files = relationship("DraftFile", back_populates="draft", order_by="DraftFile.id",
                         cascade="all, delete-orphan")


class DraftFile(StoredFileColumns, db.Model):
    """A file uploaded into a draft; on submission its stored file passes to the dossier unchanged."""

    __tablename__ = "draft_file"
    stored_file_label = ("draft_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("application_draft.id", ondelete="CASCADE"), index=True)
    document_index: Mapped[int] = mapped_column(Integer)

    draft = relationship("ApplicationDraft", back_populates="files")


class DossierDayCounter(db.Model):
    """The last sequence number handed out for a ward on a day (the NNNN of UNITCODE-YYMMDD-NNNN)."""

    __tablename__ = "dossier_day_counter"

    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)
