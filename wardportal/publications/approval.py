"""Official documents signed for publication through the leaders' approval flow.

In a ward with at least one leader (`approvals.drafts.ward_leaders`), publishing or scheduling an unsigned
document does not seal it: the document waits, not public, "chờ lãnh đạo ký ban hành" (status
``awaiting_signature``). A leader of the ward signs it with their own key (token with a PIN typed for this
signature, or a PKCS#12 given once), the ward's seal follows as an incremental update, and the signed PDF
replaces the stored one; the document is then public at its scheduled time, or at once. A leader may
return it to the editors with a reason instead. A ward without leaders keeps sealing on publish
(`signing.sign_for_publication`), so nothing unsigned is ever public either way.

Signing runs between transactions (it is slow, a token may even wait for a PIN pad) and signs exactly the
bytes the leader opened: a compare-and-set on the row's PDF hash decides whether the result is kept.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from wardportal.approvals import drafts, pdf_signatures
from wardportal.catalogue.editing import Actor
from wardportal.dossiers import receipts
from wardportal.kernel.extensions import db
from wardportal.kernel.times import as_utc
from wardportal.publications import media
from wardportal.publications.models import Publication
from wardportal.publications.revisions import record

AWAITING = "awaiting_signature"
MAX_REASON = 2000


class SigningError(ValueError):
    """A refused step, with a message for the leader."""


def needs_signature(pub: Publication) -> bool:
    """A document whose PDF carries no signature yet (neither on arrival nor ours)."""
    return pub.kind == "document" and bool(pub.pdf_name) and not pub.signed_on_arrival and not pub.sealed_by_ward


def leaders_sign(pub: Publication) -> bool:
    """Whether this unsigned document goes to the ward's leaders rather than being sealed directly."""
    return needs_signature(pub) and bool(drafts.ward_leaders(pub.ward))


def waiting_documents(ward) -> list[Publication]:
    """The ward's documents waiting for a leader's signature, oldest request first."""
    return list(db.session.scalars(select(Publication).where(
        Publication.ward_id == ward.id, Publication.status == AWAITING).order_by(Publication.updated_at,
                                                                                  Publication.id)))


def waiting_document(ward, publication_id: int) -> Publication | None:
    """A waiting document of this ward; anything else (another ward's, a draft, a notice) is None."""
    pub = db.session.get(Publication, publication_id)
    return pub if pub is not None and pub.ward_id == ward.id and pub.status == AWAITING else None


def scheduled_time(pub: Publication, now: datetime) -> datetime | None:
    """The later moment the editor asked the document to appear at, or None for "as soon as it is signed"."""
    moment = as_utc(pub.publish_at) if pub.publish_at else None
    return moment if moment is not None and moment > now else None


def _check_leader(pub: Publication, actor: Actor) -> None:
    """Only a leader of the document's own ward decides, and only while it waits."""
    if not drafts.is_leader(actor.staff, pub.ward_id):
        raise SigningError(_l("Chỉ lãnh đạo của đơn vị mới được ký ban hành văn bản này."))
    if pub.status != AWAITING:
        raise SigningError(_l("Văn bản này không còn chờ ký ban hành."))


def return_document(pub: Publication, actor: Actor, reason: str):
    """Send the document back to the editors as a draft, with the leader's reason (shown on its edit page)."""
    _check_leader(pub, actor)
    reason = (reason or "").strip()[:MAX_REASON]
    if not reason:
        raise SigningError(_l("Cần nêu lý do trả lại văn bản."))
    pub.status, pub.publish_at, pub.return_reason, pub.updated_at = "draft", None, reason, actor.now
    revision = record(pub, "returned", actor, ["status"])
    db.session.commit()
    return revision


def sign_document(pub: Publication, actor: Actor, *, expected_sha256: str, key):
    """Sign as the leader, seal as the ward, store the signed PDF and publish (at its time, or now).

    `key` is a `pdf_signatures.TokenKey` or `FileKey`. Raises SigningError (nothing stored) when the
    document changed since the leader opened it, `enrolment.SignerRefused` when the key's certificate is not
    the leader's confirmed enrolment in the ward or fails the signature policy, `pdf_signatures.SigningRefused`
    when the key could not sign. Returns the new revision.
    """
    _check_leader(pub, actor)
    if expected_sha256 != pub.pdf_sha256:
        raise SigningError(_l("Văn bản đã thay đổi từ khi bạn mở nó; hãy xem lại bản mới nhất."))
    data = media.read_pdf(pub)
    if data is None or hashlib.sha256(data).hexdigest() != expected_sha256:
        raise SigningError(_l("Tệp văn bản không còn khớp với bản chờ ký; không thể ký."))
    ward = pub.ward
    fingerprint, appearance = drafts.enrolled_signature(actor.staff, ward, key)  # refused before anything else
    seal = drafts.ward_seal(ward)
    seal_png = seal.seal_png if seal else None
    ward_signer = receipts.ward_signer(ward)
    tsa_url = current_app.config.get("SIGNING_TSA_URL") or None
    pub_id, ward_name, original_name, unsigned = pub.id, ward.name, pub.pdf_original_name, pub.pdf_name
    db.session.commit()  # signing is slow: hold no transaction (nor SQLite's write lock) meanwhile
    signed = pdf_signatures.sign_as_leader(data, key, appearance, ward_name=ward_name, tsa_url=tsa_url,
                                           purpose="ký ban hành văn bản", certificate=fingerprint)
    signed = pdf_signatures.seal_as_ward(signed, ward_signer, seal_png, tsa_url=tsa_url)
    stored = media.store_signed_pdf(signed, original_name)  # removed again unless this transaction commits
    publish_at = scheduled_time(pub, actor.now) or actor.now
    won = db.session.execute(update(Publication).where(
        Publication.id == pub_id, Publication.status == AWAITING, Publication.pdf_sha256 == expected_sha256)
        .values(status="published", publish_at=publish_at, pdf_name=stored.stored_name, pdf_size=stored.size,
                pdf_sha256=stored.sha256, sealed_by_ward=True, signed_by_id=actor.staff.id, return_reason="",
                updated_at=actor.now)
        .execution_options(synchronize_session=False)).rowcount
    if won != 1:
        db.session.rollback()
        raise SigningError(_l("Văn bản đã được xử lý hoặc thay đổi trong lúc ký; không lưu bản ký này."))
    db.session.refresh(pub)
    revision = record(pub, "signed", actor, ["status", "publish_at", "pdf"], unsigned_pdf_name=unsigned,
                      key="pkcs11" if isinstance(key, pdf_signatures.TokenKey) else "pkcs12")
    db.session.commit()
    return revision

