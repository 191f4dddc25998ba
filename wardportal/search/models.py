"""Per-ward search vocabulary that editors extend, and anonymous daily counts of what residents search."""

from datetime import date, datetime
from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from wardportal.kernel.columns import utcnow
from wardportal.kernel.extensions import db

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


class SearchQueryDay(db.Model):
    """How often one normalised query was searched in a ward on one day: counts only, nothing about who.

    No address, session or time of day is kept; rare queries older than 90 days are purged
    (`flask --app wardportal purge-search-queries`), so a name typed once does not stay.
    """

    __tablename__ = "search_query_day"
    __table_args__ = (UniqueConstraint("ward_id", "day", "query", name="uq_search_query_day_ward_day_query"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    query: Mapped[str] = mapped_column(String(120))
    searches: Mapped[int] = mapped_column(Integer, default=0)
    zero_results: Mapped[int] = mapped_column(Integer, default=0)
    clicks: Mapped[int] = mapped_column(Integer, default=0)
    # Searches answered first with a service another agency handles (catalogue.models.OutsideService).
    outside: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
