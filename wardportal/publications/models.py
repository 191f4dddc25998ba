"""Ward publications: notices (thông báo), news (tin tức) and official documents (văn bản), with revisions."""

from datetime import date, datetime
from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wardportal.kernel.columns import RevisionColumns, stored_file, utcnow
from wardportal.kernel.extensions import db
from wardportal.kernel.times import as_utc

PUBLICATION_KINDS = ("notice", "news", "document")


class Publication(db.Model):
    """One notice, news article or official document of a ward.

    Public when ``status`` is "published" and ``publish_at`` has passed: a scheduled item becomes visible
    on every server at its time because each read compares with the clock, with no timer anywhere.
    """

    __tablename__ = "publication"
    __table_args__ = (Index("ix_publication_listing", "ward_id", "kind", "status", "publish_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    field: Mapped[str] = mapped_column(String(120), default="")
    field_slug: Mapped[str] = mapped_column(String(140), default="")
    # notices only: the day after which the notice no longer applies (still readable, marked as expired)
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    # documents only: số/ký hiệu such as 123/QĐ-UBND, loại văn bản, ngày ban hành, người ký
    doc_number: Mapped[str] = mapped_column(String(80), default="")
    doc_type: Mapped[str] = mapped_column(String(80), default="")
    issued_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    signer: Mapped[str] = mapped_column(String(200), default="")
    # folded words of title, number, type, summary and field, space-delimited, written at every save
    search_text: Mapped[str] = mapped_column(Text, default="")
    # draft, awaiting_signature (an unsigned document waits for a leader of the ward to sign it; never
    # public) or published; a published item with a future publish_at is scheduled
    status: Mapped[str] = mapped_column(String(20), default="draft")
    publish_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # news picture: re-encoded JPEG under <instance>/uploads/ (size and hash empty for pictures stored
    # before they were recorded: then only its presence can be checked)
    image_name: Mapped[str | None] = mapped_column(
        String(200), nullable=True,
        info=stored_file("publication picture", sha256="image_sha256", size="image_size", label=("kind", "title")))
    image_size: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    image_sha256: Mapped[str] = mapped_column(String(64), default="", server_default="")
    image_alt: Mapped[str] = mapped_column(String(300), default="")
    image_width: Mapped[int] = mapped_column(Integer, default=0)
    image_height: Mapped[int] = mapped_column(Integer, default=0)
    # document PDF under <instance>/uploads/; signed_on_arrival tells an incoming signature from our seal
    pdf_name: Mapped[str | None] = mapped_column(
        String(200), nullable=True,
        info=stored_file("publication PDF", sha256="pdf_sha256", size="pdf_size", label=("kind", "title")))
    pdf_original_name: Mapped[str] = mapped_column(String(300), default="")
    pdf_size: Mapped[int] = mapped_column(Integer, default=0)
    pdf_sha256: Mapped[str] = mapped_column(String(64), default="")
    signed_on_arrival: Mapped[bool] = mapped_column(Boolean, default=False)
    sealed_by_ward: Mapped[bool] = mapped_column(Boolean, default=False)
    # the leader who signed the document for publication (then the ward sealed it), and why a leader last
    # returned it to the editors instead (cleared when it is sent again)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"),
                                                     nullable=True)
    return_reason: Mapped[str] = mapped_column(Text, default="")

    ward = relationship("Ward")
    signed_by = relationship("StaffUser", foreign_keys=[signed_by_id])
    revisions = relationship("PublicationRevision", back_populates="publication", cascade="all, delete-orphan",
                             order_by="PublicationRevision.number.desc()", passive_deletes=True)

    def is_public(self, now: datetime) -> bool:
        """Whether residents see it at ``now``."""
        return self.status == "published" and self.publish_at is not None and as_utc(self.publish_at) <= now

    def is_scheduled(self, now: datetime) -> bool:
        """Published for a moment still to come."""
        return self.status == "published" and self.publish_at is not None and as_utc(self.publish_at) > now



class PublicationRevision(RevisionColumns, db.Model):
    """A saved state of a publication: who, when, which fields changed, and the full snapshot."""

    __tablename__ = "publication_revision"
    __table_args__ = (UniqueConstraint("publication_id", "number", name="uq_publication_revision_number"),)

    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id", ondelete="CASCADE"), index=True)
    # actions: saved, published, scheduled, unpublished, sealed, sent_to_leader, returned, signed

    publication = relationship("Publication", back_populates="revisions")


__all__ = ["PUBLICATION_KINDS", "Publication", "PublicationRevision"]
