"""The slip a desk event calls for (receipt, more documents, refusal, apology), rendered and signed."""

from datetime import date, datetime

from .. import deadlines, receipts, slips
from ..models import Dossier, DossierEvent

# Which event issues which slip.
SLIP_ACTIONS = {"receive": "tiep-nhan", "request_documents": "yeu-cau-bo-sung", "refuse": "tu-choi",
                "apologise": "xin-loi"}


def _local(moment: datetime) -> datetime:
    """A stored moment as naive Vietnamese local time, as the slips print it."""
    return deadlines.as_utc(moment).astimezone(deadlines.VIETNAM_TZ).replace(tzinfo=None)


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


def signed_slip(dossier: Dossier, event: DossierEvent, base_url: str) -> tuple[bytes, str] | None:
    """The signed PDF of the event's slip and a file name for it, or None."""
    slip = build_slip(dossier, event, base_url)
    if slip is None:
        return None
    pdf = slips.render_and_sign(slip, receipts.ward_signer(dossier.ward))
    return pdf, f"phieu-{SLIP_ACTIONS[event.action]}-{dossier.code}.pdf"
