"""Checking what the applicant answered: the yes/no questions, which documents then apply, the e-form.

Answers are kept as typed in the draft (``answers["questions"]``, ``answers["eform"]``); the checks here
return clean values and GOV.UK-style messages ("Nhập …", "Chọn …", "… phải là một ngày có thật").
"""

from __future__ import annotations

import re
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from wardportal.catalogue.eforms.definition import NO, YES, split_condition
from wardportal.kernel import text_input

MAX_TEXT = 300
MAX_ADDRESS = 500


def parse_date(value: str) -> date | None:
    """A date typed as dd/mm/yyyy (or yyyy-mm-dd from a date input), or None."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _lower_first(text: str) -> str:
    """"Họ và tên của trẻ" → "họ và tên của trẻ", to follow "Nhập …" in a message."""
    return text[:1].lower() + text[1:]


def check_questions(questions: list[dict], typed: dict) -> tuple[dict, dict]:
    """Each question answered yes or no: (clean answers, errors keyed ``q-<key>``)."""
    clean, errors = {}, {}
    for question in questions or []:
        value = (typed or {}).get(question["key"], "")
        if value in (YES, NO):
            clean[question["key"]] = value
        else:
            errors[f"q-{question['key']}"] = _l("Chọn “Có” hoặc “Không”: %(question)s",
                                                  question=question["text"])
    return clean, errors


def document_applies(document, answers: dict) -> bool:
    """Whether a required document is asked for, given the question answers (always, without a condition)."""
    condition = split_condition(document.get("condition", "") if isinstance(document, dict) else document.condition)
    if condition is None:
        return True
    key, wanted = condition
    return (answers or {}).get(key) == wanted


def document_required(document, answers: dict) -> bool:
    """Asked for and not optional: the application cannot be submitted without it."""
    optional = document.get("optional", False) if isinstance(document, dict) else document.optional
    return document_applies(document, answers) and not optional


def field_applies(field: dict, questions: dict, values: dict) -> bool:
    """Whether an e-form field is asked, given the question answers and the choices typed before it."""
    when = field.get("when")
    if not when:
        return True
    if "question" in when:
        return (questions or {}).get(when["question"]) == when["equals"]
    return (values or {}).get(when["field"], "") == when["equals"]


def check_value(field: dict, typed: str, today: date) -> tuple[str, object | None]:
    """One e-form answer: (clean text for the declaration, error message or None)."""
    refused = text_input.problem(str(typed or ""))  # control, bidi and NUL characters, absurd lengths
    value = " ".join((text_input.clean(str(typed or "")) or "").split())
    if refused:
        return value, refused
    label = field["label"]
    kind = field["type"]
    if not value:
        if not field["required"]:
            return "", None
        if kind == "choice":
            return "", _l("Chọn %(label)s", label=_lower_first(label))
        return "", _l("Nhập %(label)s", label=_lower_first(label))
    if kind == "date":
        day = parse_date(value)
        if day is None or day.year < 1900:
            return value, _l("%(label)s phải là một ngày có thật, ví dụ 27/03/2026", label=label)
        if field.get("not_future") and day > today:
            return value, _l("%(label)s phải là hôm nay hoặc một ngày trong quá khứ", label=label)
        return day.strftime("%d/%m/%Y"), None
    if kind == "choice":
        if value not in field["choices"]:
            return value, _l("Chọn %(label)s", label=_lower_first(label))
        return value, None
    if kind == "number":
        number = value.replace(" ", "").replace(",", ".")
        if not re.fullmatch(r"-?\d+(\.\d+)?", number):
            return value, _l("%(label)s phải là một số, ví dụ 3200", label=label)
        amount = float(number)
        low, high = field.get("min"), field.get("max")
        if (low is not None and amount < low) or (high is not None and amount > high):
            return value, _l("%(label)s phải từ %(low)s đến %(high)s", label=label,
                             low="%g" % low if low is not None else "…",
                             high="%g" % high if high is not None else "…")
        return number.rstrip("0").rstrip(".") if "." in number else number, None
    if kind == "citizen_id":
        digits = value.replace(" ", "")
        if not re.fullmatch(r"\d{12}", digits):
            return value, _l("%(label)s phải gồm đúng 12 chữ số", label=label)
        if not 1 <= int(digits[:3]) <= 96:
            return value, _l("Ba chữ số đầu của %(label)s không phải mã tỉnh, thành phố hợp lệ",
                             label=_lower_first(label))
        return digits, None
    if kind == "address":
        if len(value) < 5:
            return value, _l("Nhập đầy đủ %(label)s: số nhà, đường hoặc thôn, tổ, phường, xã, tỉnh",
                             label=_lower_first(label))
        if len(value) > MAX_ADDRESS:
            return value, _l("%(label)s tối đa %(count)s ký tự", label=label, count=MAX_ADDRESS)
        return value, None
    if len(value) > MAX_TEXT:
        return value, _l("%(label)s tối đa %(count)s ký tự", label=label, count=MAX_TEXT)
    return value, None


def check_eform(eform: dict | None, questions: dict, typed: dict, today: date) -> tuple[list[dict], dict]:
    """Every applicable field of the e-form: ([{name, label, section, value}], errors keyed ``f-<name>``).

    Fields whose condition is not met are left out (what was typed there is ignored, not lost).
    """
    if not eform:
        return [], {}
    typed = typed or {}
    rows, errors, values = [], {}, {}
    for field in eform["fields"]:
        if not field_applies(field, questions, values):
            continue
        clean, error = check_value(field, typed.get(field["name"], ""), today)
        values[field["name"]] = clean
        if error:
            errors[f"f-{field['name']}"] = error
        rows.append({"name": field["name"], "label": field["label"], "section": field.get("section", ""),
                     "value": clean})
    return rows, errors


def condition_text(questions: list[dict], condition: str) -> tuple[str, str] | None:
    """The question text and the answer ("yes"/"no") a document's condition waits for, or None."""
    split = split_condition(condition)
    if split is None:
        return None
    texts = {q["key"]: q["text"] for q in questions or []}
    return texts.get(split[0], split[0]), split[1]
