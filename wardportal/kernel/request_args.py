"""Numbers, dates and redirect targets from a client, parsed with bounds in one place.

Python's `int()` takes 40 digits, `'٣'` and `'1_000'`; SQLite and PostgreSQL then fail on the 40 digits with
an `OverflowError` (a 500). `float()` and `Decimal()` take `nan`, `inf` and `sNaN`, and a signalling NaN
raises on the first comparison with a bound. `date.fromisoformat` takes year 1, where adding a period
overflows. A `next=` target with a newline, a backslash or `//host` is a header injection or an open
redirect. Every view and form reads such values through the helpers here, which answer the value only
when it is plain ASCII within bounds and the caller's default (or a form error) otherwise.
"""

from __future__ import annotations

import decimal
import math
import re
from datetime import date, datetime, timezone
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter
from wtforms import DateTimeField, DecimalField, FloatField, IntegerField, TimeField
from wtforms.validators import NumberRange, ValidationError

from wardportal.kernel.text_input import cleaned_args
from wardportal.kernel.times import as_utc

# The largest value of an INTEGER column on PostgreSQL (ids are INTEGER; SQLite's hold more): a larger
# number in a query is a DataError there, an OverflowError past 2**63 on SQLite. Amounts stay far below it.
MAX_DB_INT = 2**31 - 1
MAX_PAGE = 100_000
# Dates a person can mean on this site: births, deadlines, statements. Years outside make arithmetic overflow.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)
MAX_TARGET = 2000

_INT = re.compile(r"[+-]?[0-9]{1,19}")  # 19 digits: checked against the bounds without a huge int
_FLOAT = re.compile(r"[+-]?(?:[0-9]{1,20}(?:\.[0-9]{0,20})?|\.[0-9]{1,20})(?:[eE][+-]?[0-9]{1,3})?")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def bounded_int(raw, *, default=None, minimum: int = 0, maximum: int = MAX_DB_INT):
    """`raw` as an int when it is ASCII digits within [minimum, maximum]; `default` otherwise."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not _INT.fullmatch(text):
        return default
    value = int(text)
    return value if minimum <= value <= maximum else default


def bounded_float(raw, *, minimum: float, maximum: float, default=None):
    """`raw` as a finite float within [minimum, maximum]; `default` for nan, inf, sNaN or anything else."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not _FLOAT.fullmatch(text):
        return default
    value = float(text)
    return value if math.isfinite(value) and minimum <= value <= maximum else default


def iso_date(raw, *, default=None, earliest: date = EARLIEST_DATE, latest: date = LATEST_DATE):
    """`raw` (YYYY-MM-DD) as a date within [earliest, latest]; `default` for 2026-02-30, 99999-01-01, …"""
    text = raw.strip() if isinstance(raw, str) else ""
    if not _ISO_DATE.fullmatch(text):
        return default
    try:
        value = date.fromisoformat(text)
    except ValueError:
        return default
    return value if earliest <= value <= latest else default


