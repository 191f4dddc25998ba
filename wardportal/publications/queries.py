"""What residents see of a ward's publications at a given moment (scheduled items appear at their time).

Every function takes ``now``: visibility is decided on each read by comparing ``publish_at`` with it, so a
scheduled item becomes public on every server at the same moment without any timer or job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import extract, func, select

from wardportal.kernel.extensions import db
from wardportal.kernel.times import as_utc, now_utc
from wardportal.publications.models import Publication


def public(ward, now: datetime, kind: str | None = None):
    """The select of the ward's publications public at ``now`` (optionally one kind)."""
    query = select(Publication).where(Publication.ward_id == ward.id, Publication.status == "published",
                                      Publication.publish_at <= now)
    if kind:
        query = query.where(Publication.kind == kind)
    return query


def _newest_first(query):
    """Newest publication first (documents by their issue date would surprise readers of a news list)."""
    return query.order_by(Publication.publish_at.desc(), Publication.id.desc())


@dataclass(frozen=True)
class Facet:
    """One value of a filter (a year or a field) with how many publications have it."""

    value: str
    label: str
    count: int


def listing(ward, kind: str, now: datetime, year: int | None = None, field: str = "",
            limit: int = 20, offset: int = 0) -> tuple[list[Publication], int]:
    """One page of a kind's public publications, filtered by year and field slug; and the total."""
    query = public(ward, now, kind)
    if year:
        query = query.where(extract("year", _year_column(kind)) == year)
    if field:
        query = query.where(Publication.field_slug == field)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = list(db.session.scalars(_newest_first(query).limit(limit).offset(offset)))
    return items, total


def _year_column(kind: str):
    """Documents are filed by the year they were issued; notices and news by when they went up."""
    return func.coalesce(Publication.issued_on, Publication.publish_at) if kind == "document" \
        else Publication.publish_at


def years(ward, kind: str, now: datetime) -> list[int]:
    """The years that have public publications of this kind, newest first."""
    rows = db.session.scalars(public(ward, now, kind).with_only_columns(
        extract("year", _year_column(kind))).distinct())
    return sorted({int(y) for y in rows if y is not None}, reverse=True)


def fields(ward, kind: str, now: datetime) -> list[Facet]:
    """The fields (lĩnh vực) used by public publications of this kind, with counts."""
    query = public(ward, now, kind).where(Publication.field_slug != "").with_only_columns(
        Publication.field_slug, func.min(Publication.field), func.count()).group_by(Publication.field_slug)
    return sorted((Facet(slug, name, count) for slug, name, count in db.session.execute(query)),
                  key=lambda f: f.label)


def latest(ward, now: datetime, kind: str = "notice", limit: int = 5) -> list[Publication]:
    """The newest public publications of a kind (the ward home shows the latest notices)."""
    return list(db.session.scalars(_newest_first(public(ward, now, kind)).limit(limit)))


def public_one(ward, kind: str, publication_id: int, now: datetime) -> Publication | None:
    """One public publication of the ward and kind, or None (drafts, scheduled, other wards: None)."""
    return db.session.scalar(public(ward, now, kind).where(Publication.id == publication_id))


def all_public(ward, now: datetime, limit: int | None = None) -> list[Publication]:
    """Every public publication of the ward, newest first (feeds, sitemap)."""
    query = _newest_first(public(ward, now))
    return list(db.session.scalars(query.limit(limit) if limit else query))


def seconds_until_next_change(ward_id: int, now: datetime | None = None) -> float:
    """Seconds until the ward's next scheduled publication goes public (infinity when none is scheduled).

    The page cache keeps the ward's pages no longer than that: going public by the clock writes nothing.
    """
    now = now or now_utc()
    due = db.session.scalar(select(func.min(Publication.publish_at)).where(
        Publication.ward_id == ward_id, Publication.status == "published", Publication.publish_at > now))
    if due is None:
        return float("inf")
    return max((as_utc(due) - now).total_seconds(), 0.0)


def latest_notices(ward, now: datetime, limit: int = 5) -> list:
    """The ward's newest public notices, for its home page."""
    return latest(ward, now, "notice", limit)
