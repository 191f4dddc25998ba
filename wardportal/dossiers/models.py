"""Dossiers (hồ sơ) submitted online or at the counter, their files, events and clock pauses."""

from datetime import date, datetime
from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, JSON, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from wardportal.kernel.columns import StoredFileColumns, utcnow
from wardportal.kernel.text_folding import words
from wardportal.kernel.extensions import db

CHANNELS = ("online", "counter")


DELIVERY_METHODS = ("office", "post", "online")


def code_tail(code: str) -> str:
    """``YYMMDD-NNNN`` of ``UNITCODE-YYMMDD-NNNN`` (the last two parts), or "" for another shape."""
    parts = (code or "").rsplit("-", 2)
    if len(parts) == 3 and parts[1].isdigit() and len(parts[1]) == 6 and parts[2].isdigit():
        return f"{parts[1]}-{parts[2]}"[:20]
    return ""


def folded_name(name: str) -> str:
    """A name as the search folds it: "Lê Văn Tám" → "le van tam" (words joined by one space)."""
    return " ".join(words(name))[:200]


class Dossier(db.Model):
    """An application for one procedure, with the procedure version in force when it was received."""

    __tablename__ = "dossier"
    # The figures filter one ward's dossiers by when they were received or resolved; the trailing columns
    # make these covering indexes, so the sums never read the (large) dossier rows.
    __table_args__ = (Index("ix_dossier_ward_received", "ward_id", "received_at", "status", "channel",
                            "procedure_id", "result_ready_at"),
                      Index("ix_dossier_ward_resolved", "ward_id", "result_ready_at", "status", "due_date",
                            "processing_working_days", "rating", "procedure_id", "received_at"),
                      # Bank notes often lose the unit code's punctuation or cut it off: statements are
                      # matched on the code's day and number, looked up in one batch per chunk.
                      Index("ix_dossier_ward_code_tail", "ward_id", "code_tail"),
                      # The desk finds a name typed without diacritics by scanning this index alone.
                      Index("ix_dossier_ward_name_folded", "ward_id", "applicant_name_folded"))

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="RESTRICT"), index=True)
    procedure_id: Mapped[int | None] = mapped_column(ForeignKey("procedure.id", ondelete="SET NULL"),
                                                     index=True, nullable=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    # "YYMMDD-NNNN", the end of the code, kept by `_keep_code_tail` (see payments/statements.py).
    code_tail: Mapped[str] = mapped_column(String(20), default="", server_default="")
    # Unguessable: the receipt's QR link carries it, since codes are a daily sequence.
    tracking_token: Mapped[str] = mapped_column(String(64), unique=True)
    # National status code set 1..10 (see dossier_status.DossierStatus).
    status: Mapped[int] = mapped_column(SmallInteger, index=True)
    channel: Mapped[str] = mapped_column(String(10), default="online")
    # Snapshot of the procedure (code, title, field, processing_days, fee, documents) at submission/receipt.
    procedure_snapshot: Mapped[dict] = mapped_column(JSON, default=dict)

    applicant_name: Mapped[str] = mapped_column(String(200), index=True)
    # The name as the search folds it ("le van tam"), kept by `_keep_folded_name` for the desk search.
    applicant_name_folded: Mapped[str] = mapped_column(String(200), default="", server_default="")
    applicant_id_number: Mapped[str] = mapped_column(String(12))
    applicant_birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    applicant_phone: Mapped[str] = mapped_column(String(20))
    applicant_email: Mapped[str] = mapped_column(String(200), default="")
    applicant_address: Mapped[str] = mapped_column(Text, default="")
    # The name, citizen ID and birth date came from the resident's identity provider (signed in with VNeID or
    # the province's SSO, issue 30) and the submit came from that signed-in resident: the officer need not
    # check them against the ID card again.
    applicant_verified: Mapped[bool] = mapped_column(db.Boolean, default=False, server_default=db.false())
    extra_fields: Mapped[dict] = mapped_column(JSON, default=dict)
    delivery_method: Mapped[str] = mapped_column(String(10), default="office")

    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    # Set when the ward apologises for a delay and gives a new appointment.
    new_appointment_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    result_ready_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    returned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    assigned_officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"),
                                                            nullable=True, index=True)
    # Idempotency key of the submit form, so a double click or a resend creates one dossier.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    # Working days the office used, pauses excluded; kept by processing_time.py when the result is ready.
    processing_working_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rating: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    rating_comment: Mapped[str] = mapped_column(Text, default="")
    rated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Wrong answers to the phone check (tracking form and QR page together), counted in the database so
    # every worker and server sees the same count; the detail view stays locked until phone_locked_until.
    phone_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    phone_failures_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    phone_locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    ward = relationship("Ward")
    procedure = relationship("Procedure")
    assigned_officer = relationship("StaffUser")
    files = relationship("DossierFile", back_populates="dossier", order_by="DossierFile.id",
                         cascade="all, delete-orphan")
    events = relationship("DossierEvent", back_populates="dossier", order_by="DossierEvent.id",
                          cascade="all, delete-orphan")
    pauses = relationship("ClockPause", back_populates="dossier", order_by="ClockPause.id",
                          cascade="all, delete-orphan")

    @validates("applicant_name")
    def _keep_folded_name(self, _key, name):
        """The folded name travels with the name, so the desk search needs no folding in SQL."""
        self.applicant_name_folded = folded_name(name or "")
        return name

    @validates("code")
    def _keep_code_tail(self, _key, code):
        """The code's day and number travel with it, for matching bank transfers by index."""
        self.code_tail = code_tail(code)
        return code


