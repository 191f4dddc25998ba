"""Deadlines in working days: the install's calendar, local dates, and on-time or late for a dossier."""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time


from wardportal.dossiers.models import Dossier
from wardportal.dossiers.status import DossierStatus
from wardportal.kernel.times import in_vietnam, local_day, now_utc
from wardportal.kernel.working_days import WorkingCalendar, current_calendar

log = logging.getLogger(__name__)


DEFAULT_CUTOFF = time(15, 0)


def clock_start_day(ward, moment: datetime, calendar: WorkingCalendar | None = None) -> date:
    """The working day a dossier received at `moment` counts from.

    Received on a working day before the ward's cut-off (default 15:00, Vietnamese time): that day.
    After the cut-off, or on a weekend, holiday or day-off: the next working day. Online and counter
    submissions alike.
    """
    calendar = calendar or current_calendar()
    local = in_vietnam(moment)
    cutoff = getattr(ward, "cutoff_time", None) or DEFAULT_CUTOFF
    day = local.date()
    if not calendar.is_working_day(day) or local.time() >= cutoff:
        return calendar.next_working_day(day)
    return day


def due_date_from(ward, moment: datetime, processing_days: int) -> date:
    """The appointment date of a dossier received at `moment`: the processing time from its clock start."""
    calendar = current_calendar()
    return calendar.add_working_days(clock_start_day(ward, moment, calendar), processing_days)


@dataclass(frozen=True)
class Timeliness:
    """Where a dossier stands against its deadline, in working days."""

    state: str  # not_started | running | due_today | overdue | paused | on_time | late | closed
    due_date: date | None
    days_left: int | None = None
    days_late: int = 0

    @property
    def is_late(self) -> bool:
        """Late already, or finished late."""
        return self.state in ("overdue", "late")


def timeliness(dossier: Dossier, today: date | None = None,
               calendar: WorkingCalendar | None = None) -> Timeliness:
    """On time or late, judged in working days against the (pause-extended) due date."""
    calendar = calendar or current_calendar()
    today = today or local_day(now_utc())
    status = DossierStatus(dossier.status)
    due = dossier.due_date
    if dossier.received_at is None or due is None:
        return Timeliness("not_started", due)
    finished = dossier.result_ready_at or dossier.returned_at
    if finished is not None:
        late = calendar.working_days_between(due, local_day(finished))
        return Timeliness("late" if late > 0 else "on_time", due, days_late=max(late, 0))
    if status.is_final:
        return Timeliness("closed", due)
    if status.is_paused:
        return Timeliness("paused", due)
    if today > due:
        return Timeliness("overdue", due, days_left=0, days_late=calendar.working_days_between(due, today))
    if today == due:
        return Timeliness("due_today", due, days_left=0)
    return Timeliness("running", due, days_left=calendar.working_days_between(today, due))
