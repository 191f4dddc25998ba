"""A publication's history: each change appends a revision (its content as plain data) and an audit entry."""

from __future__ import annotations

from datetime import date, datetime

from wardportal.catalogue.editing import Actor
from wardportal.publications.models import Publication, PublicationRevision
from wardportal.staff import audit

# What an editor types; the order is the order of the edit form.
FIELDS = ("title", "summary", "body", "field", "valid_until", "doc_number", "doc_type", "issued_on", "signer",
          "image_alt")


def snapshot(pub: Publication, unsigned_pdf_name: str | None = None) -> dict:
    """The publication's content as plain data for a revision.

    Its stored files are named too (and the unsigned original a seal replaced): a revision owns them, so
    check-storage keeps them (`stored_files.PUBLICATION_HISTORY_KEYS`).
    """
    data = {}
    for name in FIELDS:
        value = getattr(pub, name)
        data[name] = value.isoformat() if isinstance(value, (date, datetime)) else value
    data.update(status=pub.status, publish_at=pub.publish_at.isoformat() if pub.publish_at else None,
                pdf_sha256=pub.pdf_sha256, image_name=pub.image_name, sealed_by_ward=pub.sealed_by_ward,
                signed_by_id=pub.signed_by_id, pdf_name=pub.pdf_name)
    if unsigned_pdf_name:
        data["unsigned_pdf_name"] = unsigned_pdf_name
    return data


def record(pub: Publication, action: str, actor: Actor, changed: list[str], *,
           unsigned_pdf_name: str | None = None, **details) -> PublicationRevision:
    """Append the next revision and an audit entry (flushed, not committed); ``details`` go to the audit,
    ``unsigned_pdf_name`` (the original a seal or signature just replaced) to the revision."""
    revision = PublicationRevision.append("publication_id", pub, action, actor.staff, actor.now, changed,
                                          lambda: snapshot(pub, unsigned_pdf_name))
    audit.record(f"publication.{action}", actor.staff, actor.ip_address, actor.now, ward=pub.ward,
                 target=f"publication:{pub.id}", details={"kind": pub.kind, "changed": changed, **details})
    return revision
