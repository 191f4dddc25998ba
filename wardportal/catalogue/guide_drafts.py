"""Changes to a published guide wait in a draft until an editor publishes them or their effective date comes.

The ``procedure`` row is always exactly what the public sees (and what the search index holds); pending
edits live in ``procedure_draft``. A draft published for a later date is *scheduled*: whichever server
first handles a request on or after that date (or ``flask apply-scheduled`` from cron) makes it public, so
no process needs a timer and two servers never apply the same draft twice.
"""

import time
from datetime import date, datetime

from flask import Flask, request
from sqlalchemy import select

from wardportal.catalogue.guide_revisions import (Actor, add_revision, apply_content, changed_keys, content_of,
    merged_content, snapshot)
from wardportal.catalogue.models import Procedure, ProcedureDraft, ProcedureRevision
from wardportal.catalogue.signals import procedures_changed
from wardportal.kernel.database import writing
from wardportal.kernel.extensions import db
from wardportal.kernel.times import local_day, now_utc
from wardportal.staff import audit
from wardportal.staff.models import StaffUser


def pending_draft(procedure: Procedure) -> ProcedureDraft | None:
    """The guide's unpublished changes, if any."""
    return db.session.scalar(select(ProcedureDraft).where(ProcedureDraft.procedure_id == procedure.id))


def drafts_by_procedure(procedure_ids: list[int]) -> dict[int, ProcedureDraft]:
    """Pending drafts of several guides at once, by guide id (for lists)."""
    if not procedure_ids:
        return {}
    rows = db.session.scalars(select(ProcedureDraft).where(ProcedureDraft.procedure_id.in_(procedure_ids)))
    return {draft.procedure_id: draft for draft in rows}


def working_content(procedure: Procedure) -> dict:
    """What the editor works on: the pending draft, or the guide as it stands."""
    draft = pending_draft(procedure)
    return dict(draft.content) if draft is not None else content_of(procedure)


def keeps_changes_apart(procedure: Procedure) -> bool:
    """Whether edits must wait in a draft: the guide is public, or a publication is already scheduled."""
    return procedure.is_published or pending_draft(procedure) is not None


def _draft_snapshot(procedure: Procedure, content: dict) -> dict:
    """A revision's data for a draft: the public state with the draft's content, marked as a draft."""
    return {**snapshot(procedure), **content, "draft": True}


def save_draft(procedure: Procedure, values: dict, documents: list[dict], actor: Actor,
               action: str = "draft_saved", extra: dict | None = None) -> ProcedureRevision | None:
    """Keep edits to a public guide in its draft (the public page does not change); None when nothing changed."""
    draft = pending_draft(procedure)
    base = dict(draft.content) if draft is not None else content_of(procedure)
    content = merged_content(base, values, documents)
    changed = changed_keys(base, content)
    if not changed:
        db.session.rollback()
        return None
    if draft is None:
        draft = ProcedureDraft(procedure_id=procedure.id, content=content)
        db.session.add(draft)
    draft.content = content
    draft.author_id, draft.author_name, draft.updated_at = actor.staff.id, actor.staff.full_name, actor.now
    revision = add_revision(procedure, action, actor.staff, actor.now, changed, _draft_snapshot(procedure, content))
    audit.record(f"procedure.{action}", actor.staff, actor.ip_address, actor.now, ward=procedure.ward,
                 target=f"procedure:{procedure.code}",
                 details={"revision": revision.number, "fields": changed, **(extra or {})})
    db.session.commit()
    return revision


def record_form_change(procedure: Procedure, actor: Actor, action: str) -> ProcedureRevision:
    """A blank form added to or marked for removal from a public guide waits with its draft (opened here if
    there is none), so residents see the change only when the draft is published."""
    draft = pending_draft(procedure)
    if draft is None:
        draft = ProcedureDraft(procedure_id=procedure.id, content=content_of(procedure))
        db.session.add(draft)
    draft.author_id, draft.author_name, draft.updated_at = actor.staff.id, actor.staff.full_name, actor.now
    db.session.flush()
    revision = add_revision(procedure, action, actor.staff, actor.now, ["forms"],
                            _draft_snapshot(procedure, draft.content))
    audit.record(f"procedure.{action}", actor.staff, actor.ip_address, actor.now, ward=procedure.ward,
                 target=f"procedure:{procedure.code}", details={"revision": revision.number, "fields": ["forms"]})
    db.session.commit()
    return revision


def _settle_forms(procedure: Procedure, publish: bool) -> None:
    """Pending form changes take effect (publish) or are undone (discard)."""
    for form in list(procedure.forms):
        if form.pending == ("adding" if publish else "removing"):
            form.pending = "public"
        elif form.pending != "public":
            procedure.forms.remove(form)


def discard_draft(procedure: Procedure, actor: Actor) -> bool:
    """Throw away the pending changes (and any scheduled publication); False when there were none."""
    draft = pending_draft(procedure)
    if draft is None:
        return False
    _settle_forms(procedure, publish=False)
    db.session.delete(draft)
    audit.record("procedure.draft_discarded", actor.staff, actor.ip_address, actor.now, ward=procedure.ward,
                 target=f"procedure:{procedure.code}")
    db.session.commit()
    return True


