"""The one-stop workflow: one function per step a dossier can take, each recording a DossierEvent.

Every step checks the move with `dossier_status.next_status`, records who did it and when, keeps the
deadline clock honest (a ClockPause is opened when the dossier enters a waiting status and closed when
it leaves it; the due date is then recomputed from the receipt and every pause), commits, and tells the
applicant. Views call exactly one of these functions per request and pass the actor and, in tests, the time.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO

from flask_babel import lazy_gettext as _l

from wardportal.dossiers import files as dossier_files
from wardportal.dossiers.deadlines import clock_start_day, due_date_from, timeliness
from wardportal.dossiers.models import (ClockPause, DocumentRequest, Dossier, DossierEvent, DossierFile,
    MissingDocument, StaffNotification)
from wardportal.dossiers.receipts import ward_signer
from wardportal.dossiers.signals import dossier_changed, result_signers
from wardportal.dossiers.status import DossierAction, DossierStatus, TransitionNotAllowed, next_status
from wardportal.dossiers.workflow_locks import locked as _locked
from wardportal.kernel import file_storage, signature_policy, signing
from wardportal.kernel.database import end_read_transaction
from wardportal.kernel.extensions import db
from wardportal.kernel.times import local_day, now_utc
from wardportal.kernel.working_days import current_calendar
from wardportal.staff.access import DESK_ROLES
from wardportal.staff.models import StaffUser
from wardportal.dossiers.workflow_locks import DossierChanged, WorkflowError, lock_dossier  # noqa: F401  (part of this interface)

MAX_NOTE = 2000

# Steps that do not change the status but belong in the history.
ASSIGN, APOLOGISE, SUPPLEMENT_UPLOADED, RATE = "assign", "apologise", "supplement_uploaded", "rate"
SUBMIT = "submit"  # recorded by submissions.py when a dossier first comes in
_EXTRA_LABELS = {
    SUBMIT: ("Nộp hồ sơ", "Application submitted"),
    ASSIGN: ("Phân công cán bộ xử lý", "Officer assigned"),
    APOLOGISE: ("Xin lỗi và hẹn lại ngày trả kết quả", "Apology and new return date"),
    SUPPLEMENT_UPLOADED: ("Nộp bổ sung giấy tờ", "Documents uploaded"),
    RATE: ("Đánh giá mức độ hài lòng", "Service rated"),
}
# The applicant hears about these; assignment and ratings are internal.
_NOTIFIED = set(DossierAction) | {APOLOGISE}


@dataclass(frozen=True)
class MissingItem:
    """One paper asked for in a request for more documents."""

    name: str
    detail: str = ""
    document_index: int | None = None


def action_label(action: str, language: str = "vi") -> str:
    """The wording of a history line, in Vietnamese or (``language="en"``) English."""
    try:
        known = DossierAction(action)
        return known.label_en if language == "en" else known.label_vi
    except ValueError:
        vi, en = _EXTRA_LABELS.get(action, (action, action))
        return en if language == "en" else vi


def processing_days(dossier: Dossier) -> int:
    """The time limit of the procedure version the dossier was received under."""
    return int((dossier.procedure_snapshot or {}).get("processing_days") or 0)


def snapshot_documents(dossier: Dossier) -> list[str]:
    """Names of the papers the procedure version asks for, in order."""
    documents = (dossier.procedure_snapshot or {}).get("documents") or []
    return [d.get("name", "") if isinstance(d, dict) else str(d) for d in documents]


# ---------------------------------------------------------------- the steps


@_locked
def receive(dossier: Dossier, officer: StaffUser | None, *, now: datetime | None = None,
            public_note: str = "", internal_note: str = "") -> DossierEvent:
    """Accept a valid dossier (status 2): the deadline clock starts today."""
    now = now or now_utc()
    event = _move(dossier, DossierAction.RECEIVE, officer, now, public_note, internal_note)
    dossier.received_at = now
    _take_on(dossier, officer)
    dossier.due_date = due_date_from(dossier.ward, now, processing_days(dossier))
    event.details = {"due_date": dossier.due_date.isoformat(), "processing_days": processing_days(dossier)}
    return _finish(dossier, event)


@_locked
def refuse(dossier: Dossier, officer: StaffUser | None, *, reasons: list[str], now: datetime | None = None,
           internal_note: str = "") -> DossierEvent:
    """Refuse to receive the dossier (status 3), giving the reasons the refusal slip lists."""
    reasons = _clean_list(reasons)
    if not reasons:
        raise WorkflowError(_l("Cần nêu ít nhất một lý do từ chối."))
    event = _move(dossier, DossierAction.REFUSE, officer, now or now_utc(), "; ".join(reasons), internal_note)
    event.details = {"reasons": reasons}
    return _finish(dossier, event)


@_locked
def start_processing(dossier: Dossier, officer: StaffUser | None, *, now: datetime | None = None,
                     public_note: str = "", internal_note: str = "") -> DossierEvent:
    """Pass a received dossier on for processing (status 4)."""
    event = _move(dossier, DossierAction.START_PROCESSING, officer, now or now_utc(), public_note, internal_note)
    _take_on(dossier, officer)
    return _finish(dossier, event)


# Who may hand a dossier that already has an officer to another: the ward's admins (the lead of the
# one-stop desk) and province admins; the officer holding it may pass it on themselves.
LEAD_ROLES = ("admin",)


def _take_on(dossier: Dossier, officer: StaffUser | None) -> None:
    """The desk officer who receives or starts processing an unassigned dossier becomes its officer."""
    if (officer is not None and dossier.assigned_officer_id is None and officer.is_active_account
            and officer.roles_in(dossier.ward_id) & set(DESK_ROLES)):
        dossier.assigned_officer = officer


def may_assign(dossier: Dossier, officer: StaffUser | None) -> bool:
    """Whether `officer` may (re)assign the dossier: unassigned, held by them, or they lead the desk."""
    return (officer is None or dossier.assigned_officer_id in (None, officer.id) or officer.is_province_admin
            or bool(officer.roles_in(dossier.ward_id) & set(LEAD_ROLES)))


@_locked
def assign(dossier: Dossier, officer: StaffUser | None, assignee: StaffUser, *, now: datetime | None = None,
           internal_note: str = "") -> DossierEvent:
    """Make `assignee` the officer handling the dossier, and tell them."""
    now = now or now_utc()
    if DossierStatus(dossier.status).is_final:
        raise TransitionNotAllowed(dossier.status, ASSIGN)
    if not (assignee.is_active_account and assignee.roles_in(dossier.ward_id) & set(DESK_ROLES)):
        raise WorkflowError(_l("Người được phân công không phải cán bộ một cửa của đơn vị này."))
    _check_actor(dossier, officer)
    if not may_assign(dossier, officer):
        raise WorkflowError(_l("Hồ sơ đã có cán bộ xử lý; chỉ quản trị viên của đơn vị mới phân công lại được."))
    dossier.assigned_officer = assignee
    event = _record(dossier, ASSIGN, officer, now, "", internal_note,
                    {"assignee_id": assignee.id, "assignee_name": assignee.full_name})
    if officer is None or officer.id != assignee.id:
        db.session.add(StaffNotification(
            staff_id=assignee.id, ward_id=dossier.ward_id, dossier=dossier, kind="assigned", created_at=now,
            message=f"Hồ sơ {dossier.code} đã được phân công cho bạn xử lý."))
    return _finish(dossier, event)


@_locked
def request_documents(dossier: Dossier, officer: StaffUser | None, *, missing: list[MissingItem],
                      reason: str = "", deadline: date | None = None, now: datetime | None = None,
                      internal_note: str = "") -> DossierEvent:
    """Ask for more documents (status 5): the clock stops until they are supplied."""
    now = now or now_utc()
    items = [item for item in missing if item.name.strip()]
    if not items:
        raise WorkflowError(_l("Cần nêu ít nhất một giấy tờ cần bổ sung."))
    known = snapshot_documents(dossier)
    for item in items:
        if item.document_index is not None and not 0 <= item.document_index < len(known):
            raise WorkflowError(_l("Giấy tờ cần bổ sung không thuộc thành phần hồ sơ của thủ tục."))
    if deadline is not None and deadline < local_day(now):
        raise WorkflowError(_l("Hạn bổ sung không được trước ngày hôm nay."))
    public_note = _clip(reason)
    event = _move(dossier, DossierAction.REQUEST_DOCUMENTS, officer, now, public_note, internal_note)
    event.details = {"reason": public_note, "deadline": deadline.isoformat() if deadline else None,
                     "missing": [{"name": i.name.strip(), "detail": i.detail.strip()} for i in items]}
    db.session.add(DocumentRequest(
        dossier=dossier, officer=officer, reason=public_note, deadline=deadline, requested_at=now,
        items=[MissingDocument(position=n, name=_clip(i.name.strip()), detail=_clip(i.detail.strip()),
                               document_index=i.document_index) for n, i in enumerate(items)]))
    db.session.flush()
    event.details = dict(event.details, request_id=open_document_request(dossier).id)
    return _finish(dossier, event)


def _open_item(dossier: Dossier, missing_id: int):
    """The open document request's item `missing_id`; WorkflowError when there is none."""
    request = open_document_request(dossier)
    item = next((i for i in request.items if i.id == missing_id), None) if request else None
    if item is None or dossier.status != DossierStatus.DOCUMENTS_REQUESTED:
        raise WorkflowError(_l("Giấy tờ này không nằm trong yêu cầu bổ sung đang mở."))
    return request, item


