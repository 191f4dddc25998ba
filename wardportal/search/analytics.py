"""Search analytics for editors: what residents search, what finds nothing, what nobody opens.

Only counts are kept, per ward, per normalised query, per day (`SearchQueryDay`): no address, no session,
no time of day. A query is normalised before it is stored (folded, lowercase, digit runs that could be a
phone or ID number removed), and rare queries older than `RETENTION_DAYS` are purged, so something
personal typed once does not stay. "Nobody opened a guide" needs no tracking of people either: result
links carry the normalised query, and opening a guide through one adds a click to that query's day.
"""

import logging
import threading
from time import monotonic
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from wardportal.catalogue.models import Procedure
from wardportal.catalogue.signals import procedures_changed
from wardportal.dossiers.models import Dossier
from wardportal.kernel.extensions import db
from wardportal.search.folding import fold, words
from wardportal.search.models import SearchQueryDay
from wardportal.staff import audit
from wardportal.staff.models import Ward

log = logging.getLogger(__name__)

RETENTION_DAYS = 90
RARE_BELOW = 5  # a query searched fewer times than this (in all its kept days) is rare
MAX_QUERY_CHARS = 120
_LONG_NUMBER = 5  # digit runs this long are phone, ID or dossier numbers: never stored


def normalise_query(text: str) -> str:
    """Return `text` as stored: folded words, numbers of 5+ digits dropped (procedure codes kept), ≤120 chars."""
    kept = " ".join(w for w in words(text or "") if not (w.isdigit() and len(w) >= _LONG_NUMBER))
    if len(kept) > MAX_QUERY_CHARS:
        kept = kept[:MAX_QUERY_CHARS + 1].rsplit(" ", 1)[0]  # whole words only
    return kept


def _bump(ward_id: int, day: date, query: str, **increments: int) -> None:
    """Add `increments` to the counters of (ward, day, query), creating the row on its first use.

    UPDATE first, INSERT when no row was there; when another server inserted it meanwhile, the unique
    constraint refuses ours and the UPDATE is done again, so concurrent counts are not lost.
    """
    key = (SearchQueryDay.ward_id == ward_id, SearchQueryDay.day == day, SearchQueryDay.query == query)
    values = {name: getattr(SearchQueryDay, name) + amount for name, amount in increments.items()}
    if db.session.execute(update(SearchQueryDay).where(*key).values(values)).rowcount:
        return
    row = {"searches": 0, "zero_results": 0, "clicks": 0, **increments}
    try:
        with db.session.begin_nested():
            db.session.add(SearchQueryDay(ward_id=ward_id, day=day, query=query, **row))
    except IntegrityError:
        db.session.execute(update(SearchQueryDay).where(*key).values(values))


class PendingCounts:
    """Counts not yet written, per app (a process may serve several), retried until written or too old.

    A busy database (SQLite's write lock under load, a PostgreSQL failover) refuses a count now and then;
    it waits here and goes out with the next count's transaction. One that still cannot be written after
    `max_age` seconds, or beyond `max_keys` waiting queries, is dropped with an error in the log, never
    silently.
    """

    def __init__(self, max_age: float = 600.0, max_keys: int = 10_000):
        self.max_age = max_age
        self.max_keys = max_keys
        self._lock = threading.Lock()
        self._waiting: dict[tuple, tuple[Counter, float]] = {}

    def add(self, key: tuple, increments: Mapping[str, int], since: float | None = None) -> None:
        """Queue `increments` for (ward_id, day, query)."""
        with self._lock:
            counts, first = self._waiting.get(key, (Counter(), since or monotonic()))
            counts.update(increments)
            self._waiting[key] = (counts, min(first, since or first))

    def take(self) -> dict[tuple, tuple[Counter, float]]:
        """Everything waiting, removed from the queue (put back what could not be written)."""
        with self._lock:
            taken, self._waiting = self._waiting, {}
        return taken

    def put_back(self, taken: dict[tuple, tuple[Counter, float]]) -> None:
        """Queue again what a failed write took, dropping (and logging) what waited too long."""
        now = monotonic()
        for key, (counts, since) in taken.items():
            if now - since > self.max_age or len(self._waiting) >= self.max_keys:
                log.error("search analytics dropped after %.0f s of failed writes: ward %s, %s, %r, %s",
                          now - since, key[0], key[1], key[2], dict(counts))
                continue
            self.add(key, counts, since)

    def __len__(self) -> int:
        return len(self._waiting)


def pending_counts() -> PendingCounts:
    """This app's counts waiting to be written."""
    return current_app.extensions.setdefault("search.pending_counts", PendingCounts())


def flush_counts() -> bool:
    """Write every waiting count in one short transaction; False (kept for the next try) when refused."""
    pending = pending_counts()
    taken = pending.take()
    if not taken:
        return True
    try:
        for (ward_id, day, query), (counts, _since) in taken.items():
            _bump(ward_id, day, query, **counts)
        db.session.commit()
        return True
    except OperationalError as exc:
        # A busy or read-only database must not cost the resident their search; the counts wait.
        db.session.rollback()
        pending.put_back(taken)
        log.warning("search analytics not written yet (%s): %d queries waiting", type(exc).__name__, len(pending))
        return False


def _record(ward_id: int, day: date, query: str, **increments: int) -> bool:
    """Count, commit, and never let a counting failure break the resident's page; False if it waits."""
    if not query:
        return False
    pending_counts().add((ward_id, day, query), increments)
    return flush_counts()


