"""Checking the definitions of questions, document conditions and e-forms, as given in the import format.

Questions: ``[{"key": "nop_thay", "text": "Bạn nộp thay cho người khác?", "hint": "…"}]``.
A document's condition: ``"when": {"nop_thay": true}`` in the import file, kept as ``"nop_thay=yes"``.
An e-form: ``{"title": "Tờ khai …", "fields": [{"name", "label", "type", "required", "hint", "section",
"choices", "min", "max", "not_future", "when"}]}`` with types text, date, choice, number, citizen_id, address;
a field's ``when`` names a question (true/false) or a choice field (one of its choices).
Every problem raises DefinitionError with the path of the offending key.
"""

from __future__ import annotations

import re

FIELD_TYPES = ("text", "date", "choice", "number", "citizen_id", "address")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_FIELDS = 80
YES, NO = "yes", "no"
_ANSWER_WORDS = {"yes": YES, "có": YES, "true": YES, "no": NO, "không": NO, "false": NO}


class DefinitionError(ValueError):
    """A definition that cannot be used; ``key`` is where (``questions[1].key``), ``problem`` what."""

    def __init__(self, key: str, problem: str):
        super().__init__(f"field '{key}' {problem}")
        self.key, self.problem = key, problem


def _text(item: dict, key: str, where: str, required: bool = False, limit: int = 500) -> str:
    """A text value of a definition (stripped), checked for type and length."""
    value = item.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise DefinitionError(f"{where}.{key}", "must be text")
    value = value.strip()
    if required and not value:
        raise DefinitionError(f"{where}.{key}", "is required")
    if len(value) > limit:
        raise DefinitionError(f"{where}.{key}", f"must be at most {limit} characters")
    return value


def parse_questions(items: object, where: str = "questions") -> list[dict]:
    """The application's yes/no questions, checked: unique keys, a text each."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise DefinitionError(where, "must be a list")
    questions, seen = [], set()
    for n, item in enumerate(items):
        at = f"{where}[{n}]"
        if not isinstance(item, dict):
            raise DefinitionError(at, "must be an object")
        key = item.get("key")
        if not isinstance(key, str) or not KEY.match(key):
            raise DefinitionError(f"{at}.key", "must be lowercase letters, digits or _ (up to 40), "
                                               "starting with a letter")
        if key in seen:
            raise DefinitionError(f"{at}.key", "appears twice")
        seen.add(key)
        questions.append({"key": key, "text": _text(item, "text", at, required=True, limit=300),
                          "hint": _text(item, "hint", at)})
    return questions


def condition_from_when(when: object, question_keys: set[str], where: str) -> str:
    """A document's ``when`` object (one question, true or false) as the stored ``key=yes|no``."""
    if when is None:
        return ""
    if not isinstance(when, dict) or len(when) != 1:
        raise DefinitionError(where, "must name one question, e.g. {\"nop_thay\": true}")
    (key, answer), = when.items()
    if key not in question_keys:
        raise DefinitionError(where, f"names the question '{key}', which is not in 'questions'")
    if not isinstance(answer, bool):
        raise DefinitionError(where, "must map the question to true or false")
    return f"{key}={YES if answer else NO}"


def parse_condition(text: str, question_keys: set[str]) -> str:
    """A condition typed in the editor (``nop_thay=có``, ``kethon = không``, empty) as ``key=yes|no``.

    Raises DefinitionError("condition", …) when it names no known question or no answer.
    """
    text = (text or "").strip()
    if not text:
        return ""
    key, sep, answer = text.partition("=")
    key, answer = key.strip(), _ANSWER_WORDS.get(answer.strip().lower())
    if not sep or answer is None:
        raise DefinitionError("condition", "must read question=có or question=không")
    if key not in question_keys:
        raise DefinitionError("condition", f"names the question '{key}', which this guide does not ask")
    return f"{key}={answer}"


def split_condition(condition: str) -> tuple[str, str] | None:
    """``("nop_thay", "yes")`` from a stored condition, None for documents always asked."""
    key, sep, answer = (condition or "").partition("=")
    return (key, answer) if sep else None


def _number(item: dict, key: str, at: str) -> float | None:
    """An optional numeric bound of a number field."""
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DefinitionError(f"{at}.{key}", "must be a number")
    return value


def _field(item: object, at: str, names: dict, question_keys: set[str]) -> dict:
    """One e-form field, checked against the fields before it (conditions may only look back)."""
    if not isinstance(item, dict):
        raise DefinitionError(at, "must be an object")
    name = item.get("name")
    if not isinstance(name, str) or not KEY.match(name):
        raise DefinitionError(f"{at}.name", "must be lowercase letters, digits or _ (up to 40), "
                                            "starting with a letter")
    if name in names:
        raise DefinitionError(f"{at}.name", "appears twice")
    kind = item.get("type", "text")
    if kind not in FIELD_TYPES:
        raise DefinitionError(f"{at}.type", "must be one of " + ", ".join(FIELD_TYPES))
    required = item.get("required", True)
    if not isinstance(required, bool):
        raise DefinitionError(f"{at}.required", "must be true or false")
    field = {"name": name, "label": _text(item, "label", at, required=True, limit=300), "type": kind,
             "required": required, "hint": _text(item, "hint", at), "section": _text(item, "section", at)}
    if kind == "choice":
        choices = item.get("choices")
        if (not isinstance(choices, list) or len(choices) < 2
                or not all(isinstance(c, str) and c.strip() for c in choices)
                or len({c.strip() for c in choices}) != len(choices)):
            raise DefinitionError(f"{at}.choices", "must list at least two different texts")
        field["choices"] = [c.strip() for c in choices]
    if kind == "date":
        field["not_future"] = item.get("not_future", False)
        if not isinstance(field["not_future"], bool):
            raise DefinitionError(f"{at}.not_future", "must be true or false")
    if kind == "number":
        field["min"], field["max"] = _number(item, "min", at), _number(item, "max", at)
        if field["min"] is not None and field["max"] is not None and field["min"] > field["max"]:
            raise DefinitionError(f"{at}.min", "must not be above max")
    when = item.get("when")
    if when is not None:
        if not isinstance(when, dict) or len(when) != 1:
            raise DefinitionError(f"{at}.when", "must name one question or earlier choice field")
        (key, value), = when.items()
        if key in question_keys and isinstance(value, bool):
            field["when"] = {"question": key, "equals": YES if value else NO}
        elif key in names and names[key]["type"] == "choice" and value in names[key]["choices"]:
            field["when"] = {"field": key, "equals": value}
        else:
            raise DefinitionError(f"{at}.when", f"must map a question to true/false or an earlier choice "
                                                f"field to one of its choices (got '{key}')")
    return field


def parse_eform(value: object, question_keys: set[str], where: str = "eform") -> dict | None:
    """An e-form definition, checked; None when the procedure has none."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise DefinitionError(where, "must be an object with 'title' and 'fields'")
    items = value.get("fields")
    if not isinstance(items, list) or not items:
        raise DefinitionError(f"{where}.fields", "must be a non-empty list")
    if len(items) > MAX_FIELDS:
        raise DefinitionError(f"{where}.fields", f"must have at most {MAX_FIELDS} fields")
    names: dict[str, dict] = {}
    for n, item in enumerate(items):
        field = _field(item, f"{where}.fields[{n}]", names, question_keys)
        names[field["name"]] = field
    return {"title": _text(value, "title", where, required=True, limit=300),
            "legal_form": _text(value, "legal_form", where, limit=300),
            "fields": list(names.values())}
