"""The case part of a draft: its question and e-form answers kept as typed, and checked together."""

from __future__ import annotations

from datetime import date

from wardportal.catalogue.eforms import answers as case_answers
from wardportal.dossiers.models import ApplicationDraft
from wardportal.kernel.extensions import db


def save_case(draft: ApplicationDraft, part: str, values: dict) -> None:
    """Keep the question answers (`part` "questions") or e-form answers ("eform") exactly as typed."""
    if part == "questions":
        known = {q["key"] for q in draft.procedure.questions or []}
    else:
        known = {f["name"] for f in (draft.procedure.eform or {}).get("fields", [])}
    answers = dict(draft.answers or {})
    kept = dict(answers.get(part) or {})
    kept.update({name: str(values[name] or "")[:1000] for name in known if name in values})
    answers[part] = kept
    draft.answers = answers
    db.session.commit()


def case_of(draft: ApplicationDraft, today: date | None = None) -> tuple[dict, list[dict], dict]:
    """The draft's question answers and e-form rows, checked: (answers, e-form rows, errors)."""
    procedure, typed = draft.procedure, draft.answers or {}
    questions, errors = case_answers.check_questions(procedure.questions, typed.get("questions"))
    rows, form_errors = case_answers.check_eform(procedure.eform, questions, typed.get("eform"),
                                                  today or date.today())
    errors.update(form_errors)
    return questions, rows, errors
