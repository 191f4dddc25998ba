"""Dossier codes in the national format ``UNITCODE-YYMMDD-NNNN`` (Circular 01/2018/TT-VPCP, art. 19).

The sequence restarts each day per receiving unit. The next number comes from one upsert on a per-ward,
per-day counter row (``INSERT … ON CONFLICT DO UPDATE … RETURNING``), which is atomic on both engines: on
SQLite the caller's transaction already holds the write lock (BEGIN IMMEDIATE), on PostgreSQL the upsert
locks the counter row until the transaction ends. So two submissions can never get the same number, and a
rolled-back submission gives its number back.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy.orm import Session

from wardportal.dossiers.models import DossierDayCounter
from wardportal.kernel.database import next_in_series
from wardportal.kernel.times import local_day

CODE_RE = re.compile(r"^(?P<unit>\S+)-(?P<day>\d{6})-(?P<number>\d{4,})$")


def format_code(unit_code: str, day: date, number: int) -> str:
    """``UNITCODE-YYMMDD-NNNN``; past 9,999 a day the number simply grows a digit."""
    if not unit_code or any(ch.isspace() for ch in unit_code):
        raise ValueError(f"unit code must be non-empty without spaces: {unit_code!r}")
    return f"{unit_code}-{day:%y%m%d}-{number:04d}"


def parse_code(code: str) -> tuple[str, date, int] | None:
    """Split a code into (unit code, day, number), or None when it is not in the national format."""
    match = CODE_RE.match((code or "").strip())
    if not match:
        return None
    try:
        day = datetime.strptime(match["day"], "%y%m%d").date()
    except ValueError:
        return None
    return match["unit"], day, int(match["number"])


_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
_DAY_AND_NUMBER = re.compile(r"^(?P<day>\d{6})(?P<number>\d{4,7})$")


def compact(text: str) -> str:
    """Letters and digits only, upper-case: how a typed code is compared (spaces, dots, dashes ignored)."""
    return _NOT_ALNUM.sub("", (text or "")[:120].upper())


def canonical_code(unit_code: str, typed: str) -> str | None:
    """The ward's code ``UNITCODE-YYMMDD-NNNN`` a resident meant, however it was spaced or punctuated.

    Accepts ``000 26 30 H29 261201 0001``, ``000.26.30.h29-261201-0001`` and the short ``261201-0001``
    (day and number, within the ward whose unit code is given). None when it cannot be one of its codes.
    """
    typed_compact, unit = compact(typed), compact(unit_code)
    rest = None
    if unit and typed_compact.startswith(unit) and _DAY_AND_NUMBER.match(typed_compact[len(unit):]):
        rest = typed_compact[len(unit):]
    elif _DAY_AND_NUMBER.match(typed_compact):
        rest = typed_compact
    if rest is None:
        return None
    match = _DAY_AND_NUMBER.match(rest)
    try:
        day = datetime.strptime(match["day"], "%y%m%d").date()
    except ValueError:
        return None
    return format_code(unit_code, day, int(match["number"]))


def next_number(session: Session, ward_id: int, day: date) -> int:
    """Take the next sequence number of a ward's day inside the caller's (write) transaction."""
    return next_in_series(session, DossierDayCounter.__table__, {"ward_id": ward_id, "day": day})


def allocate_code(session: Session, ward, moment: datetime) -> str:
    """The next dossier code of a ward for the Vietnamese day of `moment` (inside a write transaction)."""
    day = local_day(moment)
    return format_code(ward.unit_code, day, next_number(session, ward.id, day))