def attach_supplement(dossier: Dossier, missing_id: int, *, stream: BinaryIO, filename: str | None,
                      now: datetime | None = None) -> DossierEvent:
    """Store the applicant's file for one missing paper; once every paper is in, the clock resumes.

    The upload is read and stored before the dossier is locked (no write lock while a phone sends it).
    Raises `file_storage.FileRefused` for a file that breaks the upload rules (nothing is kept then).
    """
    _open_item(dossier, missing_id)  # refused before reading the upload
    stored = dossier_files.store_dossier_upload(dossier, stream, filename)
    return _attach_supplement(dossier, missing_id, stored, now=now or now_utc())


@_locked
def _attach_supplement(dossier: Dossier, missing_id: int, stored, *, now: datetime) -> DossierEvent:
    """Attach a stored supplement to the locked dossier (its request read again: another may have landed)."""
    request, item = _open_item(dossier, missing_id)
    file = dossier_files.attach_stored(dossier, stored, kind="supplement", document_index=item.document_index,
                                      document_name=item.name)
    item.file_id, item.supplied_at = file.id, now
    event = _record(dossier, SUPPLEMENT_UPLOADED, None, now, item.name, "",
                    {"missing_id": item.id, "file_id": file.id})
    if all(i.file_id is not None for i in request.items):
        return documents_supplied(dossier, None, now=now)
    return _finish(dossier, event)


