"""Procedure guides (thủ tục hành chính), their required documents and form templates, and contacts."""

from datetime import date, datetime
from markupsafe import Markup
from sqlalchemy import (Boolean, Date, DateTime, ForeignKey, Integer, JSON, LargeBinary, String, Text,
    UniqueConstraint, inspect)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from wardportal.kernel.columns import RevisionColumns, stored_file, utcnow
from wardportal.kernel.extensions import db
from wardportal.kernel.markdown_text import render_markdown

ONLINE_LEVELS = ("full", "partial", "none")


# Guide fields written in Markdown; their sanitised HTML is rendered once when the guide is saved.
MARKDOWN_FIELDS = ("steps", "requirements", "where_to_submit", "legal_basis")


class Procedure(db.Model):
    """One ward's guide to an administrative procedure, keyed by the national code within the ward."""

    __tablename__ = "procedure"
    __table_args__ = (
        UniqueConstraint("ward_id", "code", name="uq_procedure_ward_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    field: Mapped[str] = mapped_column(String(120))
    field_slug: Mapped[str] = mapped_column(String(120), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    applicants: Mapped[str] = mapped_column(Text, default="")
    steps: Mapped[str] = mapped_column(Text, default="")
    requirements: Mapped[str] = mapped_column(Text, default="")
    processing_days: Mapped[int] = mapped_column(Integer, default=0)
    fee: Mapped[str] = mapped_column(String(300), default="")
    # Structured fees (catalogue.fees); None: only the free-text line above, an officer states the amount.
    fee_schedule: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(String(300), default="")
    where_to_submit: Mapped[str] = mapped_column(Text, default="")
    implementing_body: Mapped[str] = mapped_column(String(200), default="")
    online_level: Mapped[str] = mapped_column(String(10), default="none")
    is_published: Mapped[bool] = mapped_column(Boolean, default=True)
    is_popular: Mapped[bool] = mapped_column(Boolean, default=False)
    # Words residents use for this guide that its text lacks; editors add them from search analytics.
    search_keywords: Mapped[str] = mapped_column(Text, default="", server_default="")
    effective_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    # The guide's name and search words in English, for residents and visitors searching in English.
    title_en: Mapped[str] = mapped_column(String(300), default="", server_default="")
    keywords_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Plain yes/no questions asked on the application ([{"key", "text", "hint"}]); documents depend on them.
    questions: Mapped[list] = mapped_column(JSON, default=list)
    # The structured declaration (tờ khai điện tử): {"title", "fields": [...]}, see eforms.definition.
    eform: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    # {field: sanitised HTML} of MARKDOWN_FIELDS, kept in step on every insert and update (see below).
    rendered_html: Mapped[dict | None] = mapped_column(JSON, nullable=True)

    ward = relationship("Ward", back_populates="procedures")
    documents = relationship("RequiredDocument", back_populates="procedure", order_by="RequiredDocument.position",
                             cascade="all, delete-orphan")
    forms = relationship("FormTemplate", back_populates="procedure", order_by="FormTemplate.id",
                         cascade="all, delete-orphan")

    @property
    def public_forms(self) -> list:
        """The blank forms residents see now (pending additions wait for the draft's publication)."""
        return [form for form in self.forms if form.is_public]

    @property
    def accepts_online(self) -> bool:
        """Whether residents may submit a dossier for this procedure online."""
        return self.online_level in ("full", "partial")

    def html(self, name: str) -> Markup:
        """The sanitised HTML of a Markdown field, as stored at the last save (rendered now if never stored)."""
        stored = (self.rendered_html or {}).get(name)
        if stored is None:
            return render_markdown(getattr(self, name))
        return Markup(stored)


def store_rendered_html(_mapper, _connection, procedure: Procedure) -> None:
    """Render the Markdown fields once per save, so a page view never runs the Markdown parser."""
    state = inspect(procedure)
    changed = procedure.rendered_html is None or any(
        state.attrs[name].history.has_changes() for name in MARKDOWN_FIELDS)
    if changed:
        procedure.rendered_html = {name: str(render_markdown(getattr(procedure, name)))
                                   for name in MARKDOWN_FIELDS}


class RequiredDocument(db.Model):
    """A component of the dossier (thành phần hồ sơ) the applicant must bring or upload."""

    __tablename__ = "required_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(Text)
    original: Mapped[bool] = mapped_column(Boolean, default=True)
    copies: Mapped[int] = mapped_column(Integer, default=1)
    note: Mapped[str] = mapped_column(Text, default="")
    # "" (always asked) or "<question key>=yes|no": the document is asked only for that answer.
    condition: Mapped[str] = mapped_column(String(80), default="")
    # Marked "(không bắt buộc)": the applicant may submit without it.
    optional: Mapped[bool] = mapped_column(Boolean, default=False)

    procedure = relationship("Procedure", back_populates="documents")


class FormTemplate(db.Model):
    """A blank form (mẫu đơn, tờ khai) residents download; kept in the database so every server has it."""

    __tablename__ = "form_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # the bytes live in the database (every server has them); check-storage verifies them like a stored file
    data: Mapped[bytes] = deferred(mapped_column(
        LargeBinary, info=stored_file("blank form", sha256="sha256", size="size", label=("procedure_id", "title"),
                                      in_database=True)))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # "public"; or, on a published guide, a change waiting with its draft: "adding" (residents do not see it
    # yet) or "removing" (residents still see it) until the draft is published.
    pending: Mapped[str] = mapped_column(String(10), default="public", server_default="public")

    procedure = relationship("Procedure", back_populates="forms")

    @property
    def is_public(self) -> bool:
        """Whether residents see and download this form now."""
        return self.pending != "adding"


class Contact(db.Model):
    """An official who guides residents, published with a phone number as the seed wards do."""

    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200))
    field: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(40))
    email: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    ward = relationship("Ward", back_populates="contacts")


