"""Working-day arithmetic for processing deadlines (thời hạn giải quyết tính theo ngày làm việc).

Counting rules used everywhere in this module:

- A working day is Monday–Friday that is not a public holiday or a compensatory day-off, plus any
  make-up working Saturday (ngày làm bù) the government swapped in.
- The day of receipt is not counted: a dossier validly received on a working day counts from the next
  working day (a period in days starts the day after the event that opens it).
- A dossier received on a weekend or holiday is deemed received on the next working day (as online
  dossiers sent on a day off are), and counts from the working day after that. So a receipt on Saturday
  with a 1-day limit is due on Tuesday, the same as a receipt on Monday.
- `add_working_days` and `working_days_between` are exact inverses: for any start and any n,
  `working_days_between(start, add_working_days(start, n)) == n`.
- Pauses ("more documents requested"): the working days used before the request are kept, the request
  day included; the remaining days count from the resubmission, with the resubmission treated like a
  new receipt. A request made on the day of receipt therefore restarts the full limit from the
  resubmission. A pause that begins after the due date has passed does not move it.

Holiday data: `data/holidays.json` ships the national days-off; `load_calendar` merges an optional
per-install file of the same format so a ward can add what the government announces each year.
"""

import json
import logging
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from flask import current_app

from wardportal.kernel.times import vietnam_today

log = logging.getLogger(__name__)

DEFAULT_HOLIDAYS_PATH = Path(__file__).parents[1] / "data" / "holidays.json"

_SATURDAY = 5
_YEAR_KEYS = {"holidays", "working_saturdays", "source", "replace"}


class MissingHolidayData(ValueError):
    """A deadline would run through a year the calendar has no holiday data for."""

    def __init__(self, year: int):
        super().__init__(f"no holiday data for {year}: add that year to instance/holidays.json")
        self.year = year


class WorkingCalendar:
    """Which days a ward's one-stop desk works, and deadline arithmetic over them."""

    def __init__(self, holidays: dict[date, str] | None = None,
                 working_saturdays: dict[date, str] | None = None, known_years: Iterable[int] | None = None):
        """Build a calendar from days-off and make-up Saturdays (each date mapped to its name).

        With `known_years` the calendar is strict: a deadline (add_working_days) that starts or ends in
        another year raises MissingHolidayData instead of counting that year's holidays as working days.
        """
        self.known_years = frozenset(known_years) if known_years is not None else None
        self.holidays = dict(holidays or {})
        self.working_saturdays = dict(working_saturdays or {})
        for day in self.working_saturdays:
            if day.weekday() != _SATURDAY:
                raise ValueError(f"make-up working day {day.isoformat()} is not a Saturday")
            if day in self.holidays:
                raise ValueError(f"{day.isoformat()} is both a holiday and a make-up working Saturday")
        # Sorted ordinals let working_days_between count a range with two bisects instead of a loop.
        self._weekday_holidays = sorted(d.toordinal() for d in self.holidays if d.weekday() < 5)
        self._saturdays = sorted(d.toordinal() for d in self.working_saturdays)
        self.years = frozenset(d.year for d in [*self.holidays, *self.working_saturdays])

    def __repr__(self) -> str:
        """Show the span of years the calendar has data for."""
        return f"WorkingCalendar(years={sorted(self.years)})"

    def is_working_day(self, day: date) -> bool:
        """Whether the desk works on `day`."""
        if day in self.working_saturdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def holiday_name(self, day: date) -> str | None:
        """The name of the holiday or day-off on `day`, if any."""
        return self.holidays.get(day)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before `day`."""
        day -= timedelta(days=1)
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def effective_day(self, day: date) -> date:
        """The working day a receipt (or a result) on `day` counts as: itself, or the next working day."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, start: date, n: int) -> date:
        """The due date of an n-working-day limit for a valid receipt on `start` (n < 0 counts back)."""
        day = self.effective_day(start)
        step = self.next_working_day if n > 0 else self.previous_working_day
        for _ in range(abs(n)):
            day = step(day)
        self.require_years(start, day)
        return day

    def require_years(self, *days: date) -> None:
        """Raise MissingHolidayData when a strict calendar lacks the data of a year between these days."""
        if self.known_years is None:
            return
        for year in range(min(d.year for d in days), max(d.year for d in days) + 1):
            if year not in self.known_years:
                raise MissingHolidayData(year)

    def missing_years(self, *years: int) -> list[int]:
        """Which of `years` a strict calendar has no holiday data for."""
        return [y for y in years if self.known_years is not None and y not in self.known_years]

    def working_days_between(self, a: date, b: date) -> int:
        """Signed number of working days from `a` to `b`: positive when b is later (e.g. days late)."""
        a, b = self.effective_day(a), self.effective_day(b)
        if b >= a:
            return self._count_after(a, b)
        return -self._count_after(b, a)

    def due_date_with_pauses(self, received: date, days: int,
                             pauses: list[tuple[date, date | None]]) -> date | None:
        """The due date once the clock stops for each pause; None while the last pause is open."""
        if days < 0:
            raise ValueError(f"processing time must not be negative, got {days}")
        _check_pauses(received, pauses)
        anchor, remaining = received, days
        for stopped_on, resumed_on in pauses:
            due = self.add_working_days(anchor, remaining)
            if due < stopped_on:
                # The limit ran out before the request: the dossier was already late, a pause cannot save it.
                return due
            counted_from = self.effective_day(anchor)
            if stopped_on > counted_from:
                remaining -= min(remaining, self._count_after(counted_from, stopped_on))
            if resumed_on is None:
                return None
            anchor = resumed_on
        return self.add_working_days(anchor, remaining)

    def _count_after(self, a: date, b: date) -> int:
        """Working days in the interval (a, b], for a <= b."""
        lo, hi = a.toordinal(), b.toordinal()
        weekdays = _weekdays_through(hi) - _weekdays_through(lo)
        holidays = bisect_right(self._weekday_holidays, hi) - bisect_right(self._weekday_holidays, lo)
        saturdays = bisect_right(self._saturdays, hi) - bisect_right(self._saturdays, lo)
        return weekdays - holidays + saturdays