@_locked
def documents_supplied(dossier: Dossier, officer: StaffUser | None, *, now: datetime | None = None,
                       public_note: str = "", internal_note: str = "") -> DossierEvent:
    """The missing papers are in (online or at the desk): processing resumes and the due date moves."""
    now = now or now_utc()
    event = _move(dossier, DossierAction.DOCUMENTS_SUPPLIED, officer, now, public_note, internal_note)
    request = open_document_request(dossier)
    if request is not None:
        request.resolved_at = now
    event.details = {"due_date": dossier.due_date.isoformat() if dossier.due_date else None}
    return _finish(dossier, event)


@_locked
def request_fees(dossier: Dossier, officer: StaffUser | None, *, fees_note: str, now: datetime | None = None,
                 internal_note: str = "") -> DossierEvent:
    """Ask the applicant to pay fees or taxes (status 6); the clock waits for them."""
    if not fees_note.strip():
        raise WorkflowError(_l("Cần ghi rõ khoản phí, lệ phí phải nộp."))
    event = _move(dossier, DossierAction.REQUEST_FEES, officer, now or now_utc(), fees_note, internal_note)
    return _finish(dossier, event)


@_locked
def fees_paid(dossier: Dossier, officer: StaffUser | None, *, now: datetime | None = None,
              public_note: str = "", internal_note: str = "") -> DossierEvent:
    """The fees are paid: processing resumes (status 4)."""
    event = _move(dossier, DossierAction.FEES_PAID, officer, now or now_utc(), public_note, internal_note)
    event.details = {"due_date": dossier.due_date.isoformat() if dossier.due_date else None}
    return _finish(dossier, event)


