"""Per-ward search vocabulary that editors extend."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .columns import utcnow


class SearchSynonym(db.Model):
    """An everyday phrase residents type and the official wording it stands for, in one ward."""

    __tablename__ = "search_synonym"
    __table_args__ = (UniqueConstraint("ward_id", "phrase", name="uq_search_synonym_ward_phrase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), index=True)
    phrase: Mapped[str] = mapped_column(String(120))
    expansion: Mapped[str] = mapped_column(String(300))


class SearchChange(db.Model):
    """One entry of the catalogue change log every server's search index follows (see index sync).

    Written in the same transaction as the guide change it records, so a committed edit always has its
    entry; the ids are the generation numbers the servers compare against what their index has applied.
    """

    __tablename__ = "search_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(60))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
