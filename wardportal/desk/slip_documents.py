"""The slip a desk event calls for (receipt, more documents, refusal, apology), rendered and signed once.

A slip is a signed document the ward issued at one moment: the first download renders and signs it and
stores it (a DossierFile of kind "slip" tied to its event, with its SHA-256); every later download serves
that stored copy, byte for byte, instead of signing a new one with a new time.
"""

from datetime import date, datetime

from sqlalchemy.exc import IntegrityError

from wardportal.dossiers import files as dossier_files, receipts, slips
from wardportal.dossiers.models import Dossier, DossierEvent, DossierFile
from wardportal.kernel.extensions import db
from wardportal.kernel.times import in_vietnam

# Which event issues which slip.
SLIP_ACTIONS = {"receive": "tiep-nhan", "request_documents": "yeu-cau-bo-sung", "refuse": "tu-choi",
                "apologise": "xin-loi"}


def _local(moment: datetime) -> datetime:
    """A stored moment as naive Vietnamese local time, as the slips print it."""
    return in_vietnam(moment).replace(tzinfo=None)


def _applicant(dossier: Dossier) -> slips.ApplicantInfo:
    return slips.ApplicantInfo(dossier.applicant_name, dossier.applicant_id_number, dossier.applicant_phone,
                               dossier.applicant_address, dossier.applicant_email or None)


def _officer_name(event: DossierEvent) -> str:
    return event.officer.full_name if event.officer else ""


def build_slip(dossier: Dossier, event: DossierEvent, base_url: str):
    """The slip dataclass for an event, or None when the event issues no slip."""
    title = (dossier.procedure_snapshot or {}).get("title", "")
    ward = receipts.ward_info(dossier.ward)
    link = receipts.tracking_url(base_url, dossier)
    details = event.details or {}
    if event.action == "receive":
        return receipts.receipt_slip(dossier, base_url, _officer_name(event) or None)
    if event.action == "request_documents":
        return slips.MoreDocumentsSlip(
            ward=ward, dossier_code=dossier.code, procedure_title=title, applicant=_applicant(dossier),
            missing=[slips.MissingDocument(m.get("name", ""), m.get("detail", "")) for m in details.get("missing", [])],
            reason=details.get("reason") or event.public_note or "Hồ sơ chưa đầy đủ, hợp lệ.",
            deadline=date.fromisoformat(details["deadline"]) if details.get("deadline") else None,
            issued_at=_local(event.at), officer_name=_officer_name(event), tracking_url=link)
    if event.action == "refuse":
        return slips.RefusalSlip(
            ward=ward, dossier_code=dossier.code, procedure_title=title, applicant=_applicant(dossier),
            submitted_at=_local(dossier.submitted_at), reasons=details.get("reasons") or [event.public_note],
            issued_at=_local(event.at), officer_name=_officer_name(event))
    if event.action == "apologise" and dossier.received_at is not None:
        original = details.get("original_date")
        return slips.ApologySlip(
            ward=ward, dossier_code=dossier.code, procedure_title=title, applicant=_applicant(dossier),
            received_at=_local(dossier.received_at),
            original_date=date.fromisoformat(original) if original else dossier.due_date,
            new_date=date.fromisoformat(details["new_date"]), reason=event.public_note,
            issued_at=_local(event.at), officer_name=_officer_name(event), tracking_url=link)
    return None


def stored_slip(event: DossierEvent) -> DossierFile | None:
    """The slip already issued for this event, if any."""
    return db.session.scalar(db.select(DossierFile).where(DossierFile.event_id == event.id,
                                                           DossierFile.kind == "slip"))


def issue_slip(dossier: Dossier, event: DossierEvent, base_url: str) -> DossierFile | None:
    """The event's slip as a stored file: issued (rendered, signed, stored, committed) the first time only.

    None when the event issues no slip. The slow signing runs between transactions, so the write lock is
    not held meanwhile; when two downloads race, the unique event link keeps the first slip stored.
    """
    existing = stored_slip(event)
    if existing is not None:
        return existing
    slip = build_slip(dossier, event, base_url)
    if slip is None:
        return None
    signer = receipts.ward_signer(dossier.ward)
    event_id, name = event.id, f"phieu-{SLIP_ACTIONS[event.action]}-{dossier.code}.pdf"
    db.session.commit()  # end the read transaction: on SQLite it may hold the write lock
    pdf = slips.render_and_sign(slip, signer)
    try:
        row = dossier_files.store_made_here(dossier, pdf, original_name=name, content_type="application/pdf",
                                            kind="slip", event_id=event_id)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # a concurrent download stored it first; its copy is the slip
        return db.session.scalar(db.select(DossierFile).where(DossierFile.event_id == event_id))
    return row
