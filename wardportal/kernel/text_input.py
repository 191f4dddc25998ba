"""Free text checked once, at the edge: every form of the site cleans and validates its text fields here.

A client can send anything: NUL bytes (stored by SQLite, a 500 on PostgreSQL), bidi controls such as U+202E
that make a printed receipt read backwards, decomposed letters that compare unequal to the same word typed
on another keyboard, digits of other scripts (``٥٦٧٨``, ``５６７８``) where ASCII digits are expected,
megabytes in a one-line field. `SafeForm` (and `SafeSubform` for nested forms) give every text field two
things in front of its own: a filter that makes the value safe to store (NFC, digits folded to ASCII,
refused characters dropped, length capped), so even a view that saves before validating stores nothing
hostile; and a validator that refuses the submission with a clear message when the raw value broke a
rule. Newlines pass only in multi-line fields (text areas). Passwords are left exactly as typed.
"""

from __future__ import annotations

import unicodedata

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Form, PasswordField, StringField, TextAreaField
from wtforms.validators import Length, StopValidation

# Single-line and multi-line caps for fields without a Length validator of their own.
MAX_LINE = 1000
MAX_MULTILINE = 10_000
# Joiners are part of some scripts' spelling and of emoji sequences: harmless, kept.
_KEPT_FORMAT = {"\u200c", "\u200d"}
_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}

REFUSED_MESSAGE = _l("Nội dung có ký tự không được phép (ký tự điều khiển, ký tự rỗng hoặc ký tự đảo chiều "
                     "văn bản). Hãy xóa và gõ lại.")
ONE_LINE_MESSAGE = _l("Trường này chỉ nhận một dòng.")


def ascii_digits(text: str) -> str:
    """Digits of any script (Arabic-Indic, full-width, Devanagari, …) as ASCII digits."""
    return "".join(str(unicodedata.digit(ch)) if not ch.isascii() and unicodedata.category(ch) == "Nd" else ch
                   for ch in text)


def _allowed(ch: str, multiline: bool) -> bool:
    """Whether a character may stay in free text."""
    if ch == "\n":
        return multiline
    return ch in _KEPT_FORMAT or unicodedata.category(ch) not in _REFUSED_CATEGORIES


def _prepare(text: str) -> str:
    """Line ends as \\n, tabs as spaces, NFC, ASCII digits: what was meant, not a problem."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return ascii_digits(unicodedata.normalize("NFC", text))


def problem(text: str, *, multiline: bool = False, max_length: int | None = None):
    """The message refusing `text`, or None when it may be accepted (after `clean`).

    `max_length` None checks the edge cap (1,000 or 10,000 characters); 0 leaves the length to the field.
    """
    prepared = _prepare(text)
    if "\n" in prepared and not multiline:
        return ONE_LINE_MESSAGE
    if any(not _allowed(ch, multiline) for ch in prepared):
        return REFUSED_MESSAGE
    limit = (MAX_MULTILINE if multiline else MAX_LINE) if max_length is None else max_length
    if limit and len(prepared) > limit:
        return _l("Tối đa %(max)s ký tự.", max=limit)
    return None


def clean(text: str | None, *, multiline: bool = False, max_length: int | None = None) -> str | None:
    """`text` made safe to store: prepared, refused characters dropped (a newline becomes a space in a
    one-line field), capped at the length limit. None stays None."""
    if text is None:
        return None
    prepared = _prepare(str(text))
    if not multiline:
        prepared = prepared.replace("\n", " ")
    kept = "".join(ch for ch in prepared if _allowed(ch, multiline))
    return kept[: max_length or (MAX_MULTILINE if multiline else MAX_LINE)]


def _field_max(field) -> int | None:
    """The field's own Length(max=…), if it has one (else None: the edge cap applies)."""
    maxima = [v.max for v in field.validators if isinstance(v, Length) and v.max and v.max > 0]
    return min(maxima) if maxima else None


class EdgeText:
    """Validator: refuse a text field whose raw value broke an edge rule (runs before the field's own)."""

    def __init__(self, multiline: bool):
        self.multiline = multiline

    def __call__(self, form, field) -> None:
        raw = field.raw_data[0] if field.raw_data else None
        if not isinstance(raw, str):
            return
        # a field with its own Length validator words its own limit
        message = problem(raw, multiline=self.multiline, max_length=0 if _field_max(field) else None)
        if message is not None:
            raise StopValidation(str(message))


def _edge_filter(multiline: bool, max_length: int | None):
    """Filter: the cleaned value (see `clean`)."""
    def edge_clean(value):
        return clean(value, multiline=multiline, max_length=max_length) if isinstance(value, str) else value
    return edge_clean


def _guard(field) -> None:
    """Put the edge filter and validator in front of a text field's own."""
    if not isinstance(field, StringField) or isinstance(field, PasswordField):
        return
    multiline = isinstance(field, TextAreaField)
    own_max = _field_max(field)
    cap = max(own_max or 0, MAX_MULTILINE if multiline else MAX_LINE)
    field.filters = (_edge_filter(multiline, cap), *field.filters)
    field.validators = [EdgeText(multiline), *field.validators]


class _EdgeMeta:
    """Form meta that guards every text field as it is bound."""

    def bind_field(self, form, unbound_field, options):
        """Bind as usual, then put the edge checks in front."""
        field = unbound_field.bind(form=form, **options)
        _guard(field)
        return field


class SafeForm(FlaskForm):
    """FlaskForm (CSRF, file uploads) whose text fields are cleaned and checked at the edge."""

    class Meta(_EdgeMeta):
        pass


class SafeSubform(Form):
    """A nested form (FormField/FieldList rows) with the same edge checks."""

    class Meta(_EdgeMeta):
        pass


# What a view reads from the request itself (query strings, posted fields, JSON) passes the same cleaning as
# form fields: these are the only readers of request.args/form/values/get_json in the package (a test scans).

def _cleaned_multidict(name: str, multiline: bool) -> MultiDict:
    """Every key and value of ``request.<name>`` cleaned (values as one line unless `multiline`); cleaned once
    per request, however many times a view asks (kept in the request's environ, not in ``g``, which a test's
    app context shares between requests)."""
    cache = request.environ.setdefault("wardportal.cleaned_input", {})
    key = (name, multiline)
    if key not in cache:
        source = getattr(request, name)
        cache[key] = MultiDict((clean(k), clean(v, multiline=multiline)) for k, v in source.items(multi=True))
    return cache[key]


def cleaned_args() -> MultiDict:
    """The query string, every value cleaned as one line."""
    return _cleaned_multidict("args", multiline=False)


def cleaned_form(*, multiline: bool = False) -> MultiDict:
    """The posted fields, cleaned (newlines kept with `multiline`, e.g. for text areas)."""
    return _cleaned_multidict("form", multiline=multiline)


def cleaned_values() -> MultiDict:
    """Query string and posted fields together (as ``request.values``), cleaned as one line."""
    return _cleaned_multidict("values", multiline=False)


def _clean_json_value(value):
    if isinstance(value, str):
        return clean(value, multiline=True, max_length=MAX_MULTILINE)
    if isinstance(value, list):
        return [_clean_json_value(item) for item in value]
    if isinstance(value, dict):
        return {clean(str(key)): _clean_json_value(item) for key, item in value.items()}
    return value


def cleaned_json():
    """The request's JSON body with every string (and key) cleaned; None when the body is not JSON."""
    return _clean_json_value(request.get_json(silent=True))
