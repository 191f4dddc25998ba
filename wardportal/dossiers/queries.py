"""Read-only questions about a ward's dossiers: the staff queue, due-soon and overdue lists, lookups.

Every query starts from the ward, so no function here can return another ward's dossier.
"""

import math
import re
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import joinedload

from wardportal.catalogue.models import Procedure
from wardportal.dossiers import codes as dossier_codes
from wardportal.dossiers.models import DocumentRequest, Dossier, DossierFile, StaffNotification, folded_name
from wardportal.dossiers.status import DossierStatus
from wardportal.kernel.extensions import db
from wardportal.staff.models import StaffUser, Ward, WardMembership

PER_PAGE = 25
# Statuses in which the deadline clock runs: only these can be due soon or overdue.
RUNNING = (int(DossierStatus.RECEIVED), int(DossierStatus.PROCESSING))
# Deadline alerts also cover dossiers submitted online and not yet received: their promised date runs too.
AWAITING_RESULT = RUNNING + (int(DossierStatus.SUBMITTED),)
WAITING_FOR_APPLICANT = (int(DossierStatus.DOCUMENTS_REQUESTED), int(DossierStatus.FEES_REQUESTED))
OPEN = tuple(int(s) for s in DossierStatus if not s.is_final)
SORTS = {
    "han": (Dossier.due_date.asc(), Dossier.id.asc()),
    "-han": (Dossier.due_date.desc(), Dossier.id.desc()),
    "nop": (Dossier.submitted_at.asc(), Dossier.id.asc()),
    "-nop": (Dossier.submitted_at.desc(), Dossier.id.desc()),
}
DEFAULT_SORT = "-nop"


@dataclass(frozen=True)
class QueueFilters:
    """What the officer asked the queue for; every field optional."""

    status: int | None = None
    procedure_id: int | None = None
    field_slug: str = ""
    officer_id: int | None = None  # 0 means "not assigned yet"
    due_from: date | None = None
    due_to: date | None = None
    q: str = ""
    sort: str = DEFAULT_SORT
    page: int = 1

    def with_page(self, page: int) -> "QueueFilters":
        """The same filters on another page."""
        return replace(self, page=page)


@dataclass
class QueuePage:
    """One page of the queue and what is needed to draw the pager."""

    items: list[Dossier]
    total: int
    page: int
    per_page: int
    pages: int = field(init=False)

    def __post_init__(self):
        self.pages = max(1, math.ceil(self.total / self.per_page))


def queue(ward: Ward, filters: QueueFilters, per_page: int = PER_PAGE) -> QueuePage:
    """One page of the ward's dossiers matching the filters, in the chosen order."""
    query = select(Dossier).where(Dossier.ward_id == ward.id)
    if filters.status:
        query = query.where(Dossier.status == filters.status)
    if filters.procedure_id:
        query = query.where(Dossier.procedure_id == filters.procedure_id)
    if filters.field_slug:
        query = query.where(Dossier.procedure_id.in_(
            select(Procedure.id).where(Procedure.ward_id == ward.id, Procedure.field_slug == filters.field_slug)))
    if filters.officer_id == 0:
        query = query.where(Dossier.assigned_officer_id.is_(None))
    elif filters.officer_id:
        query = query.where(Dossier.assigned_officer_id == filters.officer_id)
    if filters.due_from:
        query = query.where(Dossier.due_date >= filters.due_from)
    if filters.due_to:
        query = query.where(Dossier.due_date <= filters.due_to)
    text = filters.q.strip()
    if text:
        query = query.where(_matching(ward, text))
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, filters.page), pages)
    order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    items = db.session.scalars(
        query.options(joinedload(Dossier.assigned_officer)).order_by(*order)
        .limit(per_page).offset((page - 1) * per_page)).all()
    return QueuePage(items=list(items), total=total, page=page, per_page=per_page)


_DIGITS = re.compile(r"\d+")


def _matching(ward: Ward, text: str):
    """What the desk search box means: a code or a part of one when it has digits, otherwise a name.

    A code matches from its beginning (``000.26.30.H29-2612``), by its day and number (``261208-0002``,
    ``261208 0002``), by its number alone (``0002``, ``2``) or its day alone (``261208``), through the
    (ward, code tail) index. A name matches folded as the public search folds it ("le van tam" finds
    "Lê Văn Tám"), through the (ward, folded name) index.
    """
    if not any(ch.isdigit() for ch in text):
        folded = folded_name(text)
        if not folded:
            return false()
        return Dossier.applicant_name_folded.like("%" + _escape_like(folded) + "%", escape="\\")
    prefix = text.upper()
    wanted = [and_(Dossier.code >= prefix, Dossier.code < prefix + "\U0010ffff")]
    exact = dossier_codes.canonical_code(ward.unit_code, text)
    if exact:
        wanted.append(Dossier.code == exact)
    runs = _DIGITS.findall(text)
    if len(runs) == 2 and len(runs[0]) == 6 and len(runs[1]) <= 7:
        wanted.append(Dossier.code_tail == f"{runs[0]}-{runs[1].zfill(4)}")
    elif len(runs) == 1 and len(runs[0]) <= 7:
        wanted.append(Dossier.code_tail.like("%-" + runs[0].zfill(4)))
        if len(runs[0]) == 6:
            wanted.append(Dossier.code_tail.like(runs[0] + "-%"))
    elif len(runs) == 1 and len(runs[0]) == 10:  # the day and number typed without a separator
        wanted.append(Dossier.code_tail == f"{runs[0][:6]}-{runs[0][6:]}")
    return or_(*wanted)


