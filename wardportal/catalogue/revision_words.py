"""A guide's stored values in words, for the revision differences: questions, fees, documents and their
conditions, dates and yes/no fields as the editor wrote them, never as Python or JSON."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from wardportal.kernel.i18n import format_vnd, short_date


def question_lines(questions) -> list[str]:
    """One line per question: its wording, then its key (the name conditions use)."""
    lines = []
    for q in questions or []:
        line = f"{q.get('text', '')} ({q.get('key', '')})"
        lines.append(f"{line} – {q['hint']}" if q.get("hint") else line)
    return lines


def fee_lines(schedule) -> list[str]:
    """The fee schedule's charges, one a line, and the number of copies one dossier may ask for."""
    if not schedule:
        return []
    items = schedule.get("items", [])
    if not items:
        return [str(_l("Không thu phí, lệ phí"))]
    lines = []
    for item in items:
        line = f"{item.get('name', '')}: {format_vnd(int(item.get('amount') or 0))}"
        if item.get("per") == "copy":
            line += " " + str(_l("mỗi bản"))
        if item.get("when") == "urgent":
            line += " (" + str(_l("chỉ thu khi giải quyết nhanh")) + ")"
        lines.append(line)
    if schedule.get("max_copies"):
        lines.append(str(_l("Tối đa %(n)d bản một hồ sơ", n=int(schedule["max_copies"]))))
    return lines


def condition_words(condition: str, questions) -> str:
    """``nop_thay=yes`` as "khi «Bạn nộp thay người khác?» là Có", with the question's own wording."""
    key, _sep, answer = (condition or "").partition("=")
    wording = next((q.get("text", "") for q in questions or [] if q.get("key") == key.strip()), "") or key.strip()
    said = _l("Có") if answer.strip() == "yes" else _l("Không")
    return str(_l("chỉ khi “%(question)s” là %(answer)s", question=wording, answer=said))


def document_line(doc: dict, questions) -> str:
    """One required document on one line: name, original or copy, copies, optional, condition, note."""
    kind = _l("bản chính") if doc.get("original", True) else _l("bản sao")
    parts = [f"{kind}, {doc.get('copies', 1)}"]
    if doc.get("optional"):
        parts.append(str(_l("không bắt buộc")))
    if doc.get("condition"):
        parts.append(condition_words(doc["condition"], questions))
    line = f"{doc.get('name', '')} ({'; '.join(str(p) for p in parts)})"
    return f"{line} – {doc['note']}" if doc.get("note") else line


def date_words(value) -> str:
    """A stored ISO date (or datetime) as dd/mm/yyyy."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return value
    return short_date(value)


def yes_no(value: bool) -> str:
    """A yes/no field in words."""
    return str(_l("Có") if value else _l("Không"))
