"""Working days a dossier actually took, kept on the dossier so figures can be summed in SQL.

The office's time runs from the valid receipt to the result, in working days, without the stretches the
clock stood still waiting for the applicant (``clock_pause``): the same counting as the due date (see
working_days.py). It is computed whenever a dossier with a result is flushed (or one of its pauses
changes), whoever wrote it: the workflow, the counter, the demo history or an import.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from wardportal.dossiers.models import ClockPause, Dossier
from wardportal.kernel.extensions import db
from wardportal.kernel.times import as_utc, local_day, now_utc
from wardportal.kernel.working_days import WorkingCalendar, current_calendar, load_calendar

# Fewer cases than this in the window and the guide says nothing: a median of three is an anecdote.
MIN_CASES = 5
OBSERVED_WINDOW_DAYS = 90


def working_days_used(received_at: datetime, ready_at: datetime,
                      pauses: list[tuple], calendar: WorkingCalendar) -> int:
    """Working days from receipt to result, minus the working days spent in closed pauses."""
    total = calendar.working_days_between(local_day(received_at), local_day(ready_at))
    for stopped_on, resumed_on in pauses:
        if resumed_on is not None:
            total -= max(0, calendar.working_days_between(stopped_on, resumed_on))
    return max(0, total)


def _calendar() -> WorkingCalendar:
    """The install's calendar inside the app, the shipped one elsewhere (scripts)."""
    return current_calendar() if has_app_context() and current_app else load_calendar()


def keep_processing_days(session: Session, _context, _instances) -> None:
    """Recompute the working days of dossiers whose result or pauses changed in this flush."""
    dossiers = {obj for obj in (*session.new, *session.dirty) if isinstance(obj, Dossier)}
    dossiers |= {obj.dossier for obj in (*session.new, *session.dirty)
                 if isinstance(obj, ClockPause) and obj.dossier is not None}
    if not dossiers:
        return
    calendar = None
    with session.no_autoflush:
        for dossier in dossiers:
            if dossier.received_at is None or dossier.result_ready_at is None:
                if dossier.processing_working_days is not None:
                    dossier.processing_working_days = None
                continue
            calendar = calendar or _calendar()
            pauses = [(p.stopped_on, p.resumed_on) for p in dossier.pauses]
            used = working_days_used(dossier.received_at, dossier.result_ready_at, pauses, calendar)
            if dossier.processing_working_days != used:
                dossier.processing_working_days = used


@dataclass(frozen=True)
class ObservedTime:
    """How long a guide's dossiers really took recently, in working days."""

    cases: int
    median: float
    p90: float


def percentile(sorted_values: list[int], share: float) -> float:
    """The ``share`` percentile (0..1) by linear interpolation, as spreadsheets compute it."""
    position = (len(sorted_values) - 1) * share
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def observed_time(ward_id: int, procedure_code: str, now: datetime | None = None,
                  minimum: int = MIN_CASES) -> ObservedTime | None:
    """Median and 90th percentile over the last 90 days of one guide's resolved dossiers, or None if too few."""
    # SQLite keeps timestamps as naive UTC text, so bounds must be UTC too.
    now = as_utc(now or now_utc()).astimezone(timezone.utc)
    code = Dossier.procedure_snapshot["code"].as_string()
    values = sorted(db.session.scalars(
        select(Dossier.processing_working_days)
        .where(Dossier.ward_id == ward_id, Dossier.result_ready_at >= now - timedelta(days=OBSERVED_WINDOW_DAYS),
               Dossier.result_ready_at <= now, Dossier.status != 7,
               Dossier.processing_working_days.is_not(None), code == procedure_code)))
    if len(values) < minimum:
        return None
    return ObservedTime(len(values), percentile(values, 0.5), percentile(values, 0.9))