def _escape_like(text: str) -> str:
    """`text` with LIKE's wildcards taken literally (escape character: backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def due_soon(ward: Ward, today: date, until: date, officer_id: int | None = None) -> list[Dossier]:
    """Running (or not yet received) dossiers due between today and `until` (inclusive), soonest first."""
    query = select(Dossier).where(Dossier.ward_id == ward.id, Dossier.status.in_(AWAITING_RESULT),
                                  Dossier.due_date >= today, Dossier.due_date <= until)
    if officer_id:
        query = query.where(Dossier.assigned_officer_id == officer_id)
    return list(db.session.scalars(query.order_by(Dossier.due_date, Dossier.id).limit(200)))


def overdue(ward: Ward, today: date, officer_id: int | None = None) -> list[Dossier]:
    """Running (or not yet received) dossiers whose due date has passed, the most overdue first."""
    query = select(Dossier).where(Dossier.ward_id == ward.id, Dossier.status.in_(AWAITING_RESULT),
                                  Dossier.due_date < today)
    if officer_id:
        query = query.where(Dossier.assigned_officer_id == officer_id)
    return list(db.session.scalars(query.order_by(Dossier.due_date, Dossier.id).limit(200)))


def count_alerts(ward: Ward, today: date, until: date) -> dict[str, int]:
    """How many running or not yet received dossiers are overdue and due soon, for the queue's banner."""
    base = select(func.count()).select_from(Dossier).where(Dossier.ward_id == ward.id,
                                                           Dossier.status.in_(AWAITING_RESULT))
    return {"overdue": db.session.scalar(base.where(Dossier.due_date < today)),
            "due_soon": db.session.scalar(base.where(Dossier.due_date >= today, Dossier.due_date <= until))}


def tab_counts(ward: Ward, officer_id: int) -> dict[str, int]:
    """How many of the ward's dossiers are still open, and how many of those the officer holds."""
    base = select(func.count()).select_from(Dossier).where(Dossier.ward_id == ward.id, Dossier.status.in_(OPEN))
    return {"open": db.session.scalar(base),
            "mine": db.session.scalar(base.where(Dossier.assigned_officer_id == officer_id))}


def dossier_in_ward(ward: Ward, dossier_id: int) -> Dossier | None:
    """The dossier with this id if it belongs to the ward (another ward's dossier is simply not found)."""
    return db.session.scalar(select(Dossier).where(Dossier.id == dossier_id, Dossier.ward_id == ward.id))


def dossier_by_code(ward: Ward, code: str) -> Dossier | None:
    """The ward's dossier with this code typed in any spacing, punctuation or case, or in short form."""
    wanted = dossier_codes.canonical_code(ward.unit_code, code)
    if wanted is None:
        wanted = (code or "").strip().upper()[:60]
    return db.session.scalar(select(Dossier).where(Dossier.ward_id == ward.id, Dossier.code == wanted))


def dossier_by_token(ward: Ward, token: str) -> Dossier | None:
    """The ward's dossier with this tracking token."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Dossier).where(Dossier.ward_id == ward.id, Dossier.tracking_token == token))


def file_of(dossier: Dossier, file_id: int) -> DossierFile | None:
    """One of the dossier's files (a file of another dossier is not found)."""
    return db.session.scalar(select(DossierFile).where(DossierFile.id == file_id,
                                                       DossierFile.dossier_id == dossier.id))


def desk_officers(ward: Ward) -> list[StaffUser]:
    """Active staff who can be assigned dossiers in the ward, by name."""
    return list(db.session.scalars(
        select(StaffUser).join(WardMembership).where(
            WardMembership.ward_id == ward.id, WardMembership.role.in_(("officer", "admin")),
            StaffUser.is_active_account.is_(True)).distinct().order_by(StaffUser.full_name)))


def procedures_with_dossiers(ward: Ward) -> list[Procedure]:
    """The ward's procedures, for the queue's procedure filter."""
    return list(db.session.scalars(select(Procedure).where(Procedure.ward_id == ward.id)
                                   .order_by(Procedure.title)))


def unread_notifications(ward: Ward, staff: StaffUser) -> list[StaffNotification]:
    """The officer's unread messages in this ward, newest first."""
    return list(db.session.scalars(select(StaffNotification).where(
        StaffNotification.ward_id == ward.id, StaffNotification.staff_id == staff.id,
        StaffNotification.read_at.is_(None)).order_by(StaffNotification.id.desc()).limit(50)))


def document_requests(dossier: Dossier) -> list[DocumentRequest]:
    """Every request for more documents of the dossier, newest first."""
    return list(db.session.scalars(select(DocumentRequest).where(DocumentRequest.dossier_id == dossier.id)
                                   .order_by(DocumentRequest.id.desc())))


def dashboard_counts(ward: Ward, today: date) -> dict[str, int]:
    """The desk's day at a glance: new dossiers, due today, overdue, waiting for the applicant."""
    base = select(func.count()).select_from(Dossier).where(Dossier.ward_id == ward.id)
    return {
        "new": db.session.scalar(base.where(Dossier.status == int(DossierStatus.SUBMITTED))),
        "due_today": db.session.scalar(base.where(Dossier.status.in_(AWAITING_RESULT), Dossier.due_date == today)),
        "overdue": db.session.scalar(base.where(Dossier.status.in_(AWAITING_RESULT), Dossier.due_date < today)),
        "waiting": db.session.scalar(base.where(Dossier.status.in_(WAITING_FOR_APPLICANT))),
    }
