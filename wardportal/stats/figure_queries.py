"""The SQL behind the transparency figures: every count is an aggregate in the database.

Python only sees grouped rows (one per day, procedure, rating or ward), never one row per dossier, so a
ward with a hundred thousand dossiers costs a handful of index range scans. Withdrawn dossiers (status 7)
are left out everywhere, as the province's reports do.
"""

from sqlalchemy import Boolean, and_, case, func, literal, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from wardportal.catalogue.models import Procedure
from wardportal.dossiers.models import Dossier
from wardportal.kernel.extensions import db
from wardportal.kernel.periods import Period
from wardportal.staff.models import Ward

WITHDRAWN = 7
# Not accepted (3) and stopped (8) dossiers are no longer in progress; withdrawn ones are not counted at all.
FINISHED_WITHOUT_RESULT = (3, 8)


class ready_by_due_date(FunctionElement):  # noqa: N801  (reads as an SQL function)
    """True when a UTC timestamp falls no later than the end of a Vietnamese calendar day (UTC+7, no DST).

    Compared without converting every row: a result is on time when it is earlier than 00:00 in Hanoi on
    the day after the due date, i.e. 17:00 UTC on the due date itself.
    """

    type = Boolean()
    inherit_cache = True
    name = "ready_by_due_date"


@compiles(ready_by_due_date, "sqlite")
def _ready_by_due_date_sqlite(element, compiler, **kw):
    # SQLite keeps both as text: 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC) and 'YYYY-MM-DD'; text order is time order.
    moment, day = (compiler.process(c, **kw) for c in element.clauses)
    return f"({moment} < {day} || ' 17:00:00')"


@compiles(ready_by_due_date, "postgresql")
def _ready_by_due_date_postgresql(element, compiler, **kw):
    moment, day = (compiler.process(c, **kw) for c in element.clauses)
    return f"({moment} < (CAST({day} AS timestamp) + INTERVAL '1 day') AT TIME ZONE 'Asia/Ho_Chi_Minh')"


def _scope(ward_ids):
    """Dossiers of the given wards (all wards when None), withdrawn ones left out.

    All wards are named explicitly: ``ward_id IN (…)`` lets the database walk the per-ward covering indexes
    instead of reading the whole table.
    """
    if ward_ids is None:
        ward_ids = list(db.session.scalars(select(Ward.id)))
    ward_filter = Dossier.ward_id == ward_ids[0] if len(ward_ids) == 1 else Dossier.ward_id.in_(ward_ids)
    return [ward_filter, Dossier.status != WITHDRAWN]


def _received_in(period: Period):
    return and_(Dossier.received_at >= period.start_utc, Dossier.received_at < period.end_utc)


def _resolved_in(period: Period):
    return and_(Dossier.result_ready_at >= period.start_utc, Dossier.result_ready_at < period.end_utc)


def _on_time():
    """1 when the result was ready no later than the (pause-extended) due date, Vietnamese days."""
    return case((ready_by_due_date(Dossier.result_ready_at, Dossier.due_date), 1), else_=0)


def _per_bucket(ward_ids, buckets: list[Period], columns: list, in_bucket) -> list[tuple]:
    """(bucket number, procedure id, *columns) for each bucket and guide, as one UNION ALL of range scans.

    Each bucket is a range on a covering index, grouped by guide: one pass over the period's rows gives both
    the series and the per-guide volumes, cheaper than turning every row's timestamp into a local day.
    """
    if not buckets:
        return []
    scope = _scope(ward_ids)
    parts = [select(literal(n).label("n"), Dossier.procedure_id, *columns)
             .where(*scope, in_bucket(b)).group_by(Dossier.procedure_id) for n, b in enumerate(buckets)]
    return db.session.execute(union_all(*parts)).all()


def received_rows(ward_ids, buckets: list[Period]) -> list[tuple]:
    """(bucket, procedure id, received, of which online)."""
    return _per_bucket(ward_ids, buckets, [func.count(), func.sum(case((Dossier.channel == "online", 1), else_=0))],
                       _received_in)


STARS = (5, 4, 3, 2, 1)