@_locked
def withdraw(dossier: Dossier, officer: StaffUser | None, *, reason: str = "", now: datetime | None = None,
             internal_note: str = "") -> DossierEvent:
    """The applicant withdraws the dossier (status 7)."""
    event = _move(dossier, DossierAction.WITHDRAW, officer, now or now_utc(), reason, internal_note)
    return _finish(dossier, event)


@_locked
def stop(dossier: Dossier, officer: StaffUser | None, *, reason: str, now: datetime | None = None,
         internal_note: str = "") -> DossierEvent:
    """Stop processing (status 8), with the reason the applicant is told."""
    if not reason.strip():
        raise WorkflowError(_l("Cần nêu lý do dừng xử lý."))
    event = _move(dossier, DossierAction.STOP, officer, now or now_utc(), reason, internal_note)
    return _finish(dossier, event)


@dataclass(frozen=True)
class PreparedResult:
    """A result PDF checked, and signed as the ward when it came unsigned: ready for `attach_result`."""

    pdf: bytes
    filename: str
    signed_by_ward: bool


def prepare_result(dossier: Dossier, *, result_pdf: bytes, filename: str = "ket-qua.pdf") -> PreparedResult:
    """The slow half of attaching a result, run with no transaction open: the PDF checks, the validation of
    the signatures it carries, or the ward's signature (each would otherwise hold SQLite's write lock).

    A PDF that already carries signatures is accepted only when the signature policy passes it: intact, chained
    to the trust list, nothing changed or appended after signing, sealed by this ward (not another ward of the
    install) and, in a ward whose leaders enrolled certificates, signed by one of them. Otherwise the ward would
    hand out, as its result, a document anyone checking it finds broken or foreign. An unsigned PDF is signed
    here.
    """
    if not result_pdf.startswith(b"%PDF-"):
        raise WorkflowError(_l("Kết quả phải là tệp PDF."))
    filename = filename or "ket-qua.pdf"
    # read while the transaction is open (cached per process after the first time): the signing below may need it
    signer, place = ward_signer(dossier.ward), dossier.ward.name
    expected = signature_policy.Expected(seal_of=dossier.ward.slug, one_of=result_signers(dossier.ward))
    context = signature_policy.current_context()
    end_read_transaction()
    try:
        file_storage.refuse_unsafe_pdf(result_pdf, filename)
    except file_storage.FileRefused as refused:
        raise WorkflowError(refused.message) from None
    already_signed = signing.is_signed(result_pdf)
    if already_signed:
        check = signature_policy.verify(result_pdf, context, expected)
        if not check.valid:
            raise WorkflowError(_l("Tệp kết quả có chữ ký số không hợp lệ: %(problem)s Hãy tải lên bản chưa ký "
                                   "để phường, xã ký số, hoặc bản có chữ ký hợp lệ.", problem=check.problem or ""))
    else:
        result_pdf = signing.sign_pdf(result_pdf, signer, reason="Kết quả giải quyết hồ sơ", location=place)
    return PreparedResult(result_pdf, filename, signed_by_ward=not already_signed)


def mark_ready(dossier: Dossier, officer: StaffUser | None, *, result_pdf: bytes, filename: str = "ket-qua.pdf",
               now: datetime | None = None, public_note: str = "", internal_note: str = "") -> DossierEvent:
    """Check (and sign as the ward, when unsigned) the result PDF, then attach it; status 9."""
    next_status(dossier.status, DossierAction.MARK_READY)  # refused before the costly checks and signing
    blocked = ready_blocked(dossier, officer)
    if blocked:
        raise WorkflowError(blocked)
    result = prepare_result(dossier, result_pdf=result_pdf, filename=filename)
    return attach_result(dossier, officer, result, now=now, public_note=public_note, internal_note=internal_note)


