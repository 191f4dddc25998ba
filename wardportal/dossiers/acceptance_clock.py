"""The 8-working-hour clock for an online dossier: accept it or send it back within 8 working hours.

Decree 45/2020/NĐ-CP (on carrying out administrative procedures electronically) gives the one-stop desk
8 working hours from the moment an online dossier arrives to receive it, ask for it to be completed, or
refuse it. Working hours are the office's sessions (``OFFICE_HOURS``, by default 07:30–11:30 and
13:30–17:30) on the working days of the install's calendar; a dossier sent in the evening or on a holiday
starts its clock when the office next opens.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import select

from wardportal.dossiers.models import Dossier, DossierEvent
from wardportal.dossiers.status import DossierStatus
from wardportal.kernel.extensions import db
from wardportal.kernel.times import VIETNAM_TZ, as_utc, in_vietnam
from wardportal.kernel.working_days import WorkingCalendar, current_calendar
from wardportal.staff.models import Ward

ACCEPTANCE_MINUTES = 8 * 60
DEFAULT_OFFICE_HOURS = (("07:30", "11:30"), ("13:30", "17:30"))
# The officer is warned when less than this much working time is left.
DEFAULT_WARNING_MINUTES = 120
# The first decision on an online dossier: received, sent back for completion, or refused.
DECISIONS = ("receive", "request_documents", "refuse")
MAX_DAYS = 400


def _sessions(office_hours) -> list[tuple[time, time]]:
    """Office sessions as times, from ``("07:30", "11:30")`` pairs."""
    return [(time.fromisoformat(start), time.fromisoformat(end)) for start, end in office_hours]


def _windows(day: date, calendar: WorkingCalendar, sessions):
    """The day's working sessions as local datetimes (none on a day off)."""
    if not calendar.is_working_day(day):
        return []
    return [(datetime.combine(day, start, VIETNAM_TZ), datetime.combine(day, end, VIETNAM_TZ))
            for start, end in sessions]


def add_working_minutes(start: datetime, minutes: int, calendar: WorkingCalendar, office_hours) -> datetime:
    """The moment ``minutes`` of office time after ``start`` have passed (in Vietnam time)."""
    sessions = _sessions(office_hours)
    moment = in_vietnam(start)
    left = timedelta(minutes=minutes)
    day = moment.date()
    for _ in range(MAX_DAYS):
        for opens, closes in _windows(day, calendar, sessions):
            begin = max(opens, moment)
            if begin >= closes:
                continue
            if closes - begin >= left:
                return begin + left
            left -= closes - begin
        day += timedelta(days=1)
    raise ValueError("no working time found within a year: check the calendar and OFFICE_HOURS")


def working_minutes_between(a: datetime, b: datetime, calendar: WorkingCalendar, office_hours) -> int:
    """Office minutes from ``a`` to ``b`` (negative when ``b`` is earlier)."""
    a, b = in_vietnam(a), in_vietnam(b)
    if b < a:
        return -working_minutes_between(b, a, calendar, office_hours)
    sessions = _sessions(office_hours)
    total = timedelta()
    day = a.date()
    while day <= b.date():
        for opens, closes in _windows(day, calendar, sessions):
            begin, end = max(opens, a), min(closes, b)
            if end > begin:
                total += end - begin
        day += timedelta(days=1)
    return int(total.total_seconds() // 60)


@dataclass(frozen=True)
class AcceptanceClock:
    """Where an online dossier stands against its 8 working hours."""

    deadline: datetime
    minutes_left: int  # negative once overdue
    state: str  # ok, warning, overdue

    @property
    def hours_left(self) -> int:
        """Whole working hours left."""
        return max(self.minutes_left, 0) // 60

    @property
    def extra_minutes(self) -> int:
        """Minutes beyond the whole hours left."""
        return max(self.minutes_left, 0) % 60


def _settings():
    """The office hours and warning threshold of this install."""
    config = current_app.config
    return (config.get("OFFICE_HOURS", DEFAULT_OFFICE_HOURS),
            config.get("ACCEPTANCE_WARNING_MINUTES", DEFAULT_WARNING_MINUTES))


def acceptance_clock(dossier: Dossier, now: datetime, calendar: WorkingCalendar | None = None) -> AcceptanceClock | None:
    """The clock of an online dossier still waiting to be accepted or sent back; None for any other."""
    if dossier.channel != "online" or dossier.status != DossierStatus.SUBMITTED:
        return None
    calendar = calendar or current_calendar()
    office_hours, warning = _settings()
    deadline = add_working_minutes(dossier.submitted_at, ACCEPTANCE_MINUTES, calendar, office_hours)
    left = working_minutes_between(now, deadline, calendar, office_hours)
    if as_utc(now) >= deadline:
        return AcceptanceClock(deadline, min(left, -1), "overdue")
    return AcceptanceClock(deadline, left, "warning" if left <= warning else "ok")


def waiting_online(ward: Ward) -> list[Dossier]:
    """The ward's online dossiers not yet accepted or sent back, oldest first."""
    return list(db.session.scalars(select(Dossier).where(
        Dossier.ward_id == ward.id, Dossier.channel == "online",
        Dossier.status == int(DossierStatus.SUBMITTED)).order_by(Dossier.submitted_at).limit(500)))


def acceptance_alerts(ward: Ward, now: datetime) -> list[tuple[Dossier, AcceptanceClock]]:
    """Online dossiers whose 8 hours are running out or have run out, most urgent first."""
    calendar = current_calendar()
    found = []
    for dossier in waiting_online(ward):
        clock = acceptance_clock(dossier, now, calendar)
        if clock is not None and clock.state != "ok":
            found.append((dossier, clock))
    return sorted(found, key=lambda pair: pair[1].minutes_left)


@dataclass
class AcceptanceFigures:
    """Online dossiers decided in a year, and how many within 8 working hours."""

    decided: int = 0
    within: int = 0

    @property
    def rate(self) -> float | None:
        """Share decided within 8 working hours, in percent."""
        return 100 * self.within / self.decided if self.decided else None


def acceptance_figures(ward: Ward, start: datetime, end: datetime, calendar: WorkingCalendar) -> AcceptanceFigures:
    """Count online dossiers first decided between ``start`` and ``end`` and those decided in time."""
    office_hours, _warning = _settings()
    rows = db.session.execute(
        select(Dossier.id, Dossier.submitted_at, DossierEvent.at)
        .join(DossierEvent, DossierEvent.dossier_id == Dossier.id)
        .where(Dossier.ward_id == ward.id, Dossier.channel == "online", DossierEvent.action.in_(DECISIONS))
        .order_by(Dossier.id, DossierEvent.at, DossierEvent.id))
    figures, seen = AcceptanceFigures(), set()
    for dossier_id, submitted_at, decided_at in rows:
        if dossier_id in seen:
            continue  # only the first decision counts
        seen.add(dossier_id)
        if not start <= as_utc(decided_at) < end:
            continue
        figures.decided += 1
        deadline = add_working_minutes(submitted_at, ACCEPTANCE_MINUTES, calendar, office_hours)
        figures.within += as_utc(decided_at) <= deadline
    return figures
