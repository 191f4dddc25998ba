"""A guide's content as plain data, its numbered revisions, and readable differences between them.

Editing, drafts and the importer all record revisions through here, so every guide's history starts with
its first version (seeded, imported or written here) and each later entry says what changed.
"""

import difflib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from wardportal.catalogue import revision_words
from wardportal.catalogue.models import Procedure, ProcedureRevision, RequiredDocument
from wardportal.catalogue.queries import field_slug
from wardportal.kernel.extensions import db
from wardportal.staff.models import StaffUser

# The guide's own fields an editor changes; the order is the order of the edit form.
PROCEDURE_FIELDS = ("code", "title", "field", "summary", "applicants", "steps", "requirements",
                    "processing_days", "fee", "legal_basis", "result", "where_to_submit", "implementing_body",
                    "online_level", "is_popular", "questions", "fee_schedule", "title_en", "keywords_en")
DOCUMENT_FIELDS = ("name", "original", "copies", "note", "condition", "optional")
DOCUMENT_DEFAULTS = ("", True, 1, "", "", False)
# Fields shown as whole lines of text in a difference (long Markdown is compared line by line).
MULTILINE_FIELDS = ("summary", "applicants", "steps", "requirements", "legal_basis", "where_to_submit")


@dataclass
class Actor:
    """Who makes a change and from where, for the revision and the audit log."""

    staff: StaffUser
    ip_address: str
    now: datetime


