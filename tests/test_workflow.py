"""The workflow's steps: every allowed transition works, every other is refused, the clock is honest."""

from datetime import date, datetime, timedelta, timezone

import io
import os

import pytest
from fpdf import FPDF

from flask import current_app

from wardportal.dossiers import deadlines, workflow
from wardportal.dossiers.models import ClockPause, DocumentRequest, DossierEvent, StaffNotification
from wardportal.dossiers.receipts import ward_signer
from wardportal.dossiers.status import TRANSITIONS, DossierAction, DossierStatus, TransitionNotAllowed
from wardportal.dossiers.workflow import MissingItem, WorkflowError
from wardportal.kernel import file_storage, signature_policy, signing
from wardportal.kernel.extensions import db
from wardportal.kernel.file_storage import FileRefused
from wardportal.notifications import outbox
from wardportal.notifications.models import OutboxMessage

from .staff_factories import make_staff
from .workflow_factories import PDF, make_dossier

S = DossierStatus
# Monday 23 November 2026, 09:00 in Vietnam.
MONDAY = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)


def at(day: date, hour: int = 9) -> datetime:
    """A moment on a Vietnamese calendar day (UTC+7)."""
    return datetime(day.year, day.month, day.day, hour - 7, tzinfo=timezone.utc)


def unsigned_pdf(text="Giấy khai sinh") -> bytes:
    """A one-page PDF without a signature."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text="Ket qua giai quyet")
    return bytes(pdf.output())


@pytest.fixture
def ward(make):
    return make.ward()


@pytest.fixture
def officer(ward):
    return make_staff(ward, "officer", full_name="Lê Thị Hoa")


# One call per action, with valid arguments, so only the status can make it fail.
STEPS = {
    DossierAction.RECEIVE: lambda d, o, now: workflow.receive(d, o, now=now),
    DossierAction.REFUSE: lambda d, o, now: workflow.refuse(d, o, reasons=["Sai thẩm quyền"], now=now),
    DossierAction.START_PROCESSING: lambda d, o, now: workflow.start_processing(d, o, now=now),
    DossierAction.REQUEST_DOCUMENTS: lambda d, o, now: workflow.request_documents(
        d, o, missing=[MissingItem("Bản sao giấy đăng ký kết hôn")], reason="Thiếu giấy tờ", now=now),
    DossierAction.DOCUMENTS_SUPPLIED: lambda d, o, now: workflow.documents_supplied(d, o, now=now),
    DossierAction.REQUEST_FEES: lambda d, o, now: workflow.request_fees(d, o, fees_note="Lệ phí 8.000 đồng",
                                                                          now=now),
    DossierAction.FEES_PAID: lambda d, o, now: workflow.fees_paid(d, o, now=now),
    DossierAction.WITHDRAW: lambda d, o, now: workflow.withdraw(d, o, reason="Công dân xin rút", now=now),
    DossierAction.STOP: lambda d, o, now: workflow.stop(d, o, reason="Có tranh chấp", now=now),
    DossierAction.MARK_READY: lambda d, o, now: workflow.mark_ready(d, o, result_pdf=signed_for(d.ward), now=now),
    DossierAction.RETURN_RESULT: lambda d, o, now: workflow.return_result(d, o, now=now),
}
# The shortest path of actions from a new dossier to each status.
PATHS = {
    S.SUBMITTED: [],
    S.RECEIVED: [DossierAction.RECEIVE],
    S.NOT_ACCEPTED: [DossierAction.REFUSE],
    S.PROCESSING: [DossierAction.RECEIVE, DossierAction.START_PROCESSING],
    S.DOCUMENTS_REQUESTED: [DossierAction.RECEIVE, DossierAction.REQUEST_DOCUMENTS],
    S.FEES_REQUESTED: [DossierAction.RECEIVE, DossierAction.START_PROCESSING, DossierAction.REQUEST_FEES],
    S.WITHDRAWN: [DossierAction.WITHDRAW],
    S.STOPPED: [DossierAction.RECEIVE, DossierAction.START_PROCESSING, DossierAction.STOP],
    S.READY: [DossierAction.RECEIVE, DossierAction.START_PROCESSING, DossierAction.MARK_READY],
    S.RETURNED: [DossierAction.RECEIVE, DossierAction.START_PROCESSING, DossierAction.MARK_READY,
                 DossierAction.RETURN_RESULT],
}
SIGNED_RESULT = b""
_SIGNED_BY_WARD: dict = {}


@pytest.fixture(autouse=True)
def signed_result(app, ward):
    """A result PDF sealed by the test's ward, signed once per test (marking ready then skips the signing).

    Per test, not per session: each test has its own install, whose root CA must have issued the seal; and
    a ward's result must carry that ward's own seal (another ward's is refused).
    """
    global SIGNED_RESULT
    _SIGNED_BY_WARD.clear()
    SIGNED_RESULT = signed_for(ward)
    return SIGNED_RESULT


def signed_for(ward) -> bytes:
    """A result sealed by ``ward`` (made once per ward and test)."""
    if ward.id not in _SIGNED_BY_WARD:
        _SIGNED_BY_WARD[ward.id] = signing.sign_pdf(unsigned_pdf(), ward_signer(ward), reason="Kết quả",
                                                    location=ward.name)
    return _SIGNED_BY_WARD[ward.id]


def dossier_in(ward, officer, status, now=MONDAY):
    """A dossier driven to `status` through the real steps."""
    dossier = make_dossier(ward)
    for action in PATHS[status]:
        STEPS[action](dossier, officer, now)
    assert dossier.status == status
    return dossier


@pytest.mark.parametrize("status", list(S))
def test_every_allowed_transition_works_and_every_other_is_refused(ward, officer, status):
    for action in DossierAction:
        dossier = dossier_in(ward, officer, status)
        events = len(dossier.events)
        if (status, action) in TRANSITIONS:
            event = STEPS[action](dossier, officer, MONDAY + timedelta(hours=1))
            assert dossier.status == TRANSITIONS[(status, action)]
            assert event.action == action and event.status == dossier.status and event.officer_id == officer.id
            assert len(dossier.events) == events + 1
        else:
            with pytest.raises(TransitionNotAllowed):
                STEPS[action](dossier, officer, MONDAY + timedelta(hours=1))
            db.session.rollback()
            assert db.session.get(type(dossier), dossier.id).status == status
            assert len(dossier.events) == events


def test_receipt_starts_the_clock_in_working_days(ward, officer):
    dossier = make_dossier(ward, processing_days=3)
    friday = date(2026, 11, 27)
    event = workflow.receive(dossier, officer, now=at(friday))
    assert dossier.received_at is not None
    assert dossier.due_date == date(2026, 12, 2)  # Mon, Tue, Wed: the weekend does not count
    assert event.details["due_date"] == "2026-12-02"


def test_receipt_over_new_year_skips_the_holiday(ward, officer):
    dossier = make_dossier(ward, processing_days=2)
    workflow.receive(dossier, officer, now=at(date(2026, 12, 30)))
    assert dossier.due_date == date(2027, 1, 4)  # 31 Dec, (1 Jan holiday, weekend), Mon 4 Jan


def test_request_for_documents_stops_the_clock_and_resubmission_moves_the_due_date(ward, officer):
    dossier = make_dossier(ward, processing_days=3)
    workflow.receive(dossier, officer, now=at(date(2026, 11, 23)))  # due Thu 26
    workflow.start_processing(dossier, officer, now=at(date(2026, 11, 23), 10))
    workflow.request_documents(dossier, officer, missing=[MissingItem("Bản sao CCCD")],
                               now=at(date(2026, 11, 24)))  # Tue counted: 1 day used, 2 left
    assert [(p.stopped_on, p.resumed_on) for p in dossier.pauses] == [(date(2026, 11, 24), None)]
    assert deadlines.timeliness(dossier, today=date(2026, 12, 10)).state == "paused"
    workflow.documents_supplied(dossier, officer, now=at(date(2026, 11, 30)))
    assert [(p.stopped_on, p.resumed_on) for p in dossier.pauses] == [(date(2026, 11, 24), date(2026, 11, 30))]
    assert dossier.due_date == date(2026, 12, 2)  # Tue 1, Wed 2 from the Monday resubmission
    assert dossier.status == S.PROCESSING


def test_fees_pause_the_clock_too(ward, officer):
    dossier = dossier_in(ward, officer, S.PROCESSING, now=at(date(2026, 11, 23)))
    workflow.request_fees(dossier, officer, fees_note="Lệ phí 8.000 đồng", now=at(date(2026, 11, 23), 11))
    workflow.fees_paid(dossier, officer, now=at(date(2026, 11, 25)))
    assert dossier.due_date == date(2026, 11, 30)  # all 3 days restart from Wed 25: Thu, Fri, Mon


def test_withdrawing_while_paused_closes_the_pause(ward, officer):
    dossier = dossier_in(ward, officer, S.DOCUMENTS_REQUESTED)
    workflow.withdraw(dossier, None, now=MONDAY + timedelta(days=2))
    assert all(p.resumed_on is not None for p in dossier.pauses)


def test_supplements_tied_to_each_missing_paper_resume_the_clock_when_all_are_in(app, ward, officer):
    dossier = dossier_in(ward, officer, S.PROCESSING, now=at(date(2026, 11, 23)))
    workflow.request_documents(dossier, officer, now=at(date(2026, 11, 24)), reason="Thiếu giấy tờ",
                               missing=[MissingItem("Giấy chứng sinh", "Bản chính", 1), MissingItem("Bản sao CCCD")])
    request = workflow.open_document_request(dossier)
    first, second = request.items
    workflow.attach_supplement(dossier, first.id, stream=io.BytesIO(PDF), filename="cs.pdf", now=at(date(2026, 11, 26)))
    assert dossier.status == S.DOCUMENTS_REQUESTED and first.file.kind == "supplement"
    assert first.file.document_index == 1 and first.file.document_name == "Giấy chứng sinh"
    with pytest.raises(WorkflowError):
        workflow.attach_supplement(dossier, 999999, stream=io.BytesIO(PDF), filename="x.pdf")
    with pytest.raises(FileRefused):
        workflow.attach_supplement(dossier, second.id, stream=io.BytesIO(b"MZ not a pdf"), filename="x.pdf")
    db.session.rollback()
    assert len(os.listdir(file_storage.uploads_dir(app.instance_path))) == 1  # the refused file is gone
    event = workflow.attach_supplement(dossier, second.id, stream=io.BytesIO(PDF), filename="cccd.pdf",
                                       now=at(date(2026, 11, 27)))
    assert event.action == DossierAction.DOCUMENTS_SUPPLIED and dossier.status == S.PROCESSING
    assert db.session.get(DocumentRequest, request.id).resolved_at is not None
    assert dossier.due_date == date(2026, 12, 1)  # 2 days left from Fri 27: Mon 30, Tue 1


def test_request_for_documents_needs_a_list_of_papers(ward, officer):
    dossier = dossier_in(ward, officer, S.RECEIVED)
    with pytest.raises(WorkflowError):
        workflow.request_documents(dossier, officer, missing=[MissingItem("  ")])
    with pytest.raises(WorkflowError):
        workflow.request_documents(dossier, officer, missing=[MissingItem("Tờ khai", document_index=7)])
    db.session.rollback()
    assert db.session.get(type(dossier), dossier.id).status == S.RECEIVED


def test_refusal_needs_a_reason_and_records_them(ward, officer):
    dossier = make_dossier(ward)
    with pytest.raises(WorkflowError):
        workflow.refuse(dossier, officer, reasons=["", " "])
    db.session.rollback()
    event = workflow.refuse(dossier, officer, reasons=["Không thuộc thẩm quyền", "Thiếu tờ khai"])
    assert event.details["reasons"] == ["Không thuộc thẩm quyền", "Thiếu tờ khai"]
    assert event.public_note == "Không thuộc thẩm quyền; Thiếu tờ khai"


def test_marking_ready_signs_an_unsigned_result_and_keeps_a_signed_one(app, ward, officer):
    dossier = dossier_in(ward, officer, S.PROCESSING)
    event = workflow.mark_ready(dossier, officer, result_pdf=unsigned_pdf(), filename="giay khai sinh.pdf",
                                now=MONDAY + timedelta(hours=3))
    result = workflow.result_file(dossier)
    data = _read(app, result)
    assert event.details["signed_by_ward"] is True and event.details["on_time"] is True
    verdict = signature_policy.verify_pdf(data, app.instance_path)
    assert verdict.valid and verdict.ward_slug == ward.slug
    assert result.original_name == "giay khai sinh.pdf" and result.kind == "result"

    other = dossier_in(ward, officer, S.PROCESSING)
    event = workflow.mark_ready(other, officer, result_pdf=SIGNED_RESULT, now=MONDAY + timedelta(hours=3))
    assert event.details["signed_by_ward"] is False
    assert _read(app, workflow.result_file(other)) == SIGNED_RESULT


def test_a_result_sealed_by_another_ward_is_refused(make, ward, officer):
    """Ward B's valid seal does not make a ward A result: mark_ready wants this ward's own seal."""
    ward_b = make.ward(slug="phuong-khac", name="Phường Khác")
    dossier = dossier_in(ward, officer, S.PROCESSING)
    with pytest.raises(WorkflowError, match="chính đơn vị này"):
        workflow.mark_ready(dossier, officer, result_pdf=signed_for(ward_b), now=MONDAY + timedelta(hours=3))
    assert workflow.result_file(dossier) is None


def test_marking_ready_refuses_what_is_not_a_pdf(ward, officer):
    dossier = dossier_in(ward, officer, S.PROCESSING)
    with pytest.raises(WorkflowError):
        workflow.mark_ready(dossier, officer, result_pdf=b"<html>not a pdf</html>")


def _read(app, file_row) -> bytes:
    return file_storage.read(file_storage.uploads_dir(app.instance_path), file_row.stored_name)


def test_on_time_and_late_are_counted_in_working_days(ward, officer):
    dossier = make_dossier(ward, processing_days=2)
    workflow.receive(dossier, officer, now=at(date(2026, 11, 23)))  # due Wed 25
    workflow.start_processing(dossier, officer, now=at(date(2026, 11, 23)))
    assert deadlines.timeliness(dossier, today=date(2026, 11, 24)) == deadlines.Timeliness(
        "running", date(2026, 11, 25), days_left=1)
    assert deadlines.timeliness(dossier, today=date(2026, 11, 25)).state == "due_today"
    overdue = deadlines.timeliness(dossier, today=date(2026, 11, 30))
    assert overdue.state == "overdue" and overdue.days_late == 3  # Thu, Fri, Mon
    workflow.mark_ready(dossier, officer, result_pdf=SIGNED_RESULT, now=at(date(2026, 11, 27)))
    finished = deadlines.timeliness(dossier, today=date(2027, 1, 1))
    assert finished.state == "late" and finished.days_late == 2 and finished.is_late


def test_apology_gives_a_later_working_day_and_the_citizen_sees_it(ward, officer):
    dossier = make_dossier(ward, processing_days=2)
    workflow.receive(dossier, officer, now=at(date(2026, 11, 23)))  # due Wed 25
    with pytest.raises(WorkflowError):  # not after the promised date
        workflow.apologise(dossier, officer, new_date=date(2026, 11, 25), reason="Chờ xác minh",
                           now=at(date(2026, 11, 24)))
    with pytest.raises(WorkflowError):  # a Saturday
        workflow.apologise(dossier, officer, new_date=date(2026, 11, 28), reason="Chờ xác minh",
                           now=at(date(2026, 11, 24)))
    db.session.rollback()
    event = workflow.apologise(dossier, officer, new_date=date(2026, 11, 30), reason="Chờ xác minh",
                               now=at(date(2026, 11, 24)))
    assert dossier.new_appointment_date == date(2026, 11, 30) and dossier.status == S.RECEIVED
    assert event.details == {"new_date": "2026-11-30", "original_date": "2026-11-25"}
    assert event.public_note == "Chờ xác minh"


def test_assignment_tells_the_officer_and_refuses_staff_of_other_wards(make, ward, officer):
    colleague = make_staff(ward, "officer", full_name="Phạm Minh Tuấn")
    stranger = make_staff(make.ward(), "officer")
    editor = make_staff(ward, "editor")
    dossier = dossier_in(ward, officer, S.RECEIVED)
    event = workflow.assign(dossier, officer, colleague)
    assert dossier.assigned_officer_id == colleague.id and event.details["assignee_name"] == "Phạm Minh Tuấn"
    notes = db.session.scalars(db.select(StaffNotification).where(StaffNotification.staff_id == colleague.id)).all()
    assert [n.dossier_id for n in notes] == [dossier.id]
    for wrong in (stranger, editor):
        with pytest.raises(WorkflowError):
            workflow.assign(dossier, officer, wrong)
        db.session.rollback()
    with pytest.raises(WorkflowError):  # an officer of another ward cannot act at all
        workflow.start_processing(dossier, stranger)


def test_rating_once_only_after_return(ward, officer):
    dossier = dossier_in(ward, officer, S.READY)
    with pytest.raises(TransitionNotAllowed):
        workflow.rate(dossier, score=5)
    workflow.return_result(dossier, officer)
    for bad in (0, 6):
        with pytest.raises(WorkflowError):
            workflow.rate(dossier, score=bad)
    workflow.rate(dossier, score=4, comment="Cán bộ hướng dẫn tận tình")
    assert (dossier.rating, dossier.rating_comment) == (4, "Cán bộ hướng dẫn tận tình")
    with pytest.raises(WorkflowError):
        workflow.rate(dossier, score=1)


def test_every_step_is_in_the_history_with_its_notes(ward, officer):
    dossier = make_dossier(ward)
    workflow.receive(dossier, officer, public_note="Đã nhận đủ", internal_note="Kiểm tra bản gốc")
    events = db.session.scalars(db.select(DossierEvent).where(DossierEvent.dossier_id == dossier.id)).all()
    assert [(e.action, e.status, e.public_note, e.internal_note) for e in events] == [
        ("receive", 2, "Đã nhận đủ", "Kiểm tra bản gốc")]
    assert db.session.scalar(db.select(db.func.count()).select_from(ClockPause)) == 0


def test_each_step_tells_the_applicant_by_email_and_sms_and_assignment_does_not(caplog, ward, officer):
    dossier = make_dossier(ward)
    caplog.set_level("INFO", logger="wardportal.notifications")
    workflow.receive(dossier, officer)
    workflow.assign(dossier, officer, officer)
    workflow.request_documents(dossier, officer, missing=[MissingItem("Bản sao CCCD")])
    queued = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(m.event, m.channel) for m in queued] == [("receive", "email"), ("receive", "sms"),
                                                      ("request_documents", "email"), ("request_documents", "sms")]
    assert caplog.records == []  # queued with the step; the worker sends
    assert outbox.deliver_pending(current_app.config) == (4, 0)
    sent = [(r.args[0], r.getMessage().split()[0]) for r in caplog.records if r.name == "wardportal.notifications"]
    assert sent == [("receive", "email"), ("receive", "sms"),
                    ("request_documents", "email"), ("request_documents", "sms")]
    assert all("Trần Văn Bình" not in r.getMessage() and "0912" not in r.getMessage() for r in caplog.records)


def test_receipt_before_tet_counts_from_after_the_holiday(ward, officer):
    dossier = make_dossier(ward, processing_days=3)
    workflow.receive(dossier, officer, now=at(date(2027, 2, 3)))  # Wed; Tết off Thu 4 – Wed 10 February
    assert dossier.due_date == date(2027, 2, 15)  # Thu 11, Fri 12, Mon 15
