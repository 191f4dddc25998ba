"""Column types and defaults shared by the models."""

from datetime import datetime, timezone


def utcnow() -> datetime:
    """Timezone-aware now; stored as UTC, shown in Asia/Ho_Chi_Minh by the templates."""
    return datetime.now(timezone.utc)
