"""Editing publications: save, publish now or at a set time, unpublish, with numbered revisions.

Each function takes the acting staff member (an ``editing.Actor``: staff, address, time), records a revision
and an audit entry, and commits. Publishing a document whose PDF carries no signature either sends it to the
ward's leaders to sign (`approval`, when the ward has leaders) or seals it through
`publications.signing.sign_for_publication` first (a ward without leaders), so nothing unsigned is ever public.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from wardportal.catalogue.editing import Actor
from wardportal.catalogue.queries import field_slug
from wardportal.kernel.database import end_read_transaction
from wardportal.kernel.extensions import db
from wardportal.publications import approval, media
from wardportal.publications.approval import AWAITING
from wardportal.publications.models import PUBLICATION_KINDS, Publication, PublicationRevision
from wardportal.publications.revisions import FIELDS, record, snapshot
from wardportal.publications.signing import sign_for_publication
from wardportal.search.folding import words

class PublicationError(ValueError):
    """A change the rules refuse; ``code`` names the rule for the caller's message."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def search_text(values: dict) -> str:
    """Folded words of what residents search by, space-delimited so a LIKE on " word" matches word starts."""
    parts = [values.get(name) or "" for name in ("doc_number", "title", "doc_type", "summary", "field", "signer")]
    return " " + " ".join(words(" ".join(parts))) + " "


def ward_publication(ward, publication_id: int) -> Publication | None:
    """A publication of this ward (another ward's is None), drafts included."""
    pub = db.session.get(Publication, publication_id)
    return pub if pub is not None and pub.ward_id == ward.id else None


def ward_publications(ward, kind: str | None = None) -> list[Publication]:
    """Every publication of the ward for the editors' list, newest change first."""
    query = select(Publication).where(Publication.ward_id == ward.id)
    if kind:
        query = query.where(Publication.kind == kind)
    return list(db.session.scalars(query.order_by(Publication.updated_at.desc(), Publication.id.desc())))


def save(ward, pub: Publication | None, kind: str, values: dict, actor: Actor, *, picture=None,
         pdf=None, pdf_name: str | None = None) -> tuple[Publication, PublicationRevision | None]:
    """Create or update a publication; ``picture``/``pdf`` are uploaded streams (checked, may raise), read,
    checked and stored before the write transaction (`media.prepare_picture`, `media.prepare_pdf`).

    Returns the publication and its new revision (None when nothing changed). Raises
    `media.MediaRefused` for a bad upload and `PublicationError` for a broken rule; nothing is stored then.
    """
    if kind not in PUBLICATION_KINDS:
        raise PublicationError("bad_kind")
    if kind == "document" and pdf is None and (pub is None or not pub.pdf_name):
        raise PublicationError("pdf_required")
    picture = media.prepare_picture(picture) if picture is not None else None
    pdf = media.prepare_pdf(pdf, pdf_name) if pdf is not None else None
    before = snapshot(pub) if pub is not None else {}
    if pub is None:
        pub = Publication(ward=ward, kind=kind, created_at=actor.now, status="draft")
        db.session.add(pub)
    for name in FIELDS:
        setattr(pub, name, values.get(name) if name in ("valid_until", "issued_on") else (values.get(name) or ""))
    pub.field_slug = field_slug(pub.field) if pub.field else ""
    pub.search_text = search_text(values)
    changed = [] if before else list(FIELDS)
    if picture is not None:
        pub.image_name, pub.image_width, pub.image_height = picture.stored_name, picture.width, picture.height
        pub.image_size, pub.image_sha256 = picture.size, picture.sha256
        changed.append("image")
    if pdf is not None:
        stored, signed = pdf.stored, pdf.signed
        pub.pdf_name, pub.pdf_original_name = stored.stored_name, stored.original_name
        pub.pdf_size, pub.pdf_sha256 = stored.size, stored.sha256
        pub.signed_on_arrival, pub.sealed_by_ward = signed, False
        changed.append("pdf")
    if before:
        changed += [name for name in FIELDS if before.get(name) != snapshot(pub).get(name)]
    if not changed:
        db.session.rollback()
        return pub, None
    pub.updated_at = actor.now
    unsigned = pub.pdf_name
    outcome = _sign_or_queue(pub, actor) if pub.status in ("published", AWAITING) else None
    revision = record(pub, "saved", actor, changed, unsigned_pdf_name=unsigned if outcome == "sealed" else None)
    db.session.commit()
    return pub, revision