def record_search(ward_id: int, text: str, found: int, today: date, outside: bool = False) -> str:
    """Count one search of ward `ward_id` (zero results when `found` is 0; `outside`: answered first with a
    service another agency handles, so editors see that demand); return the normalised query."""
    query = normalise_query(text)
    _record(ward_id, today, query, searches=1, zero_results=int(found == 0), outside=int(outside))
    return query


def record_click(ward_id: int, query: str, today: date) -> bool:
    """Count that a guide was opened from the results of `query` (already normalised, re-normalised here)."""
    return _record(ward_id, today, normalise_query(query), clicks=1)


@dataclass
class QueryFigures:
    """One normalised query over a period: how often searched, how often nothing found, guides opened."""

    query: str
    searches: int
    zero_results: int
    clicks: int


@dataclass
class SearchReport:
    """The three lists editors look at for a period."""

    start: date
    end: date
    frequent: list[QueryFigures]
    zero_results: list[QueryFigures]
    no_clicks: list[QueryFigures]
    total_searches: int
    # Queries answered first with a service another agency handles (ID cards, passports ...).
    outside: list[QueryFigures] = field(default_factory=list)


def search_report(ward: Ward, start: date, end: date, limit: int = 30) -> SearchReport:
    """Most frequent queries, queries that found nothing, and queries after which no guide was opened."""
    flush_counts()  # what waited for a busy moment is counted before editors read the figures
    searches = func.sum(SearchQueryDay.searches)
    zero = func.sum(SearchQueryDay.zero_results)
    clicks = func.sum(SearchQueryDay.clicks)
    outside = func.sum(SearchQueryDay.outside)
    grouped = (select(SearchQueryDay.query, searches.label("s"), zero.label("z"), clicks.label("c"))
               .where(SearchQueryDay.ward_id == ward.id, SearchQueryDay.day >= start, SearchQueryDay.day <= end)
               .group_by(SearchQueryDay.query))

    def rows(query) -> list[QueryFigures]:
        return [QueryFigures(q, int(s or 0), int(z or 0), int(c or 0)) for q, s, z, c in db.session.execute(query)]

    return SearchReport(
        start=start, end=end,
        frequent=rows(grouped.having(searches > 0).order_by(searches.desc(), SearchQueryDay.query).limit(limit)),
        zero_results=rows(grouped.having(zero > 0).order_by(zero.desc(), SearchQueryDay.query).limit(limit)),
        no_clicks=rows(grouped.having(searches > zero, clicks == 0, outside == 0)
                       .order_by(searches.desc(), SearchQueryDay.query).limit(limit)),
        outside=rows(grouped.having(outside > 0).order_by(outside.desc(), SearchQueryDay.query).limit(limit)),
        total_searches=int(db.session.scalar(
            select(func.coalesce(func.sum(SearchQueryDay.searches), 0))
            .where(SearchQueryDay.ward_id == ward.id, SearchQueryDay.day >= start, SearchQueryDay.day <= end))),
    )


def purge_rare_queries(today: date, older_than_days: int = RETENTION_DAYS, rare_below: int = RARE_BELOW) -> int:
    """Delete the days older than the retention of queries searched fewer than `rare_below` times; return rows."""
    cutoff = today - timedelta(days=older_than_days)
    totals = (select(SearchQueryDay.ward_id, SearchQueryDay.query)
              .group_by(SearchQueryDay.ward_id, SearchQueryDay.query)
              .having(func.sum(SearchQueryDay.searches) < rare_below))
    deleted = 0
    for ward_id, query in db.session.execute(totals).all():
        deleted += db.session.execute(delete(SearchQueryDay).where(
            SearchQueryDay.ward_id == ward_id, SearchQueryDay.query == query,
            SearchQueryDay.day < cutoff)).rowcount
    db.session.commit()
    return deleted


def add_search_keyword(ward: Ward, procedure_id: int, keyword: str, actor, ip_address: str, now) -> Procedure:
    """Add `keyword` to a guide's search keywords and reindex it.

    LookupError when the guide is not this ward's, ValueError when it already has the keyword.
    """
    procedure = db.session.get(Procedure, procedure_id)
    if procedure is None or procedure.ward_id != ward.id:
        raise LookupError("procedure")
    keyword = " ".join(keyword.split())
    existing = [k.strip() for k in (procedure.search_keywords or "").split(";") if k.strip()]
    if any(fold(k) == fold(keyword) for k in existing):
        raise ValueError("duplicate")
    procedure.search_keywords = "; ".join([*existing, keyword])
    audit.record("search.keyword_added", actor, ip_address, now, ward=ward, target=f"{procedure.code}: {keyword}")
    db.session.commit()
    procedures_changed.send(ward.id, ward_id=ward.id, procedure_ids=[procedure.id])
    return procedure


def most_used_procedures(ward: Ward, today: date, limit: int = 6) -> list[Procedure]:
    """The ward's published guides with the most dossiers in the last 90 days, topped up with popular ones."""
    since = datetime.combine(today - timedelta(days=RETENTION_DAYS), time(), tzinfo=timezone.utc)
    used = (select(Procedure).join(Dossier, Dossier.procedure_id == Procedure.id)
            .where(Procedure.ward_id == ward.id, Procedure.is_published.is_(True), Dossier.submitted_at >= since)
            .group_by(Procedure.id).order_by(func.count(Dossier.id).desc(), Procedure.title).limit(limit))
    found = list(db.session.scalars(used))
    if len(found) < limit:
        more = (select(Procedure).where(Procedure.ward_id == ward.id, Procedure.is_published.is_(True),
                                        Procedure.id.not_in([p.id for p in found]))
                .order_by(Procedure.is_popular.desc(), Procedure.title).limit(limit - len(found)))
        found.extend(db.session.scalars(more))
    return found
