"""Editing procedure guides, the contact directory and ward details, with revisions and audit entries.

Every function takes the acting staff member, their address and the time, commits, and (for guides)
sends ``procedures_changed`` after the commit so the search index follows. New guides start as drafts,
which the public catalogue never shows.
"""

import hashlib

from sqlalchemy import func, select

from wardportal.catalogue import guide_drafts
from wardportal.catalogue.form_files import FormFileRefused, form_template_type
from wardportal.catalogue.models import Contact, FormTemplate, Procedure, ProcedureRevision
from wardportal.catalogue.signals import procedures_changed
from wardportal.kernel.database import end_read_transaction
from wardportal.kernel.extensions import db
from wardportal.staff import audit
from wardportal.staff.models import Ward
from wardportal.catalogue.guide_revisions import (DOCUMENT_FIELDS, PROCEDURE_FIELDS, Actor, add_revision,  # noqa: F401
    apply_content, changed_keys, merged_content, snapshot)

WARD_FIELDS = ("address", "hours", "hotline", "email", "notice", "cutoff_time")
CONTACT_FIELDS = ("name", "role", "field", "phone", "email", "position")


class EditingError(ValueError):
    """A change the rules refuse; ``code`` names the rule for the caller's message."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _commit_guide(procedure: Procedure, action: str, actor: Actor, changed: list[str],
                  extra: dict | None = None) -> ProcedureRevision:
    """Record the revision and audit entry, commit, then tell the search index."""
    revision = add_revision(procedure, action, actor.staff, actor.now, changed)
    audit.record(f"procedure.{action}", actor.staff, actor.ip_address, actor.now, ward=procedure.ward,
                 target=f"procedure:{procedure.code}",
                 details={"revision": revision.number, "fields": changed, **(extra or {})})
    db.session.commit()
    procedures_changed.send(procedure.ward_id, ward_id=procedure.ward_id, procedure_ids=[procedure.id])
    return revision


def ward_procedures(ward: Ward) -> list[Procedure]:
    """Every guide of the ward, drafts included, by field then title."""
    return list(db.session.scalars(select(Procedure).where(Procedure.ward_id == ward.id)
                                   .order_by(Procedure.field, Procedure.title)))


def ward_procedure(ward: Ward, procedure_id: int) -> Procedure | None:
    """A guide of this ward by id (drafts included); None for another ward's guide."""
    procedure = db.session.get(Procedure, procedure_id)
    return procedure if procedure is not None and procedure.ward_id == ward.id else None


def save_procedure(ward: Ward, procedure: Procedure | None, values: dict, documents: list[dict],
                   actor: Actor) -> tuple[Procedure, ProcedureRevision | None]:
    """Create a draft guide or save edits to one, keeping a revision; None revision when nothing changed.

    Edits to a published guide (or one scheduled for publication) wait in its draft: residents keep seeing
    the public version until an editor publishes the change.
    """
    code = values.get("code", procedure.code if procedure else "")
    clash = db.session.scalar(select(Procedure.id).where(Procedure.ward_id == ward.id, Procedure.code == code))
    if clash is not None and (procedure is None or clash != procedure.id):
        raise EditingError("code_taken")
    if procedure is not None and guide_drafts.keeps_changes_apart(procedure):
        return procedure, guide_drafts.save_draft(procedure, values, documents, actor)
    if procedure is None:
        procedure = Procedure(ward=ward, code=code, is_published=False)
        db.session.add(procedure)
        before, action = {}, "created"
    else:
        before, action = snapshot(procedure), "saved"
    apply_content(procedure, merged_content({}, values, documents))
    db.session.flush()
    changed = changed_keys(before, snapshot(procedure))
    if not changed:
        db.session.rollback()
        return procedure, None
    return procedure, _commit_guide(procedure, action, actor, changed)


def publish(procedure: Procedure, effective_date, actor: Actor) -> tuple[ProcedureRevision, bool]:
    """Publish the guide and its pending changes now, or schedule them for a later effective date."""
    return guide_drafts.publish(procedure, effective_date, actor)


def unpublish(procedure: Procedure, actor: Actor) -> ProcedureRevision:
    """Take the guide off the public site (it stays editable as a draft)."""
    if not procedure.is_published:
        raise EditingError("not_published")
    procedure.is_published = False
    return _commit_guide(procedure, "unpublished", actor, ["is_published"])


def revisions_of(procedure: Procedure) -> list[ProcedureRevision]:
    """The guide's revisions, newest first."""
    return list(db.session.scalars(select(ProcedureRevision).where(ProcedureRevision.procedure_id == procedure.id)
                                   .order_by(ProcedureRevision.number.desc())))


def revision_of(procedure: Procedure, number: int) -> ProcedureRevision | None:
    """One revision of this guide by number."""
    return db.session.scalar(select(ProcedureRevision).where(ProcedureRevision.procedure_id == procedure.id,
                                                             ProcedureRevision.number == number))


def current_revision_number(procedure: Procedure) -> int:
    """The number of the guide's latest revision (0 for a guide with no history yet)."""
    return db.session.scalar(select(func.max(ProcedureRevision.number))
                             .where(ProcedureRevision.procedure_id == procedure.id)) or 0