def iso_moment(raw, *, default=None):
    """`raw` (ISO 8601 date-time, `Z` allowed; no offset means UTC) as an aware UTC datetime within the
    date bounds; `default` otherwise (year 1 with an offset would overflow when moved to UTC)."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not text.isascii() or not 10 <= len(text) <= 40 or not _ISO_DATE.match(text):
        return default
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return default
    if not EARLIEST_DATE <= moment.date() <= LATEST_DATE:
        return default
    return as_utc(moment).astimezone(timezone.utc)


def local_target(raw, fallback: str) -> str:
    """`raw` when it is a path on this site, `fallback` otherwise.

    Refused: anything not starting with one `/`, `//host` and `/\\host` (browsers read a backslash as a
    slash), any scheme or host, control characters and spaces (a newline would split the Location header).
    """
    if not isinstance(raw, str) or not raw.startswith("/") or len(raw) > MAX_TARGET:
        return fallback
    if raw.startswith("//") or "\\" in raw or any(ord(ch) < 33 or ord(ch) == 127 for ch in raw):
        return fallback
    parts = urlsplit(raw)
    if parts.scheme or parts.netloc:
        return fallback
    return raw


def arg_int(name: str, *, default=None, minimum: int = 0, maximum: int = MAX_DB_INT):
    """The query parameter `name` as a bounded int (see `bounded_int`)."""
    return bounded_int(cleaned_args().get(name), default=default, minimum=minimum, maximum=maximum)


def arg_page(name: str = "trang") -> int:
    """A page number from the query string: 1 unless it is a whole number from 1 to MAX_PAGE."""
    return bounded_int(cleaned_args().get(name), default=1, minimum=1, maximum=MAX_PAGE)


def arg_date(name: str, *, default=None):
    """The query parameter `name` as a bounded date (see `iso_date`)."""
    return iso_date(cleaned_args().get(name), default=default)


class DbIntegerConverter(IntegerConverter):
    """`<int:…>` in URLs: at most what an id column stores, so a 40-digit id is a 404, not a 500."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs["max"] = min(kwargs.get("max") or MAX_DB_INT, MAX_DB_INT)
        super().__init__(url_map, *args, **kwargs)


def install_converters(app) -> None:
    """Make the bounded converter the app's `int` (called by create_app before any route is added)."""
    app.url_map.converters["int"] = DbIntegerConverter


# ---- WTForms: the same bounds for form fields -------------------------------------------------------------

NOT_A_NUMBER = _l("Nhập một số hợp lệ.")


class FiniteDecimalField(DecimalField):
    """A DecimalField that refuses `nan`, `inf`, `sNaN` and exponents a comparison cannot handle."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip() and not _FLOAT.fullmatch(valuelist[0].strip()):
            self.data = None
            raise ValueError(NOT_A_NUMBER)
        super().process_formdata(valuelist)
        if isinstance(self.data, decimal.Decimal) and not self.data.is_finite():
            self.data = None
            raise ValueError(NOT_A_NUMBER)


class FiniteFloatField(FloatField):
    """A FloatField that refuses `nan`, `inf` and values that overflow to infinity (1e309)."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if isinstance(self.data, float) and not math.isfinite(self.data):
            self.data = None
            raise ValueError(NOT_A_NUMBER)


class DateWithin:
    """A date field's bounds (by default EARLIEST_DATE to LATEST_DATE)."""

    def __init__(self, earliest: date = EARLIEST_DATE, latest: date = LATEST_DATE):
        self.earliest, self.latest = earliest, latest

    def __call__(self, form, field):
        day = field.data.date() if isinstance(field.data, datetime) else field.data
        if day is not None and not self.earliest <= day <= self.latest:
            raise ValidationError(_("Ngày phải trong khoảng từ %(start)s đến %(end)s.",
                                    start=self.earliest.strftime("%d/%m/%Y"), end=self.latest.strftime("%d/%m/%Y")))


def unbounded_fields(form_class) -> list[str]:
    """Names of `form_class`'s numeric and date fields without bounds (used by the enumeration test).

    A time of day (TimeField) has nothing to overflow and needs none."""
    found = []
    for name in dir(form_class):
        unbound = getattr(form_class, name, None)
        field_class = getattr(unbound, "field_class", None)
        if field_class is None or not hasattr(unbound, "kwargs"):
            continue
        validators = unbound.kwargs.get("validators") or (unbound.args[1] if len(unbound.args) > 1 else [])
        if issubclass(field_class, (IntegerField, DecimalField, FloatField)):
            ranges = [v for v in validators if isinstance(v, NumberRange)]
            bounded = ranges and all(v.min is not None and v.max is not None and abs(v.max) <= MAX_DB_INT
                                     and abs(v.min) <= MAX_DB_INT for v in ranges)
            finite = issubclass(field_class, (IntegerField, FiniteDecimalField, FiniteFloatField))
            if not (bounded and finite):
                found.append(name)
        elif issubclass(field_class, DateTimeField) and not issubclass(field_class, TimeField) and not any(isinstance(v, DateWithin) for v in validators):
            found.append(name)
    return found