def normalise_text(value):
    """Text with Windows or old-Mac line endings turned into ``\\n``; other values unchanged.

    Browsers send textareas with CRLF and files may carry either, so without this a save that changed
    nothing would record every line as changed.
    """
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _normalised(data):
    """``data`` with every string normalised, recursively (for comparing old snapshots)."""
    if isinstance(data, dict):
        return {key: _normalised(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_normalised(value) for value in data]
    return normalise_text(data)


def content_of(procedure: Procedure) -> dict:
    """The guide's editable content: its fields and its documents list."""
    data = {name: normalise_text(getattr(procedure, name)) for name in PROCEDURE_FIELDS}
    data["documents"] = [{name: normalise_text(getattr(doc, name)) for name in DOCUMENT_FIELDS}
                         for doc in procedure.documents]
    return data


def snapshot(procedure: Procedure) -> dict:
    """The guide's content as plain data: fields, documents, forms (names only) and publication state."""
    data = content_of(procedure)
    data["forms"] = [{"title": f.title, "filename": f.filename, "sha256": f.sha256, "pending": f.pending}
                     for f in procedure.forms]
    data["is_published"] = procedure.is_published
    data["effective_date"] = procedure.effective_date.isoformat() if procedure.effective_date else None
    return data


def merged_content(base: dict, values: dict, documents: list[dict]) -> dict:
    """``base`` content with edited values and a new documents list, line endings normalised."""
    data = dict(base)
    for name in PROCEDURE_FIELDS:
        if name in values:
            data[name] = normalise_text(values[name])
    data["documents"] = [{name: normalise_text(d.get(name, default))
                          for name, default in zip(DOCUMENT_FIELDS, DOCUMENT_DEFAULTS)} for d in documents]
    return data


def apply_content(procedure: Procedure, content: dict) -> None:
    """Copy content (fields and documents) onto the guide itself."""
    for name in PROCEDURE_FIELDS:
        if name in content:
            setattr(procedure, name, normalise_text(content[name]))
    procedure.field_slug = field_slug(procedure.field)
    current = [{name: normalise_text(getattr(d, name)) for name in DOCUMENT_FIELDS} for d in procedure.documents]
    wanted = [{name: normalise_text(d.get(name, default)) for name, default in zip(DOCUMENT_FIELDS, DOCUMENT_DEFAULTS)}
              for d in content.get("documents", [])]
    # Rebuilding unchanged rows would only churn ids; replace the list when it really differs.
    if current != wanted:
        procedure.documents = [RequiredDocument(position=n, **d) for n, d in enumerate(wanted)]


def changed_keys(before: dict, after: dict) -> list[str]:
    """The names of the keys whose values differ, ignoring line-ending differences."""
    before, after = _normalised(before), _normalised(after)
    return [key for key in after if before.get(key) != after.get(key)]


def add_revision(procedure: Procedure, action: str, author: StaffUser | None, now: datetime, changed: list[str],
                 data: dict | None = None) -> ProcedureRevision:
    """Append the next numbered revision holding ``data`` (default: the guide's current state)."""
    return ProcedureRevision.append("procedure_id", procedure, action, author, now, changed,
                                    lambda: data if data is not None else snapshot(procedure))


def add_revisions(procedures: list[Procedure], action: str, author: StaffUser | None, now: datetime,
                  changes: list[tuple[list[str], dict]]) -> None:
    """`add_revision` for many guides at once: ``changes[i]`` is (changed fields, snapshot) of guide i."""
    ProcedureRevision.append_many("procedure_id", procedures, action, author, now, changes)


def with_revisions(procedure_ids: list[int]) -> set[int]:
    """Which of these guides' histories have begun (one query per 500 guides)."""
    found: set[int] = set()
    for start in range(0, len(procedure_ids), 500):
        found.update(db.session.scalars(select(ProcedureRevision.procedure_id).distinct().where(
            ProcedureRevision.procedure_id.in_(procedure_ids[start:start + 500]))))
    return found


def has_revisions(procedure: Procedure) -> bool:
    """Whether the guide's history has begun."""
    return db.session.scalar(select(ProcedureRevision.id)
                             .where(ProcedureRevision.procedure_id == procedure.id).limit(1)) is not None


@dataclass(frozen=True)
class FieldChange:
    """One field's difference between two revisions: ``lines`` are ("-"|"+"|" ", text) pairs."""

    name: str
    lines: list[tuple[str, str]]


# Fields holding a date (stored as ISO text), shown as dd/mm/yyyy.
DATE_FIELDS = ("effective_date", "scheduled_for")


def _as_lines(name: str, value, questions=()) -> list[str]:
    """A field's value as the lines a difference compares, in words (see revision_words.py)."""
    if name == "documents":
        return [revision_words.document_line(d, questions) for d in value or []]
    if name == "forms":
        return [f"{f.get('title', '')} ({f.get('filename', '')})" for f in value or []]
    if name == "questions":
        return revision_words.question_lines(value)
    if name == "fee_schedule":
        return revision_words.fee_lines(value)
    if value is None or value == "":
        return []
    if isinstance(value, bool):
        return [revision_words.yes_no(value)]
    if name in DATE_FIELDS:
        return [revision_words.date_words(value)]
    text = normalise_text(str(value))
    return text.split("\n") if name in MULTILINE_FIELDS else [text]


def differences(before: dict, after: dict, keys: list[str] | None = None) -> list[FieldChange]:
    """Readable line-by-line differences between two snapshots, only for fields that changed."""
    changes = []
    for name in keys if keys is not None else changed_keys(before, after):
        old = _as_lines(name, before.get(name), before.get("questions") or ())
        new = _as_lines(name, after.get(name), after.get("questions") or ())
        if old == new:
            continue
        lines = []
        for line in difflib.ndiff(old, new):
            if line[:1] in ("-", "+", " "):
                lines.append((line[0], line[2:]))
        changes.append(FieldChange(name, lines))
    return changes


def revision_differences(procedure: Procedure, revision: ProcedureRevision) -> list[FieldChange]:
    """What this revision changed: a draft against the revision before it, a public state against the
    previous public state (so "published" shows what residents now see differently)."""
    earlier = list(db.session.scalars(select(ProcedureRevision).where(
        ProcedureRevision.procedure_id == procedure.id, ProcedureRevision.number < revision.number)
        .order_by(ProcedureRevision.number.desc())))
    previous = earlier[0] if earlier else None
    if not revision.snapshot.get("draft"):
        previous = next((r for r in earlier if not r.snapshot.get("draft")), previous)
    before = previous.snapshot if previous is not None else {}
    # "draft" only marks where the content lives; it is not something the editor changed.
    keys = [key for key in changed_keys(before, revision.snapshot) if key != "draft"]
    return differences(before, revision.snapshot, keys)