def restore_revision(procedure: Procedure, revision: ProcedureRevision, actor: Actor) -> ProcedureRevision:
    """Bring back an earlier revision's text and documents as a new revision (publication state unchanged).

    On a published guide the restored content becomes its draft, to be published like any other edit.
    """
    data = revision.snapshot
    values = {name: data[name] for name in PROCEDURE_FIELDS if name in data}
    clash = db.session.scalar(select(Procedure.id).where(Procedure.ward_id == procedure.ward_id,
                                                         Procedure.code == values.get("code", procedure.code)))
    if clash is not None and clash != procedure.id:
        raise EditingError("code_taken")
    if guide_drafts.keeps_changes_apart(procedure):
        restored = guide_drafts.save_draft(procedure, values, data.get("documents", []), actor, action="restored",
                                           extra={"restored_from": revision.number})
        if restored is None:
            raise EditingError("nothing_to_restore")
        return restored
    before = snapshot(procedure)
    apply_content(procedure, merged_content({}, values, data.get("documents", [])))
    db.session.flush()
    changed = changed_keys(before, snapshot(procedure))
    return _commit_guide(procedure, "restored", actor, changed, extra={"restored_from": revision.number})


def add_form_template(procedure: Procedure, title: str, filename: str, data: bytes, max_bytes: int,
                      actor: Actor) -> FormTemplate:
    """Attach a blank form after checking its size, its type by content (PDF, DOC, DOCX, ODT) and its safety."""
    if not data:
        raise EditingError("empty_file")
    if len(data) > max_bytes:
        raise EditingError("too_large")
    end_read_transaction()  # parsing a PDF holds no write lock; the writes below take a short one
    try:
        content_type = form_template_type(data, filename)
    except FormFileRefused as refused:
        raise EditingError(refused.code) from None
    before = snapshot(procedure)
    form = FormTemplate(title=title.strip(), filename=filename, content_type=content_type, size=len(data),
                        sha256=hashlib.sha256(data).hexdigest(), data=data)
    if guide_drafts.keeps_changes_apart(procedure):
        form.pending = "adding"  # residents get it when the guide's draft is published
        procedure.forms.append(form)
        guide_drafts.record_form_change(procedure, actor, "draft_saved")
        return form
    procedure.forms.append(form)
    db.session.flush()
    _commit_guide(procedure, "saved", actor, changed_keys(before, snapshot(procedure)))
    return form


def remove_form_template(procedure: Procedure, form_id: int, actor: Actor) -> None:
    """Delete one of the guide's forms."""
    form = next((f for f in procedure.forms if f.id == form_id), None)
    if form is None:
        raise EditingError("no_such_form")
    if guide_drafts.keeps_changes_apart(procedure) and form.pending != "adding":
        form.pending = "removing"  # residents keep it until the guide's draft is published
        guide_drafts.record_form_change(procedure, actor, "draft_saved")
        return
    before = snapshot(procedure)
    procedure.forms.remove(form)
    db.session.flush()
    _commit_guide(procedure, "saved", actor, changed_keys(before, snapshot(procedure)))


def ward_contact(ward: Ward, contact_id: int) -> Contact | None:
    """A contact of this ward by id; None for another ward's."""
    contact = db.session.get(Contact, contact_id)
    return contact if contact is not None and contact.ward_id == ward.id else None


def save_contact(ward: Ward, contact: Contact | None, values: dict, actor: Actor) -> Contact:
    """Create or update an entry of the contact directory."""
    action = "contact.updated" if contact else "contact.created"
    if contact is None:
        contact = Contact(ward=ward)
        db.session.add(contact)
    for name in CONTACT_FIELDS:
        if name in values:
            setattr(contact, name, values[name])
    db.session.flush()
    audit.record(action, actor.staff, actor.ip_address, actor.now, ward=ward, target=f"contact:{contact.id}",
                 details={"fields": [name for name in CONTACT_FIELDS if name in values]})
    db.session.commit()
    return contact


def delete_contact(ward: Ward, contact: Contact, actor: Actor) -> None:
    """Remove an entry of the contact directory."""
    audit.record("contact.deleted", actor.staff, actor.ip_address, actor.now, ward=ward,
                 target=f"contact:{contact.id}")
    db.session.delete(contact)
    db.session.commit()


def update_ward_details(ward: Ward, values: dict, actor: Actor) -> list[str]:
    """Change the ward's address, hours, hotline, e-mail and home-page notice; return the changed fields."""
    changed = [name for name in WARD_FIELDS if name in values and getattr(ward, name) != values[name]]
    for name in changed:
        setattr(ward, name, values[name])
    if changed:
        audit.record("ward.updated", actor.staff, actor.ip_address, actor.now, ward=ward, target=f"ward:{ward.slug}",
                     details={"fields": changed,
                              **({"cutoff_time": ward.cutoff_time.strftime("%H:%M")} if "cutoff_time" in changed
                                 else {})})
        db.session.commit()
    return changed