def _seal_ahead(pub: Publication) -> bytes | None:
    """The ward's seal over the document's PDF when publishing it is about to apply one; else None.

    Sealing is pyHanko signing (80–300 ms): it runs here, after the reads that decide it and before the write
    transaction that records it, so SQLite's write lock is not held meanwhile (issue 22).
    """
    if not approval.needs_signature(pub) or approval.leaders_sign(pub):
        return None
    end_read_transaction()  # the publication and its ward stay loaded: signing reads them without a query
    return sign_for_publication(pub)


def _sign_or_queue(pub: Publication, actor: Actor, sealed: bytes | None = None) -> str | None:
    """Make a published document's PDF signed before anyone sees it; say what happened.

    "queued": in a ward with leaders an unsigned document waits for one of them to sign it (not public;
    see `approval`). "sealed": in a ward without leaders the ward's seal is applied at once. None: nothing
    to sign (a notice, news, a PDF that came signed or is already sealed) — a document that waited and
    has now received a signed PDF from the editor is simply published.
    """
    if not approval.needs_signature(pub):
        if pub.status == AWAITING:
            pub.status, pub.publish_at = "published", pub.publish_at or actor.now
        return None
    if approval.leaders_sign(pub):
        pub.status = AWAITING
        return "queued"
    stored = media.store_signed_pdf(sealed if sealed is not None else sign_for_publication(pub),
                                    pub.pdf_original_name)
    pub.pdf_name, pub.pdf_size, pub.pdf_sha256 = stored.stored_name, stored.size, stored.sha256
    pub.sealed_by_ward = True
    if pub.status == AWAITING:  # its ward has no leader any more: sealed, it may go out
        pub.status, pub.publish_at = "published", pub.publish_at or actor.now
    return "sealed"


def publish(pub: Publication, actor: Actor, at: datetime | None = None) -> PublicationRevision:
    """Publish now, or at ``at`` (aware): readers see it from that moment on, on every server.

    An unsigned document in a ward with leaders waits for a leader's signature instead (status
    ``awaiting_signature``, ``publish_at`` keeping the moment asked for, None meaning "once signed").
    """
    if at is not None and at.tzinfo is None:
        raise ValueError("publish time must be timezone-aware")
    sealed = _seal_ahead(pub)
    pub.status = "published"
    pub.publish_at = at or actor.now
    pub.updated_at = actor.now
    unsigned = pub.pdf_name
    outcome = _sign_or_queue(pub, actor, sealed)
    if outcome == "queued":
        pub.publish_at, pub.return_reason = at, ""
        revision = record(pub, "sent_to_leader", actor, ["status", "publish_at"])
    else:
        action = "scheduled" if pub.publish_at > actor.now else "published"
        revision = record(pub, action, actor, ["status", "publish_at"] + (["pdf"] if outcome == "sealed" else []),
                          unsigned_pdf_name=unsigned if outcome == "sealed" else None)
    db.session.commit()
    return revision


def unpublish(pub: Publication, actor: Actor) -> PublicationRevision:
    """Take a publication (or a scheduled one) off the public site; it becomes a draft again."""
    pub.status = "draft"
    pub.publish_at = None
    pub.updated_at = actor.now
    revision = record(pub, "unpublished", actor, ["status"])
    db.session.commit()
    return revision