class DossierFile(StoredFileColumns, db.Model):
    """A stored file of a dossier: an attachment, a supplement, the receipt, a slip or the result."""

    __tablename__ = "dossier_file"
    stored_file_label = ("kind", "dossier_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    # attachment | supplement | receipt | slip | declaration | draft | result | fee_receipt
    kind: Mapped[str] = mapped_column(String(20), default="attachment")
    # Index into procedure_snapshot["documents"], or None for files not tied to a required document.
    document_index: Mapped[int | None] = mapped_column(Integer, nullable=True)
    document_name: Mapped[str] = mapped_column(Text, default="")
    # A slip is issued once per event: the stored, signed copy is what every later download serves.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("dossier_event.id", ondelete="SET NULL"),
                                                 nullable=True, unique=True)

    dossier = relationship("Dossier", back_populates="files")


class DossierEvent(db.Model):
    """One step of a dossier's history: the status it moved to, who moved it and what they said."""

    __tablename__ = "dossier_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    status: Mapped[int] = mapped_column(SmallInteger)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"),
                                                   nullable=True)
    public_note: Mapped[str] = mapped_column(Text, default="")
    internal_note: Mapped[str] = mapped_column(Text, default="")
    # Structured details, e.g. the list of missing documents or a new appointment date.
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    dossier = relationship("Dossier", back_populates="events")
    officer = relationship("StaffUser")


class ClockPause(db.Model):
    """A stretch during which the deadline clock stood still (more documents requested)."""

    __tablename__ = "clock_pause"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    stopped_on: Mapped[date] = mapped_column(Date)
    resumed_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    dossier = relationship("Dossier", back_populates="pauses")


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


class PhoneUnlockCode(db.Model):
    """A one-time code sent to the applicant (outbox) that lifts the phone-check lock of their dossier.

    Only an HMAC of the code is stored; a code is spent when it is used, when a newer one is sent, or when
    its attempts run out (track/unlock_codes.py holds the rules).
    """

    __tablename__ = "phone_unlock_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    spent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


# The staff queue filters by ward first, then status/officer, and orders by due date or submission time;
# without these, a ward's first page over 100,000 dossiers sorts the whole table.
Index("ix_dossier_ward_status_due", Dossier.ward_id, Dossier.status, Dossier.due_date)


Index("ix_dossier_ward_due", Dossier.ward_id, Dossier.due_date)


Index("ix_dossier_ward_submitted", Dossier.ward_id, Dossier.submitted_at)


Index("ix_dossier_ward_officer", Dossier.ward_id, Dossier.assigned_officer_id, Dossier.status)
