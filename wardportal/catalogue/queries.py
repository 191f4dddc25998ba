"""Reading the procedure catalogue of a ward: fields, guides, forms and contacts."""

from dataclasses import dataclass

from slugify import slugify
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from wardportal.catalogue.models import Contact, FormTemplate, Procedure
from wardportal.kernel.extensions import db
from wardportal.staff.models import Ward


@dataclass(frozen=True)
class FieldSummary:
    """A procedure field (lĩnh vực) of a ward with the number of published guides in it."""

    name: str
    slug: str
    count: int


def field_slug(field_name: str) -> str:
    """URL slug of a field name: ``Hộ tịch`` → ``ho-tich`` (đ folds to d)."""
    return slugify(field_name) or "khac"


def _published(ward: Ward):
    return select(Procedure).where(Procedure.ward_id == ward.id, Procedure.is_published.is_(True))


def fields_of(ward: Ward) -> list[FieldSummary]:
    """The fields that have published guides in this ward, largest first."""
    rows = db.session.execute(
        select(Procedure.field, Procedure.field_slug, func.count())
        .where(Procedure.ward_id == ward.id, Procedure.is_published.is_(True))
        .group_by(Procedure.field, Procedure.field_slug)
        .order_by(func.count().desc(), Procedure.field))
    return [FieldSummary(name, slug, count) for name, slug, count in rows]


def popular_procedures(ward: Ward, limit: int = 8) -> list[Procedure]:
    """The guides the ward marks as most used, for the home page."""
    query = _published(ward).where(Procedure.is_popular.is_(True)).order_by(Procedure.title).limit(limit)
    return list(db.session.scalars(query))


def procedures_in_field(ward: Ward, slug: str) -> list[Procedure]:
    """Published guides of one field, by title."""
    query = _published(ward).where(Procedure.field_slug == slug).order_by(Procedure.title)
    return list(db.session.scalars(query))


def published_procedures(ward: Ward) -> list[Procedure]:
    """Every published guide of the ward, ordered by field then title."""
    return list(db.session.scalars(_published(ward).order_by(Procedure.field, Procedure.title)))


def procedure_by_code(ward: Ward, code: str, include_drafts: bool = False) -> Procedure | None:
    """The guide with this national code in this ward (drafts only when asked for)."""
    query = (select(Procedure).where(Procedure.ward_id == ward.id, Procedure.code == code)
             .options(selectinload(Procedure.documents), selectinload(Procedure.forms)))
    if not include_drafts:
        query = query.where(Procedure.is_published.is_(True))
    return db.session.scalar(query)


def form_template(procedure: Procedure, form_id: int) -> FormTemplate | None:
    """One downloadable form of a guide; None when it belongs to another guide."""
    form = db.session.get(FormTemplate, form_id)
    if form is None or form.procedure_id != procedure.id or not form.is_public:
        return None
    return form


def contacts_of(ward: Ward) -> list[Contact]:
    """The ward's published contact directory, in the order the ward set."""
    query = select(Contact).where(Contact.ward_id == ward.id).order_by(Contact.position, Contact.name)
    return list(db.session.scalars(query))
