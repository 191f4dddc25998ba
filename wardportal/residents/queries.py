"""Read-only questions about a resident: their dossiers, drafts and feedback reports, in every ward.

A resident's dossiers are found by the citizen ID their provider verified, never one they typed, and only
among dossiers whose citizen ID someone vouched for: an officer at the counter (who saw the ID card) or the
provider at an online submit (``applicant_verified``). A dossier someone else submitted online with a typed
copy of the resident's citizen ID is not theirs to read.
"""

from sqlalchemy import or_

from wardportal.dossiers.models import ApplicationDraft, Dossier
from wardportal.feedback.models import FeedbackReport
from wardportal.kernel.extensions import db
from wardportal.residents.models import Resident, ResidentDraft, ResidentFeedback


def _own_dossiers(resident: Resident):
    return db.select(Dossier).where(
        Dossier.applicant_id_number == resident.citizen_id,
        or_(Dossier.channel != "online", Dossier.applicant_verified.is_(True)))


def dossiers_of(resident: Resident) -> list[Dossier]:
    """The resident's dossiers across every ward, newest first."""
    return list(db.session.scalars(_own_dossiers(resident).order_by(Dossier.submitted_at.desc(), Dossier.id.desc())))


def is_own_dossier(resident: Resident | None, dossier: Dossier) -> bool:
    """Whether ``dossier`` is one of the resident's (the rule of ``dossiers_of``, for one dossier)."""
    if resident is None or dossier.applicant_id_number != resident.citizen_id:
        return False
    return dossier.channel != "online" or bool(dossier.applicant_verified)


def drafts_of(resident: Resident) -> list[ApplicationDraft]:
    """The resident's drafts not submitted yet, across every ward, most recently touched first."""
    return list(db.session.scalars(
        db.select(ApplicationDraft).join(ResidentDraft, ResidentDraft.draft_id == ApplicationDraft.id)
        .where(ResidentDraft.resident_id == resident.id, ApplicationDraft.dossier_id.is_(None))
        .order_by(ApplicationDraft.updated_at.desc())))


def draft_of(resident: Resident, draft_id: int) -> ApplicationDraft | None:
    """One of the resident's unsubmitted drafts by id, or None (another resident's is None too)."""
    return db.session.scalar(
        db.select(ApplicationDraft).join(ResidentDraft, ResidentDraft.draft_id == ApplicationDraft.id)
        .where(ResidentDraft.resident_id == resident.id, ApplicationDraft.id == draft_id,
               ApplicationDraft.dossier_id.is_(None)))


def reports_of(resident: Resident) -> list[FeedbackReport]:
    """The feedback reports the resident sent while signed in, newest first."""
    return list(db.session.scalars(
        db.select(FeedbackReport).join(ResidentFeedback, ResidentFeedback.report_id == FeedbackReport.id)
        .where(ResidentFeedback.resident_id == resident.id).order_by(FeedbackReport.created_at.desc())))
