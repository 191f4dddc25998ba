"""Residents' feedback: submitting a report, the ward's handling of it, categories, what is public."""

import secrets
from datetime import datetime

from slugify import slugify
from sqlalchemy import func, select

from wardportal.feedback.models import FEEDBACK_STATUSES, FeedbackCategory, FeedbackReport
from wardportal.kernel.extensions import db
from wardportal.staff.models import StaffUser, Ward, WardMembership

# No 0/O or 1/I/L: codes are read aloud over the phone and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
MAX_DESCRIPTION = 4000


class FeedbackError(ValueError):
    """A request the ward's rules do not allow (the message is for the person who made it)."""


def new_tracking_code() -> str:
    """A random code such as PA-7KQ2MX9DTA (about 49 bits: not guessable, so the code alone opens the report)."""
    return "PA-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """Codes are matched case-insensitively and without spaces."""
    return "".join((raw or "").split()).upper()[:20]


def categories(ward: Ward, include_inactive: bool = False) -> list[FeedbackCategory]:
    """A ward's categories in display order."""
    query = select(FeedbackCategory).where(FeedbackCategory.ward_id == ward.id)
    if not include_inactive:
        query = query.where(FeedbackCategory.active.is_(True))
    return list(db.session.scalars(query.order_by(FeedbackCategory.position, FeedbackCategory.id)))


def category_by_code(ward: Ward, code: str, include_inactive: bool = False) -> FeedbackCategory | None:
    """One category of the ward by its code."""
    category = db.session.scalar(select(FeedbackCategory).where(FeedbackCategory.ward_id == ward.id,
                                                                FeedbackCategory.code == code))
    if category is None or (not category.active and not include_inactive):
        return None
    return category


def save_category(ward: Ward, name: str, description: str = "", active: bool = True,
                  category: FeedbackCategory | None = None) -> FeedbackCategory:
    """Create a category (its code made from the name, unique in the ward) or update one."""
    name = name.strip()
    if not name:
        raise FeedbackError("name is required")
    if category is None:
        base = "pa-" + (slugify(name, max_length=40) or "muc")
        code, n = base, 1
        while category_by_code(ward, code, include_inactive=True) is not None:
            n += 1
            code = f"{base}-{n}"
        position = db.session.scalar(select(func.count()).select_from(FeedbackCategory)
                                     .where(FeedbackCategory.ward_id == ward.id)) or 0
        category = FeedbackCategory(ward_id=ward.id, code=code, position=position)
        db.session.add(category)
    category.name, category.description, category.active = name, description.strip(), active
    db.session.flush()
    return category


def submit_report(ward: Ward, category: FeedbackCategory, description: str, *, now: datetime,
                  address_text: str = "", latitude: float | None = None, longitude: float | None = None,
                  reporter_name: str = "", reporter_phone: str = "", reporter_email: str = "",
                  photo_name: str | None = None, source: str = "web", api_client_id: int | None = None
                  ) -> FeedbackReport:
    """Record a new report; the caller commits. Coordinates must come as a pair inside Vietnam's range."""
    description = (description or "").strip()
    if not description:
        raise FeedbackError("description is required")
    if len(description) > MAX_DESCRIPTION:
        raise FeedbackError(f"description must be at most {MAX_DESCRIPTION} characters")
    if category.ward_id != ward.id or not category.active:
        raise FeedbackError("unknown category")
    if (latitude is None) != (longitude is None):
        raise FeedbackError("latitude and longitude go together")
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise FeedbackError("coordinates out of range")
    report = FeedbackReport(
        ward_id=ward.id, category_id=category.id, tracking_code=new_tracking_code(), status="new",
        description=description, address_text=(address_text or "").strip()[:300], latitude=latitude,
        longitude=longitude, reporter_name=(reporter_name or "").strip()[:200],
        reporter_phone=(reporter_phone or "").strip()[:20], reporter_email=(reporter_email or "").strip()[:200],
        photo_name=photo_name, source=source, api_client_id=api_client_id, created_at=now, updated_at=now,
        public_answer="", internal_note="")
    db.session.add(report)
    db.session.flush()
    return report


def report_by_code(ward: Ward | None, code: str) -> FeedbackReport | None:
    """A report by its tracking code (within a ward when given)."""
    query = select(FeedbackReport).where(FeedbackReport.tracking_code == normalise_code(code))
    if ward is not None:
        query = query.where(FeedbackReport.ward_id == ward.id)
    return db.session.scalar(query)


def report_for_staff(ward: Ward, report_id: int) -> FeedbackReport | None:
    """A report of this ward by id (another ward's is None)."""
    report = db.session.get(FeedbackReport, report_id)
    return report if report is not None and report.ward_id == ward.id else None


def public_reports(ward: Ward, limit: int = 50, offset: int = 0) -> list[FeedbackReport]:
    """Answered reports, newest answer first."""
    return list(db.session.scalars(
        select(FeedbackReport).where(FeedbackReport.ward_id == ward.id,
                                     FeedbackReport.status.in_(("answered", "closed")),
                                     FeedbackReport.public_answer != "")
        .order_by(FeedbackReport.answered_at.desc(), FeedbackReport.id.desc()).limit(limit).offset(offset)))


def staff_reports(ward: Ward, status: str | None = None) -> list[FeedbackReport]:
    """The ward's reports for its staff, open ones first then newest."""
    query = select(FeedbackReport).where(FeedbackReport.ward_id == ward.id)
    if status in FEEDBACK_STATUSES:
        query = query.where(FeedbackReport.status == status)
    return list(db.session.scalars(query.order_by(FeedbackReport.created_at.desc()).limit(500)))


def assignable_staff(ward: Ward) -> list[StaffUser]:
    """Everybody with a role in the ward."""
    return list(db.session.scalars(
        select(StaffUser).join(WardMembership).where(WardMembership.ward_id == ward.id,
                                                     StaffUser.is_active_account.is_(True))
        .distinct().order_by(StaffUser.full_name)))


def handle(report: FeedbackReport, *, status: str, assigned_to: StaffUser | None, public_answer: str,
           internal_note: str, now: datetime) -> FeedbackReport:
    """Triage, assign, answer or close a report. Answering needs a public answer; it is then published."""
    if status not in FEEDBACK_STATUSES:
        raise FeedbackError("unknown status")
    public_answer = (public_answer or "").strip()
    if status == "answered" and not public_answer:
        raise FeedbackError("answer_required")
    if status == "assigned" and assigned_to is None:
        raise FeedbackError("assignee_required")
    if assigned_to is not None and report.ward_id not in {m.ward_id for m in assigned_to.memberships}:
        raise FeedbackError("unknown assignee")
    report.status = status
    report.assigned_to = assigned_to
    if public_answer != report.public_answer:
        report.public_answer = public_answer
        report.answered_at = now if public_answer else None
    report.internal_note = (internal_note or "").strip()
    report.updated_at = now
    db.session.flush()
    return report
