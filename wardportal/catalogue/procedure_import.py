"""Importing procedure guides from the documented JSON format (see README), all or nothing."""

import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from wardportal.catalogue import fees as fee_rules
from wardportal.catalogue.eforms.definition import (DefinitionError, condition_from_when, parse_eform,
    parse_questions)
from wardportal.catalogue.form_files import PROBLEMS, FormFileRefused, form_template_type
from wardportal.catalogue.guide_revisions import add_revisions, changed_keys, snapshot, with_revisions
from wardportal.catalogue.models import ONLINE_LEVELS, FormTemplate, OutsideService, Procedure, RequiredDocument
from wardportal.catalogue.queries import field_slug
from wardportal.catalogue.signals import procedures_changed
from wardportal.kernel.database import end_read_transaction
from wardportal.kernel.extensions import db
from wardportal.kernel.times import now_utc
from wardportal.staff.accounts import unit_code_taken
from wardportal.staff.models import Ward
from wardportal.staff.wards import WARD_SLUG

TEXT_KEYS = ("summary", "applicants", "steps", "requirements", "fee", "legal_basis", "result",
             "where_to_submit", "implementing_body", "title_en", "keywords_en")
# A service another agency handles (OutsideService): its keys in the file's "outside_services" list.
OUTSIDE_KEYS = ("code", "title", "title_en", "handled_by", "where", "url", "keywords")
_OUTSIDE_REQUIRED = ("code", "title", "handled_by")


FormLoader = Callable[[str], bytes]


class InvalidProcedureFile(ValueError):
    """The file cannot be imported; the message names the record and the field."""


@dataclass
class DocumentRecord:
    """A validated required document."""

    name: str
    original: bool
    copies: int
    note: str
    condition: str = ""
    optional: bool = False


@dataclass
class FormRecord:
    """A validated form template with its bytes already read and checked."""

    title: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class ProcedureRecord:
    """A validated procedure, ready to be written."""

    code: str
    title: str
    field: str
    processing_days: int
    online_level: str
    texts: dict[str, str]
    documents: list[DocumentRecord]
    popular: bool = False
    published: bool = True
    forms: list[FormRecord] | None = None
    extra: dict = field(default_factory=dict)
    fee_schedule: dict | None = None
    questions: list[dict] = field(default_factory=list)
    eform: dict | None = None


def _fail(index: int, record: dict, key: str, problem: str) -> InvalidProcedureFile:
    label = f"procedures[{index}]"
    if isinstance(record, dict) and isinstance(record.get("code"), str):
        label += f" (code {record['code']})"
    return InvalidProcedureFile(f"{label}: field '{key}' {problem}")


def _text(index, record, key, required=False) -> str:
    value = record.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _fail(index, record, key, "must be text")
    if required and not value.strip():
        raise _fail(index, record, key, "is required")
    return value.strip()


def _documents(index, record, question_keys: set[str]) -> list[DocumentRecord]:
    items = record.get("documents", [])
    if not isinstance(items, list):
        raise _fail(index, record, "documents", "must be a list")
    documents = []
    for n, item in enumerate(items):
        key = f"documents[{n}]"
        if not isinstance(item, dict):
            raise _fail(index, record, key, "must be an object")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise _fail(index, record, f"{key}.name", "is required")
        original = item.get("original", True)
        if not isinstance(original, bool):
            raise _fail(index, record, f"{key}.original", "must be true or false")
        copies = item.get("copies", 1)
        if isinstance(copies, bool) or not isinstance(copies, int) or copies < 0:
            raise _fail(index, record, f"{key}.copies", "must be a whole number ≥ 0")
        note = item.get("note", "") or ""
        if not isinstance(note, str):
            raise _fail(index, record, f"{key}.note", "must be text")
        optional = item.get("optional", False)
        if not isinstance(optional, bool):
            raise _fail(index, record, f"{key}.optional", "must be true or false")
        try:
            condition = condition_from_when(item.get("when"), question_keys, f"{key}.when")
        except DefinitionError as problem:
            raise _fail(index, record, problem.key, problem.problem) from None
        documents.append(DocumentRecord(name.strip(), original, copies, note.strip(), condition, optional))
    return documents