@_locked
def attach_result(dossier: Dossier, officer: StaffUser | None, result: PreparedResult, *,
                  now: datetime | None = None, public_note: str = "", internal_note: str = "") -> DossierEvent:
    """Attach a result `prepare_result` made ready, on the locked dossier; status 9."""
    now = now or now_utc()
    blocked = ready_blocked(dossier, officer)
    if blocked:
        raise WorkflowError(blocked)
    stored = dossier_files.store_made_here(dossier, result.pdf, original_name=result.filename,
                                           content_type="application/pdf", kind="result",
                                           document_name="Kết quả giải quyết")
    event = _move(dossier, DossierAction.MARK_READY, officer, now, public_note, internal_note)
    dossier.result_ready_at = now
    timing = timeliness(dossier, today=local_day(now))
    event.details = {"file_id": stored.id, "signed_by_ward": result.signed_by_ward,
                     "on_time": timing.state == "on_time", "working_days_late": timing.days_late}
    return _finish(dossier, event)


def result_file(dossier: Dossier) -> DossierFile | None:
    """The newest result attached to the dossier, if any."""
    results = [f for f in dossier.files if f.kind == "result"]
    return results[-1] if results else None


@_locked
def return_result(dossier: Dossier, officer: StaffUser | None, *, now: datetime | None = None,
                  public_note: str = "", internal_note: str = "") -> DossierEvent:
    """Record that the result was handed over or sent (status 10)."""
    now = now or now_utc()
    event = _move(dossier, DossierAction.RETURN_RESULT, officer, now, public_note, internal_note)
    dossier.returned_at = now
    return _finish(dossier, event)


@_locked
def apologise(dossier: Dossier, officer: StaffUser | None, *, new_date: date, reason: str,
              now: datetime | None = None, internal_note: str = "") -> DossierEvent:
    """Apologise for a delay and give a new appointment date, which the applicant sees."""
    now = now or now_utc()
    status = DossierStatus(dossier.status)
    if dossier.received_at is None or status.is_final or status == DossierStatus.READY:
        raise TransitionNotAllowed(dossier.status, APOLOGISE)
    if not reason.strip():
        raise WorkflowError(_l("Cần nêu lý do chậm trễ."))
    promised = dossier.new_appointment_date or dossier.due_date
    if promised is not None and new_date <= promised:
        raise WorkflowError(_l("Ngày hẹn mới phải sau ngày hẹn trả kết quả hiện tại."))
    if new_date <= local_day(now) or not current_calendar().is_working_day(new_date):
        raise WorkflowError(_l("Ngày hẹn mới phải là một ngày làm việc sau hôm nay."))
    _check_actor(dossier, officer)
    event = _record(dossier, APOLOGISE, officer, now, _clip(reason), internal_note,
                    {"new_date": new_date.isoformat(),
                     "original_date": promised.isoformat() if promised else None})
    dossier.new_appointment_date = new_date
    return _finish(dossier, event)


@_locked
def rate(dossier: Dossier, *, score: int, comment: str = "", now: datetime | None = None) -> DossierEvent:
    """The applicant rates the service (1–5 and a comment), once, after the result is returned."""
    now = now or now_utc()
    if dossier.status != DossierStatus.RETURNED:
        raise TransitionNotAllowed(dossier.status, RATE)
    if dossier.rating is not None:
        raise WorkflowError(_l("Hồ sơ này đã được đánh giá."))
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise WorkflowError(_l("Mức đánh giá phải từ 1 đến 5."))
    dossier.rating, dossier.rating_comment, dossier.rated_at = score, _clip(comment.strip()), now
    event = _record(dossier, RATE, None, now, "", "", {"rating": score})
    return _finish(dossier, event)


_ready_guards: list = []


def register_ready_guard(guard) -> None:
    """Let another area veto `mark_ready`: ``guard(dossier, officer)`` returns a refusal message or None.

    Approvals uses it so that, in a ward with leaders, only a leader's approval makes the result.
    """
    _ready_guards.append(guard)


