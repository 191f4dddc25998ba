"""Column types and defaults shared by the models."""

from datetime import datetime, timezone

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column


def utcnow() -> datetime:
    """Timezone-aware now; stored as UTC, shown in Asia/Ho_Chi_Minh by the templates."""
    return datetime.now(timezone.utc)


class StoredFileColumns:
    """What is kept about an uploaded or generated file stored under ``<instance>/uploads/``."""

    original_name: Mapped[str] = mapped_column(String(300))
    # Generated; the uploaded name is never used on disk.
    stored_name: Mapped[str] = mapped_column(String(200), unique=True)
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RevisionColumns:
    """A saved state of an edited thing (a guide, a publication): its number, what was done, by whom and
    when, which fields changed, and the full snapshot. The owner's key and relationship are the model's."""

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    # What was done: saved, published, unpublished, restored, … (each model lists its own)
    action: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"), nullable=True)
    # Kept as text so the history still names the author after the account is removed.
    author_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    changed_fields: Mapped[list] = mapped_column(JSON, default=list)
    snapshot: Mapped[dict] = mapped_column(JSON)