def resolved_rows(ward_ids, buckets: list[Period]) -> list[tuple]:
    """(bucket, procedure id, resolved, on time, sum of working days, dossiers with working days, 5★…1★)."""
    return _per_bucket(ward_ids, buckets, [
        func.count(), func.sum(_on_time()), func.sum(Dossier.processing_working_days),
        func.count(Dossier.processing_working_days),
        *(func.sum(case((Dossier.rating == stars, 1), else_=0)) for stars in STARS)], _resolved_in)


def orphan_rows(ward_ids, period: Period) -> tuple[list[tuple], list[tuple]]:
    """For dossiers whose guide was deleted (rare): received (code, count) and resolved (code, count, on time,
    sum of working days, dossiers with working days), keyed by the code their snapshot kept."""
    scope = [*_scope(ward_ids), Dossier.procedure_id.is_(None)]
    code = Dossier.procedure_snapshot["code"].as_string()
    received = db.session.execute(select(code, func.count()).where(*scope, _received_in(period))
                                  .group_by(code)).all()
    resolved = db.session.execute(
        select(code, func.count(), func.sum(_on_time()), func.sum(Dossier.processing_working_days),
               func.count(Dossier.processing_working_days)).where(*scope, _resolved_in(period)).group_by(code)).all()
    return received, resolved


def in_progress(ward_ids, period: Period) -> int:
    """Dossiers received by the end of the period and without a result at its end.

    Two counts on the results index (no result yet; result after the period) instead of one OR, so only
    the few unfinished dossiers are visited, not the ward's whole history.
    """
    scope = [*_scope(ward_ids), Dossier.received_at < period.end_utc,
             Dossier.status.not_in(FINISHED_WITHOUT_RESULT)]
    total = 0
    for condition in (Dossier.result_ready_at.is_(None), Dossier.result_ready_at >= period.end_utc):
        total += db.session.scalar(select(func.count()).select_from(Dossier).where(*scope, condition)) or 0
    return total


def snapshot_titles(ward_ids, codes: list[str]) -> dict[str, tuple[str, int | None]]:
    """Title and legal days of procedures known only from dossiers' snapshots (their guide was deleted)."""
    if not codes:
        return {}
    code = Dossier.procedure_snapshot["code"].as_string()
    rows = db.session.execute(
        select(code, func.max(Dossier.procedure_snapshot["title"].as_string()),
               func.max(Dossier.procedure_snapshot["processing_days"].as_integer()))
        .where(*_scope(ward_ids), Dossier.procedure_id.is_(None), code.in_(codes)).group_by(code)).all()
    return {c: (title or "", days) for c, title, days in rows}


def procedures_by_id(ids) -> dict[int, Procedure]:
    """The guides behind grouped rows."""
    ids = [i for i in ids if i is not None]
    if not ids:
        return {}
    return {p.id: p for p in db.session.scalars(select(Procedure).where(Procedure.id.in_(ids)))}


def ward_ranking_rows(period: Period) -> list[tuple]:
    """Per ward: (ward, received, resolved, on time, rated, sum of stars, online)."""
    scope = _scope(None)
    received = (select(Dossier.ward_id, func.count().label("received"),
                       func.sum(case((Dossier.channel == "online", 1), else_=0)).label("online"))
                .where(*scope, _received_in(period)).group_by(Dossier.ward_id).subquery())
    resolved = (select(Dossier.ward_id, func.count().label("resolved"), func.sum(_on_time()).label("on_time"),
                       func.count(Dossier.rating).label("rated"), func.sum(Dossier.rating).label("stars"))
                .where(*scope, _resolved_in(period)).group_by(Dossier.ward_id).subquery())
    return db.session.execute(
        select(Ward, func.coalesce(received.c.received, 0), func.coalesce(resolved.c.resolved, 0),
               func.coalesce(resolved.c.on_time, 0), func.coalesce(resolved.c.rated, 0),
               func.coalesce(resolved.c.stars, 0), func.coalesce(received.c.online, 0))
        .outerjoin(received, received.c.ward_id == Ward.id)
        .outerjoin(resolved, resolved.c.ward_id == Ward.id)).all()