def _forms(index, record, load_form: FormLoader) -> list[FormRecord] | None:
    if "forms" not in record:
        return None
    items = record["forms"]
    if not isinstance(items, list):
        raise _fail(index, record, "forms", "must be a list")
    forms = []
    for n, item in enumerate(items):
        key = f"forms[{n}]"
        if not isinstance(item, dict) or not isinstance(item.get("file"), str) or not item["file"].strip():
            raise _fail(index, record, f"{key}.file", "is required")
        filename = Path(item["file"]).name
        try:
            data = load_form(item["file"])
        except OSError as exc:
            raise _fail(index, record, f"{key}.file", f"cannot be read ({exc.strerror or exc})") from exc
        try:
            content_type = form_template_type(data, filename)
        except FormFileRefused as refused:
            raise _fail(index, record, f"{key}.file", PROBLEMS[refused.code]) from None
        title = item.get("title") or filename
        if not isinstance(title, str):
            raise _fail(index, record, f"{key}.title", "must be text")
        forms.append(FormRecord(title.strip(), filename, content_type, data))
    return forms


def parse_procedures(payload: object, load_form: FormLoader) -> list[ProcedureRecord]:
    """Validate the whole payload before anything is written; raise on the first problem found."""
    if not isinstance(payload, dict) or not isinstance(payload.get("procedures"), list):
        raise InvalidProcedureFile("the file must be an object with a 'procedures' list")
    records, seen = [], set()
    for index, record in enumerate(payload["procedures"]):
        if not isinstance(record, dict):
            raise InvalidProcedureFile(f"procedures[{index}]: must be an object")
        code = _text(index, record, "code", required=True)
        if code in seen:
            raise _fail(index, record, "code", "appears twice in the file")
        seen.add(code)
        days = record.get("processing_days")
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise _fail(index, record, "processing_days", "must be a whole number of working days ≥ 0")
        level = record.get("online_level", "none")
        if level not in ONLINE_LEVELS:
            raise _fail(index, record, "online_level", "must be one of full, partial, none")
        flags = {}
        for flag, default in (("popular", False), ("published", True)):
            flags[flag] = record.get(flag, default)
            if not isinstance(flags[flag], bool):
                raise _fail(index, record, flag, "must be true or false")
        try:
            questions = parse_questions(record.get("questions"))
            eform = parse_eform(record.get("eform"), {q["key"] for q in questions})
        except DefinitionError as problem:
            raise _fail(index, record, problem.key, problem.problem) from None
        records.append(ProcedureRecord(
            code=code,
            title=_text(index, record, "title", required=True),
            field=_text(index, record, "field", required=True),
            processing_days=days,
            online_level=level,
            texts={key: _text(index, record, key) for key in TEXT_KEYS},
            documents=_documents(index, record, {q["key"] for q in questions}),
            popular=flags["popular"],
            published=flags["published"],
            forms=_forms(index, record, load_form),
            fee_schedule=_fee_schedule(index, record),
            questions=questions,
            eform=eform,
        ))
    return records


def _fee_schedule(index, record) -> dict | None:
    """The structured fees (`fees`), checked; None when the record has none."""
    try:
        schedule = fee_rules.parse_schedule(record.get("fees"))
    except fee_rules.InvalidSchedule as exc:
        raise _fail(index, record, "fees", f"is invalid ({exc})") from None
    return schedule.as_json() if schedule is not None else None


# A catalogue has a few dozen fields; slugifying each guide's field name anew was a sixth of an import.
_field_slug = functools.lru_cache(maxsize=512)(field_slug)


def _apply(procedure: Procedure, record: ProcedureRecord) -> None:
    procedure.title = record.title
    procedure.field = record.field
    procedure.field_slug = _field_slug(record.field)
    procedure.processing_days = record.processing_days
    procedure.online_level = record.online_level
    procedure.is_popular = record.popular
    procedure.is_published = record.published
    procedure.fee_schedule = record.fee_schedule
    for key, value in record.texts.items():
        setattr(procedure, key, value)
    procedure.questions = record.questions
    procedure.eform = record.eform
    procedure.documents = [RequiredDocument(position=n, name=d.name, original=d.original, copies=d.copies,
                                            note=d.note, condition=d.condition, optional=d.optional)
                           for n, d in enumerate(record.documents)]
    if record.forms is not None:
        procedure.forms = [FormTemplate(title=f.title, filename=f.filename, content_type=f.content_type,
                                        size=len(f.data), sha256=hashlib.sha256(f.data).hexdigest(), data=f.data)
                           for f in record.forms]