class ProcedureRevision(RevisionColumns, db.Model):
    """A saved state of a procedure guide: who saved it, when, which fields changed, and the full snapshot."""

    __tablename__ = "procedure_revision"
    __table_args__ = (UniqueConstraint("procedure_id", "number", name="uq_procedure_revision_number"),)

    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"), index=True)
    # actions: saved, published, unpublished, restored, draft_saved, …

    procedure = relationship("Procedure")


class ProcedureDraft(db.Model):
    """Unpublished changes to a guide, kept apart so the public page and the index show only what is public.

    One per guide. ``content`` holds the guide's fields and documents as the editor left them;
    ``scheduled_for`` is the effective date when an editor published it for a later day. Any server applies
    a due draft (on a request or from ``flask apply-scheduled``), so no in-process timer is needed.
    """

    __tablename__ = "procedure_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"), unique=True)
    content: Mapped[dict] = mapped_column(JSON)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"), nullable=True)
    author_name: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    scheduled_for: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    scheduled_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"),
                                                        nullable=True)
    scheduled_by_name: Mapped[str] = mapped_column(String(200), default="")

    procedure = relationship("Procedure")




class OutsideService(db.Model):
    """A service residents ask the ward for that another agency handles (căn cước, hộ chiếu, lý lịch tư pháp).

    Search answers with it first when a query names it better than any ward guide: who handles it, where
    (the national portal or VNeID), and the ward's phone for help. Kept in the import format and by editors.
    """

    __tablename__ = "outside_service"
    __table_args__ = (UniqueConstraint("ward_id", "code", name="uq_outside_service_ward_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(60))  # a short key in the file, e.g. "ho-chieu"
    title: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300), default="")
    handled_by: Mapped[str] = mapped_column(String(300))
    where: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    # What residents type for it, ";"-separated (Vietnamese and English): "làm hộ chiếu; passport".
    keywords: Mapped[str] = mapped_column(Text, default="")
