"""Reporting periods of the figures: a month, a quarter, a year or a custom range of Vietnamese days."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from wardportal.kernel.request_args import bounded_int, iso_date
from wardportal.kernel.times import VIETNAM_TZ

KINDS = ("thang", "quy", "nam", "tuy-chon")
FIRST_YEAR = 2020
# A custom range longer than this is refused: nobody reads a decade in one table, and it bounds the work.
MAX_CUSTOM_DAYS = 3 * 366


class PeriodError(ValueError):
    """A period the visitor (or client) asked for that cannot be shown."""


@dataclass(frozen=True)
class Period:
    """Days ``start`` to ``end`` inclusive, in Vietnam's calendar."""

    kind: str
    start: date
    end: date

    @property
    def start_utc(self) -> datetime:
        """The first moment of the period, in UTC (how timestamps are compared in SQL)."""
        return datetime.combine(self.start, time(), VIETNAM_TZ).astimezone(timezone.utc)

    @property
    def end_utc(self) -> datetime:
        """The first moment after the period, in UTC."""
        return datetime.combine(self.end + timedelta(days=1), time(), VIETNAM_TZ).astimezone(timezone.utc)

    @property
    def by_month(self) -> bool:
        """Longer periods are charted by month, shorter ones by day."""
        return (self.end - self.start).days > 62

    @property
    def slug(self) -> str:
        """A short name for file names: 2026, 2026-q3, 2026-11, 2026-01-05_2026-02-10."""
        if self.kind == "nam":
            return str(self.start.year)
        if self.kind == "quy":
            return f"{self.start.year}-q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "thang":
            return self.start.strftime("%Y-%m")
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    def buckets(self) -> list["Period"]:
        """The months (long periods) or days (short ones) the charts and series tables show."""
        parts, day = [], self.start
        while day <= self.end:
            if self.by_month:
                last = min(_month_end(day.replace(day=1)), self.end)
            else:
                last = day
            parts.append(Period("tuy-chon", day, last))
            day = last + timedelta(days=1)
        return parts

    def query_args(self) -> dict:
        """The URL parameters that name this period again."""
        if self.kind == "nam":
            return {"ky": "nam", "nam": self.start.year}
        if self.kind == "quy":
            return {"ky": "quy", "nam": self.start.year, "quy": (self.start.month - 1) // 3 + 1}
        if self.kind == "thang":
            return {"ky": "thang", "nam": self.start.year, "thang": self.start.month}
        return {"ky": "tuy-chon", "tu": self.start.isoformat(), "den": self.end.isoformat()}


def _number(raw: str | None, low: int, high: int, name: str) -> int:
    """A whole number in [low, high] or a PeriodError naming the parameter."""
    number = bounded_int(raw, minimum=low, maximum=high)
    if number is None:
        raise PeriodError(f"{name} must be a whole number from {low} to {high}")
    return number


def _day(raw: str | None, name: str) -> date:
    """An ISO date or a PeriodError."""
    day = iso_date(raw)
    if day is None:
        raise PeriodError(f"{name} must be a date YYYY-MM-DD")
    return day


def parse_period(args, today: date) -> Period:
    """Read ``ky`` (thang/quy/nam/tuy-chon) with ``nam``, ``thang``, ``quy`` or ``tu``/``den``; default this year."""
    kind = args.get("ky") or "nam"
    if kind not in KINDS:
        raise PeriodError(f"ky must be one of {', '.join(KINDS)}")
    if kind == "tuy-chon":
        start, end = _day(args.get("tu"), "tu"), _day(args.get("den"), "den")
        if end < start:
            raise PeriodError("den must not be before tu")
        if (end - start).days > MAX_CUSTOM_DAYS:
            raise PeriodError(f"a custom period is at most {MAX_CUSTOM_DAYS} days")
        if start.year < FIRST_YEAR or end > today + timedelta(days=366):
            raise PeriodError(f"dates must be from {FIRST_YEAR} on")
        return Period(kind, start, end)
    year = _number(args.get("nam") or str(today.year), FIRST_YEAR, today.year, "nam")
    if kind == "nam":
        return Period(kind, date(year, 1, 1), date(year, 12, 31))
    if kind == "quy":
        quarter = _number(args.get("quy") or str((today.month - 1) // 3 + 1), 1, 4, "quy")
        start = date(year, 3 * quarter - 2, 1)
        return Period(kind, start, _month_end(date(year, 3 * quarter, 1)))
    month = _number(args.get("thang") or str(today.month), 1, 12, "thang")
    return Period(kind, date(year, month, 1), _month_end(date(year, month, 1)))


def _month_end(first: date) -> date:
    """The last day of the month that starts on ``first``."""
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