def ready_blocked(dossier: Dossier, officer: StaffUser | None):
    """The first guard's refusal of marking this dossier ready by `officer`, or None."""
    for guard in _ready_guards:
        message = guard(dossier, officer)
        if message:
            return message
    return None


def register_step_label(action: str, vi: str, en: str) -> None:
    """Name a history step another area records (e.g. approvals: draft sent, returned, approved)."""
    _EXTRA_LABELS[action] = (vi, en)


def record_step(dossier: Dossier, action: str, officer: StaffUser | None, *, now: datetime,
                public_note: str = "", internal_note: str = "", details: dict | None = None) -> DossierEvent:
    """Record a step of another area that keeps the status (the clock keeps running); not committed.

    Refused on a finished dossier and for staff of another ward, like every step here.
    """
    if DossierStatus(dossier.status).is_final:
        raise TransitionNotAllowed(dossier.status, action)
    _check_actor(dossier, officer)
    return _record(dossier, action, officer, now, public_note, internal_note, details or {})


def open_document_request(dossier: Dossier) -> DocumentRequest | None:
    """The request for more documents still waiting for the applicant, if any."""
    return db.session.scalar(db.select(DocumentRequest).where(
        DocumentRequest.dossier_id == dossier.id, DocumentRequest.resolved_at.is_(None))
        .order_by(DocumentRequest.id.desc()).limit(1))


# ---------------------------------------------------------------- internals


def _move(dossier: Dossier, action: DossierAction, officer: StaffUser | None, now: datetime,
          public_note: str, internal_note: str) -> DossierEvent:
    """Change the status (or refuse), keep the clock's pauses, and record the event."""
    old = DossierStatus(dossier.status)
    new = next_status(old, action)
    _check_actor(dossier, officer)
    today = local_day(now)
    if new.is_paused and not old.is_paused:
        dossier.pauses.append(ClockPause(stopped_on=today))
    elif old.is_paused:
        for pause in dossier.pauses:
            if pause.resumed_on is None:
                pause.resumed_on = max(today, pause.stopped_on)
        if new.clock_runs and dossier.received_at is not None:
            start = clock_start_day(dossier.ward, dossier.received_at)
            if dossier.pauses and dossier.pauses[0].stopped_on < start:
                start = local_day(dossier.received_at)  # paused the same evening, before its clock started
            dossier.due_date = current_calendar().due_date_with_pauses(
                start, processing_days(dossier),
                [(p.stopped_on, p.resumed_on) for p in dossier.pauses])
    dossier.status = int(new)
    return _record(dossier, str(action), officer, now, public_note, internal_note, {})


def _record(dossier: Dossier, action: str, officer: StaffUser | None, now: datetime, public_note: str,
            internal_note: str, details: dict) -> DossierEvent:
    """Append one history line with the dossier's (new) status."""
    event = DossierEvent(action=action, status=int(dossier.status), at=now, officer=officer,
                         public_note=_clip(public_note.strip()), internal_note=_clip(internal_note.strip()),
                         details=details)
    dossier.events.append(event)
    return event


def _check_actor(dossier: Dossier, officer: StaffUser | None) -> None:
    """An officer acting on a dossier must work for its ward (views check this too; this is the backstop)."""
    if officer is not None and not (officer.is_province_admin or officer.roles_in(dossier.ward_id)):
        raise WorkflowError(_l("Cán bộ không thuộc đơn vị tiếp nhận hồ sơ này."))


def _finish(dossier: Dossier, event: DossierEvent) -> DossierEvent:
    """Queue the applicant's messages in the step's own transaction (outbox), then commit both."""
    if event.action in _NOTIFIED:
        db.session.flush()
        dossier_changed.send(dossier, dossier=dossier, event=event)
    db.session.commit()
    return event


def _clean_list(values: list[str]) -> list[str]:
    """Trimmed, non-empty entries."""
    return [_clip(v.strip()) for v in values if v and v.strip()]


def _clip(text: str) -> str:
    """Keep free text within a sane length."""
    return (text or "")[:MAX_NOTE]