def upsert_procedures(ward: Ward, records: list[ProcedureRecord]) -> tuple[int, int]:
    """Create or update the ward's guides by national code in one transaction; return (created, updated).

    Written in bulk: one flush for all guides and one for all their first (or next) revisions. A flush and
    three queries per guide made importing 10,000 guides take 30 s instead of a few.
    """
    existing = {p.code: p for p in db.session.scalars(
        select(Procedure).where(Procedure.ward_id == ward.id)
        .options(selectinload(Procedure.documents), selectinload(Procedure.forms)))}
    started = with_revisions([p.id for p in existing.values()])
    created = updated = 0
    touched, befores = [], []
    try:
        for record in records:
            procedure = existing.get(record.code)
            if procedure is None:
                procedure = Procedure(ward=ward, code=record.code, forms=[])
                db.session.add(procedure)
                created += 1
                before = {}
            else:
                updated += 1
                before = snapshot(procedure)
            _apply(procedure, record)
            touched.append(procedure)
            befores.append(before)
        db.session.flush()
        # Every guide's history starts with the version that came from the file; a refresh that
        # changed nothing adds no revision.
        revised, changes = [], []
        for procedure, before in zip(touched, befores):
            after = snapshot(procedure)
            changed = changed_keys(before, after)
            if changed or procedure.id not in started:
                revised.append(procedure)
                changes.append((changed, after))
        add_revisions(revised, "imported", None, now_utc(), changes)
        touched_ids = [p.id for p in touched]  # read before the commit expires them (a query each after)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    procedures_changed.send(ward.id, ward_id=ward.id, procedure_ids=touched_ids)
    return created, updated


def parse_outside_services(payload: object) -> list[dict]:
    """Validate the optional "outside_services" list: [{code, title, handled_by, where, url, keywords, title_en}]."""
    items = payload.get("outside_services", []) if isinstance(payload, dict) else []
    if not isinstance(items, list):
        raise InvalidProcedureFile("'outside_services' must be a list")
    services, seen = [], set()
    for index, item in enumerate(items):
        label = f"outside_services[{index}]"
        if not isinstance(item, dict):
            raise InvalidProcedureFile(f"{label}: must be an object")
        service = {}
        for key in OUTSIDE_KEYS:
            value = item.get(key, "") or ""
            if isinstance(value, list) and key == "keywords":
                value = "; ".join(str(v) for v in value)
            if not isinstance(value, str):
                raise InvalidProcedureFile(f"{label}: field '{key}' must be text")
            if key in _OUTSIDE_REQUIRED and not value.strip():
                raise InvalidProcedureFile(f"{label}: field '{key}' is required")
            service[key] = value.strip()
        if service["url"] and not service["url"].startswith("https://"):
            raise InvalidProcedureFile(f"{label}: field 'url' must start with https://")
        if service["code"] in seen:
            raise InvalidProcedureFile(f"{label}: field 'code' appears twice in the file")
        seen.add(service["code"])
        services.append(service)
    return services


def upsert_outside_services(ward: Ward, services: list[dict]) -> None:
    """Create or update the ward's outside services by code (not committed: the guides' commit carries them)."""
    existing = {s.code: s for s in db.session.scalars(select(OutsideService).where(OutsideService.ward_id == ward.id))}
    for values in services:
        service = existing.get(values["code"])
        if service is None:
            service = OutsideService(ward_id=ward.id)
            db.session.add(service)
        for key, value in values.items():
            setattr(service, key, value)


def ensure_ward(slug: str, name: str | None, **details) -> Ward:
    """The ward with this slug, created (not committed) when missing; a new ward needs a name."""
    if not WARD_SLUG.fullmatch(slug):
        raise InvalidProcedureFile(f"ward slug '{slug}' may hold only lowercase letters, digits and hyphens")
    ward = db.session.scalar(select(Ward).where(Ward.slug == slug))
    if ward is None:
        if not name:
            raise InvalidProcedureFile(f"ward '{slug}' does not exist: give --ward-name to create it")
        unit_code = details.pop("unit_code", None) or slug.upper()
        if unit_code_taken(unit_code):
            raise InvalidProcedureFile(f"unit code '{unit_code}' is already used by another ward: dossier codes "
                                       "must not collide")
        ward = Ward(slug=slug, name=name, unit_code=unit_code, **details)
        db.session.add(ward)
    return ward


def import_file(path: str | Path, ward_slug: str, ward_name: str | None = None) -> tuple[int, int]:
    """Import a JSON file of procedures into a ward (created if missing); forms are read beside the file."""
    path = Path(path)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidProcedureFile(f"cannot read {path}: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise InvalidProcedureFile(f"{path} is not valid JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}")
    end_read_transaction()  # the forms' safety check parses them: no write lock held meanwhile
    records = parse_procedures(payload, lambda name: (path.parent / name).read_bytes())
    outside = parse_outside_services(payload)
    ward = ensure_ward(ward_slug, ward_name)
    if outside:
        db.session.flush()  # a new ward needs its id
        upsert_outside_services(ward, outside)
    return upsert_procedures(ward, records)

