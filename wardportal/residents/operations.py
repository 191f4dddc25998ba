"""What changes a resident's state: sign-in, drafts they open, verified details on what they submit.

Plain functions: no request or session in here (views pass the resident and the values). Callers commit.
"""

import hashlib
from datetime import datetime

from wardportal.dossiers.models import ApplicationDraft, Dossier
from wardportal.kernel.extensions import db
from wardportal.residents.models import Resident, ResidentDraft, ResidentFeedback
from wardportal.residents.provider import VerifiedIdentity

# The applicant fields an identity provider vouches for; the others (phone, e-mail) stay the resident's own.
VERIFIED_FIELDS = ("full_name", "citizen_id", "birth_date")


def subject_hash(issuer: str, subject: str) -> str:
    """What the database keeps of the provider's account id."""
    return hashlib.sha256(f"{issuer} {subject}".encode()).hexdigest()


def record_sign_in(identity: VerifiedIdentity, now: datetime) -> Resident:
    """The resident for this identity (made at first sign-in), updated with what the provider vouches for."""
    key = subject_hash(identity.issuer, identity.subject)
    resident = db.session.scalar(db.select(Resident).where(Resident.subject_hash == key))
    if resident is None:
        resident = Resident(subject_hash=key, created_at=now)
        db.session.add(resident)
    resident.citizen_id = identity.citizen_id
    resident.full_name = identity.full_name
    resident.birth_date = identity.birth_date
    resident.address = identity.address
    resident.signed_in_at = now
    db.session.flush()
    return resident


def verified_answers(resident: Resident) -> dict:
    """The applicant answers the provider vouched for, as the application form shows them."""
    answers = {"full_name": resident.full_name, "citizen_id": resident.citizen_id,
               "birth_date": resident.birth_date.strftime("%d/%m/%Y") if resident.birth_date else ""}
    return {name: value for name, value in answers.items() if value}


def prefill(resident: Resident, answers: dict) -> dict:
    """``answers`` with the verified details in place (and the address when none was typed yet)."""
    filled = dict(answers or {})
    filled.update(verified_answers(resident))
    if resident.address and not filled.get("address"):
        filled["address"] = resident.address
    return filled


def claim_draft(resident: Resident, draft: ApplicationDraft) -> None:
    """List ``draft`` among the resident's own (a draft belongs to at most one resident, the first)."""
    if db.session.get(ResidentDraft, draft.id) is None:
        db.session.add(ResidentDraft(draft_id=draft.id, resident_id=resident.id))
        db.session.flush()


def owns_draft(resident: Resident | None, draft: ApplicationDraft) -> bool:
    """Whether ``draft`` was opened by ``resident``."""
    if resident is None:
        return False
    link = db.session.get(ResidentDraft, draft.id)
    return link is not None and link.resident_id == resident.id


def mark_verified(resident: Resident, dossier: Dossier) -> bool:
    """Mark the dossier's applicant details as verified when its name, citizen ID and birth date are the ones
    the resident's provider vouched for (the submit came from the signed-in resident's own draft)."""
    matches = (dossier.applicant_id_number == resident.citizen_id and dossier.applicant_name == resident.full_name
               and (resident.birth_date is None or dossier.applicant_birth_date == resident.birth_date))
    if matches and not dossier.applicant_verified:
        dossier.applicant_verified = True
    return matches


def link_report(resident: Resident, report) -> None:
    """List a feedback report the resident sent among their own."""
    db.session.add(ResidentFeedback(report_id=report.id, resident_id=resident.id))