def _weekdays_through(ordinal: int) -> int:
    """How many Mondays–Fridays there are among proleptic ordinals 1..ordinal (ordinal 1 is a Monday)."""
    return 5 * (ordinal // 7) + min(ordinal % 7, 5)


def _check_pauses(received: date, pauses: list[tuple[date, date | None]]) -> None:
    """Refuse pauses that are out of order, overlap, start before receipt, or stay open mid-list."""
    previous_end = received
    for index, (stopped_on, resumed_on) in enumerate(pauses):
        if stopped_on < previous_end:
            raise ValueError(f"pause {index} stops on {stopped_on.isoformat()}, before "
                             f"{previous_end.isoformat()} (receipt or previous resumption)")
        if resumed_on is None:
            if index != len(pauses) - 1:
                raise ValueError(f"pause {index} is still open but is not the last pause")
            continue
        if resumed_on < stopped_on:
            raise ValueError(f"pause {index} resumes on {resumed_on.isoformat()}, "
                             f"before it stopped on {stopped_on.isoformat()}")
        previous_end = resumed_on


def parse_holiday_data(data: object, origin: str) -> dict[int, dict]:
    """Validate a holidays document; return {year: {"holidays", "working_saturdays", "replace"}}."""
    if not isinstance(data, dict):
        raise ValueError(f"{origin}: expected a JSON object of years")
    years: dict[int, dict] = {}
    for key, value in data.items():
        if key == "source":
            if not isinstance(value, str):
                raise ValueError(f"{origin}: 'source' must be a string")
            continue
        if not (isinstance(key, str) and len(key) == 4 and key.isdigit()):
            raise ValueError(f"{origin}: unexpected key {key!r} (expected a year such as \"2026\" or \"source\")")
        if not isinstance(value, dict):
            raise ValueError(f"{origin}: {key} must be an object")
        unknown = set(value) - _YEAR_KEYS
        if unknown:
            raise ValueError(f"{origin}: {key}: unexpected key(s) {sorted(unknown)}")
        replace = value.get("replace", False)
        if not isinstance(replace, bool):
            raise ValueError(f"{origin}: {key}.replace must be true or false")
        year = int(key)
        years[year] = {
            "holidays": _parse_entries(value.get("holidays", []), year, f"{origin}: {key}.holidays"),
            "working_saturdays": _parse_entries(value.get("working_saturdays", []), year,
                                                f"{origin}: {key}.working_saturdays"),
            "replace": replace,
        }
    return years


def _parse_entries(entries: object, year: int, where: str) -> dict[date, str]:
    """Parse a list of {"date", "name"} entries that must all fall in `year`."""
    if not isinstance(entries, list):
        raise ValueError(f"{where} must be a list")
    parsed: dict[date, str] = {}
    for index, entry in enumerate(entries):
        label = f"{where}[{index}]"
        if not isinstance(entry, dict) or set(entry) != {"date", "name"}:
            raise ValueError(f"{label}: expected {{\"date\": \"YYYY-MM-DD\", \"name\": \"...\"}}, got {entry!r}")
        raw, name = entry["date"], entry["name"]
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{label}: 'name' must be a non-empty string")
        try:
            day = date.fromisoformat(raw) if isinstance(raw, str) and len(raw) == 10 else None
        except ValueError:
            day = None
        if day is None:
            raise ValueError(f"{label}: {raw!r} is not a date in the form YYYY-MM-DD")
        if day.year != year:
            raise ValueError(f"{label}: {raw} is not in {year}")
        if day in parsed:
            raise ValueError(f"{label}: {raw} is listed twice")
        parsed[day] = name.strip()
    return parsed


def _read_holiday_file(path: Path) -> dict[int, dict]:
    """Read and validate one holidays JSON file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not valid JSON ({error})") from error
    return parse_holiday_data(data, str(path))


@lru_cache(maxsize=1)
def _shipped_years() -> dict[int, dict]:
    """The shipped defaults, parsed once per process."""
    return _read_holiday_file(DEFAULT_HOLIDAYS_PATH)


def load_calendar(extra_path: str | Path | None = None, strict: bool = False) -> WorkingCalendar:
    """The shipped holidays merged with a per-install file (e.g. `<instance>/holidays.json`), if it exists.

    A year in the extra file adds to the shipped entries of that year (a name given again wins), or
    replaces them entirely with `"replace": true`, which is how a ward corrects a shipped guess.
    """
    merged = {year: {"holidays": dict(entry["holidays"]),
                     "working_saturdays": dict(entry["working_saturdays"])}
              for year, entry in _shipped_years().items()}
    # The instance file is optional: most wards only need it once the government announces a change.
    if extra_path is not None and Path(extra_path).is_file():
        for year, entry in _read_holiday_file(Path(extra_path)).items():
            target = merged.setdefault(year, {"holidays": {}, "working_saturdays": {}})
            if entry["replace"]:
                target["holidays"].clear()
                target["working_saturdays"].clear()
            target["holidays"].update(entry["holidays"])
            target["working_saturdays"].update(entry["working_saturdays"])
    holidays: dict[date, str] = {}
    working_saturdays: dict[date, str] = {}
    for entry in merged.values():
        holidays.update(entry["holidays"])
        working_saturdays.update(entry["working_saturdays"])
    return WorkingCalendar(holidays, working_saturdays, known_years=set(merged) if strict else None)


# ---------------------------------------------------------------- the running install's calendar

def current_calendar() -> WorkingCalendar:
    """This install's strict working calendar: shipped holidays plus ``<instance>/holidays.json``.

    Loaded again whenever that file changes (one stat per call), so a ward adding next year's days-off
    needs no restart. A file that does not parse keeps the calendar loaded before (and is logged).
    """
    path = Path(current_app.instance_path) / "holidays.json"
    try:
        stamp = path.stat().st_mtime_ns, path.stat().st_size
    except OSError:
        stamp = None
    cached = current_app.extensions.get("wardportal.calendar")
    if cached is not None and cached[0] == stamp:
        return cached[1]
    try:
        calendar = load_calendar(path, strict=True)
    except ValueError as exc:
        if cached is None:
            raise
        log.error("holidays file not loaded, keeping the previous calendar: %s", exc)
        calendar = cached[1]
    current_app.extensions["wardportal.calendar"] = (stamp, calendar)
    return calendar


def missing_holiday_years() -> list[int]:
    """This year and next in Vietnam when the calendar has no holiday data for them (admins are told)."""
    year = vietnam_today().year
    return current_calendar().missing_years(year, year + 1)


def warn_missing_holidays(app) -> None:
    """Log loudly at start-up when this or next year has no holiday data (deadlines would be refused)."""
    with app.app_context():
        try:
            missing = missing_holiday_years()
        except ValueError as exc:
            log.error("holiday data cannot be read: %s", exc)
            return
    if missing:
        log.warning("no holiday data for %s: deadlines in those years are refused until they are added to "
                    "%s/holidays.json", ", ".join(map(str, missing)), app.instance_path)
