"""The SQL behind the transparency figures: every count is an aggregate in the database.

Python only sees grouped rows (one per day, procedure, rating or ward), never one row per dossier, so a
ward with a hundred thousand dossiers costs a handful of index range scans. Withdrawn dossiers (status 7)
are left out everywhere, as the province's reports do.
"""

from sqlalchemy import Date, and_, case, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from .extensions import db
from .models import Dossier, Procedure, Ward
from .periods import Period

WITHDRAWN = 7
# Not accepted (3) and stopped (8) dossiers are no longer in progress; withdrawn ones are not counted at all.
FINISHED_WITHOUT_RESULT = (3, 8)


class local_date(FunctionElement):  # noqa: N801  (reads as an SQL function)
    """The Vietnamese calendar day (UTC+7, no daylight saving) of a stored UTC timestamp."""

    type = Date()
    inherit_cache = True
    name = "local_date"


@compiles(local_date, "sqlite")
def _local_date_sqlite(element, compiler, **kw):
    return "date(%s, '+7 hours')" % compiler.process(element.clauses, **kw)


@compiles(local_date, "postgresql")
def _local_date_postgresql(element, compiler, **kw):
    return "CAST((%s AT TIME ZONE 'Asia/Ho_Chi_Minh') AS DATE)" % compiler.process(element.clauses, **kw)


def _scope(ward_ids):
    """Dossiers of the given wards (all wards when None), withdrawn ones left out."""
    conditions = [Dossier.status != WITHDRAWN]
    if ward_ids is not None:
        conditions.append(Dossier.ward_id.in_(ward_ids) if len(ward_ids) != 1 else Dossier.ward_id == ward_ids[0])
    return conditions


def _received_in(period: Period):
    return and_(Dossier.received_at >= period.start_utc, Dossier.received_at < period.end_utc)


def _resolved_in(period: Period):
    return and_(Dossier.result_ready_at >= period.start_utc, Dossier.result_ready_at < period.end_utc)


def _on_time():
    """1 when the result was ready no later than the (pause-extended) due date, Vietnamese days."""
    return case((local_date(Dossier.result_ready_at) <= Dossier.due_date, 1), else_=0)


def received_by_day(ward_ids, period: Period) -> list[tuple]:
    """(day, received, of which online) for each day with receipts."""
    day = local_date(Dossier.received_at)
    return db.session.execute(
        select(day, func.count(), func.sum(case((Dossier.channel == "online", 1), else_=0)))
        .where(*_scope(ward_ids), _received_in(period)).group_by(day)).all()


def resolved_by_day(ward_ids, period: Period) -> list[tuple]:
    """(day, resolved, of which on time) for each day with results."""
    day = local_date(Dossier.result_ready_at)
    return db.session.execute(
        select(day, func.count(), func.sum(_on_time()))
        .where(*_scope(ward_ids), _resolved_in(period)).group_by(day)).all()


def _snapshot_key():
    """Group by procedure; a dossier whose guide was deleted falls back to the code it kept."""
    return case((Dossier.procedure_id.is_(None), Dossier.procedure_snapshot["code"].as_string()))


def received_by_procedure(ward_ids, period: Period) -> list[tuple]:
    """(procedure id, snapshot code or None, received) per procedure."""
    key = _snapshot_key()
    return db.session.execute(
        select(Dossier.procedure_id, key, func.count())
        .where(*_scope(ward_ids), _received_in(period)).group_by(Dossier.procedure_id, key)).all()


def resolved_by_procedure(ward_ids, period: Period) -> list[tuple]:
    """(procedure id, snapshot code, resolved, on time, sum of working days, dossiers with working days)."""
    key = _snapshot_key()
    return db.session.execute(
        select(Dossier.procedure_id, key, func.count(), func.sum(_on_time()),
               func.sum(Dossier.processing_working_days), func.count(Dossier.processing_working_days))
        .where(*_scope(ward_ids), _resolved_in(period)).group_by(Dossier.procedure_id, key)).all()


def ratings(ward_ids, period: Period) -> list[tuple]:
    """(stars, how many) for dossiers resolved in the period and rated."""
    return db.session.execute(
        select(Dossier.rating, func.count())
        .where(*_scope(ward_ids), _resolved_in(period), Dossier.rating.is_not(None))
        .group_by(Dossier.rating)).all()


def in_progress(ward_ids, period: Period) -> int:
    """Dossiers received by the end of the period and without a result at its end."""
    return db.session.scalar(
        select(func.count()).select_from(Dossier)
        .where(*_scope(ward_ids), Dossier.received_at < period.end_utc,
               Dossier.status.not_in(FINISHED_WITHOUT_RESULT),
               (Dossier.result_ready_at.is_(None)) | (Dossier.result_ready_at >= period.end_utc))) or 0


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
    received = (select(Dossier.ward_id, func.count().label("received"),
                       func.sum(case((Dossier.channel == "online", 1), else_=0)).label("online"))
                .where(*_scope(None), _received_in(period)).group_by(Dossier.ward_id).subquery())
    resolved = (select(Dossier.ward_id, func.count().label("resolved"), func.sum(_on_time()).label("on_time"),
                       func.count(Dossier.rating).label("rated"), func.sum(Dossier.rating).label("stars"))
                .where(*_scope(None), _resolved_in(period)).group_by(Dossier.ward_id).subquery())
    return db.session.execute(
        select(Ward, func.coalesce(received.c.received, 0), func.coalesce(resolved.c.resolved, 0),
               func.coalesce(resolved.c.on_time, 0), func.coalesce(resolved.c.rated, 0),
               func.coalesce(resolved.c.stars, 0), func.coalesce(received.c.online, 0))
        .outerjoin(received, received.c.ward_id == Ward.id)
        .outerjoin(resolved, resolved.c.ward_id == Ward.id)).all()
