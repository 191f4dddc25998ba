"""Time, one place: the Vietnam time zone, the current moment, and aware datetimes.

Moments are stored as UTC; SQLite hands them back naive, so `as_utc` makes them aware again. Dates that
matter to residents (deadlines, periods, the day printed on a receipt) are dates in Vietnam.
"""

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def now_utc() -> datetime:
    """The current moment, timezone-aware (UTC)."""
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored as UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def in_vietnam(moment: datetime) -> datetime:
    """A stored moment as Vietnamese local time (aware, Asia/Ho_Chi_Minh)."""
    return as_utc(moment).astimezone(VIETNAM_TZ)


def local_day(moment: datetime) -> date:
    """The date in Vietnam of a stored moment: deadlines count local working days."""
    return in_vietnam(moment).date()


def vietnam_today() -> date:
    """Today in Vietnam (the server's own clock zone does not matter)."""
    return local_day(now_utc())
