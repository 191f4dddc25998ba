"""Column types and defaults shared by the models."""

from datetime import datetime, timezone

from sqlalchemy import DateTime, Integer, String
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