def publish(procedure: Procedure, effective_date: date, actor: Actor) -> tuple[ProcedureRevision, bool]:
    """Make the guide (with its draft) public now, or on ``effective_date`` when that is later than today.

    Returns the revision and whether the publication was scheduled rather than done.
    """
    today = local_day(actor.now)
    draft = pending_draft(procedure)
    if effective_date > today:
        if draft is None:
            draft = ProcedureDraft(procedure_id=procedure.id, content=content_of(procedure),
                                   author_id=actor.staff.id, author_name=actor.staff.full_name,
                                   updated_at=actor.now)
            db.session.add(draft)
        draft.scheduled_for = effective_date
        draft.scheduled_by_id, draft.scheduled_by_name = actor.staff.id, actor.staff.full_name
        data = {**_draft_snapshot(procedure, draft.content), "scheduled_for": effective_date.isoformat()}
        revision = add_revision(procedure, "scheduled", actor.staff, actor.now, ["scheduled_for"], data)
        audit.record("procedure.scheduled", actor.staff, actor.ip_address, actor.now, ward=procedure.ward,
                     target=f"procedure:{procedure.code}",
                     details={"revision": revision.number, "effective_date": effective_date.isoformat()})
        db.session.commit()
        return revision, True
    revision = _make_public(procedure, draft, effective_date, actor.staff, actor.ip_address, actor.now)
    db.session.commit()
    procedures_changed.send(procedure.ward_id, ward_id=procedure.ward_id, procedure_ids=[procedure.id])
    return revision, False


def _make_public(procedure: Procedure, draft: ProcedureDraft | None, effective_date: date,
                 staff: StaffUser | None, ip_address: str, now: datetime) -> ProcedureRevision:
    """Copy the draft onto the guide, publish it with its effective date, and record both."""
    # Compared with the public state it replaces, so the revision names what residents will see change.
    before = snapshot(procedure)
    if draft is not None:
        apply_content(procedure, draft.content)
        db.session.delete(draft)
    _settle_forms(procedure, publish=True)
    procedure.is_published = True
    procedure.effective_date = effective_date
    db.session.flush()
    after = snapshot(procedure)
    changed = changed_keys(before, after)
    revision = add_revision(procedure, "published", staff, now, changed or ["is_published"], after)
    audit.record("procedure.published", staff, ip_address, now, ward=procedure.ward,
                 target=f"procedure:{procedure.code}",
                 details={"revision": revision.number, "fields": changed,
                          "effective_date": effective_date.isoformat()})
    return revision


def apply_due_drafts(now: datetime | None = None) -> int:
    """Publish every scheduled draft whose effective date has come; return how many went public.

    Safe on several servers at once: each draft is locked (PostgreSQL) or the whole write is serialised
    (SQLite's BEGIN IMMEDIATE) and deleted as it is applied, so a second server finds nothing left to do.
    """
    now = now or now_utc()
    today = local_day(now)
    ids = list(db.session.scalars(select(ProcedureDraft.id).where(ProcedureDraft.scheduled_for <= today)))
    applied = []
    for draft_id in ids:
        draft = db.session.scalar(select(ProcedureDraft).where(ProcedureDraft.id == draft_id,
                                                              ProcedureDraft.scheduled_for <= today)
                                  .with_for_update())
        if draft is None:
            db.session.rollback()
            continue
        procedure = db.session.get(Procedure, draft.procedure_id)
        scheduler = db.session.get(StaffUser, draft.scheduled_by_id) if draft.scheduled_by_id else None
        _make_public(procedure, draft, draft.scheduled_for, scheduler, "", now)
        db.session.commit()
        applied.append(procedure)
    for procedure in applied:
        procedures_changed.send(procedure.ward_id, ward_id=procedure.ward_id, procedure_ids=[procedure.id])
    return len(applied)


def any_due(now: datetime | None = None) -> bool:
    """Whether some scheduled draft is due (one indexed lookup, cheap enough for every page view)."""
    today = local_day(now or now_utc())
    return db.session.scalar(select(ProcedureDraft.id).where(ProcedureDraft.scheduled_for <= today)
                             .limit(1)) is not None


def register_scheduled_publication(app: Flask) -> None:
    """Before a page is served, publish drafts whose effective date has come (on whichever server)."""
    # A URL value preprocessor registered before the page cache's: a page served from memory must not
    # skip the publication that is due (the publication bumps the ward's content generation).
    # Looked for at most once a second per process: a page served from the cache must stay a cheap hit.
    interval = float(app.config.get("SCHEDULED_CHECK_INTERVAL", 1.0))
    last_check = [float("-inf")]

    @app.url_value_preprocessor
    def _publish_due_drafts(_endpoint, _values):
        if request.endpoint in (None, "static") or request.method not in ("GET", "HEAD"):
            return
        if time.monotonic() - last_check[0] < interval:
            return
        last_check[0] = time.monotonic()
        if not any_due():
            return
        # End the read transaction first: the write below needs SQLite's write lock from its start.
        db.session.commit()
        with writing():
            apply_due_drafts()
