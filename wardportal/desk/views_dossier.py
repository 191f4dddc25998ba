"""One dossier at the desk: its page, the actions on it, its files, and its signed slips."""

import hashlib
from dataclasses import dataclass
from typing import Callable

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from wardportal.approvals import citizen_signatures
from wardportal.approvals.views_desk import approval_panel
from wardportal.desk.blueprint import bp
from wardportal.desk.forms import (ApologyForm, AssignForm, FeesForm, NotesForm, ReasonForm, RefuseForm,
    RequestDocumentsForm, ResultForm)
from wardportal.desk.slip_documents import SLIP_ACTIONS, issue_slip, stored_slip
from wardportal.dossiers import deadlines, files as dossier_files, queries, receipts, workflow
from wardportal.dossiers.acceptance_clock import acceptance_clock
from wardportal.dossiers.models import DossierEvent
from wardportal.dossiers.status import DossierAction, DossierStatus, TransitionNotAllowed, allowed_actions
from wardportal.dossiers.workflow import MissingItem, WorkflowError
from wardportal.kernel import file_storage
from wardportal.kernel.database import writing
from wardportal.kernel.extensions import db
from wardportal.kernel.public_address import public_base_url
from wardportal.kernel.request_facts import client_address
from wardportal.kernel.text_input import cleaned_args
from wardportal.kernel.times import now_utc, vietnam_today
from wardportal.payments import ledger
from wardportal.payments.forms import CounterPaymentForm
from wardportal.staff.access import DESK_ROLES, current_staff, staff_required
from wardportal.staff.models import StaffUser

INLINE_TYPES = dossier_files.PREVIEWED_TYPES
# Actions that end the dossier or hand the result over ask for a second, explicit step.
CONFIRM_ACTIONS = {
    "refuse": _l("Hồ sơ sẽ bị từ chối tiếp nhận và người nộp được thông báo lý do. Không thể hoàn tác."),
    "withdraw": _l("Hồ sơ sẽ được rút theo yêu cầu của người nộp và kết thúc. Không thể hoàn tác."),
    "stop": _l("Việc giải quyết hồ sơ sẽ dừng và người nộp được thông báo lý do. Không thể hoàn tác."),
    "return_result": _l("Ghi nhận đã trả kết quả cho người nộp; hồ sơ kết thúc. Chỉ xác nhận khi đã trao kết quả."),
}
# History lines with no officer: these come from the applicant, the rest from the system.
APPLICANT_ACTIONS = {"submit", "supplement_uploaded", "documents_supplied", "withdraw", "rate"}


@dataclass(frozen=True)
class DeskAction:
    """An action button on the dossier page: its form and the workflow call it makes."""

    label: str
    form: type
    run: Callable


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _notes(form) -> dict:
    return {"public_note": form.public_note.data or "", "internal_note": form.internal_note.data or ""}


def _missing(dossier, form) -> list[MissingItem]:
    listed = workflow.snapshot_documents(dossier)
    return ([MissingItem(listed[i], document_index=i) for i in form.listed.data or [] if 0 <= i < len(listed)]
            + [MissingItem(name) for name in _lines(form.others.data)])


def _mark_ready(dossier, me, form):
    upload = form.result.data
    limit = current_app.config.get("MAX_FILE_BYTES", 10 * 1024 * 1024)
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise WorkflowError(_l("Tệp kết quả quá lớn."))
    return workflow.mark_ready(dossier, me, result_pdf=data, filename=upload.filename or "ket-qua.pdf",
                               **_notes(form))


def _request_fees(dossier, me, form):
    try:
        return ledger.request_fees(dossier, me, amount=form.amount.data, note=form.fees_note.data or "",
                                   ip_address=client_address(), now=now_utc())
    except ledger.PaymentRefused as refused:
        raise WorkflowError(refused.message) from None


def _fees_paid(dossier, me, form):
    """Cash at the counter: the amount, date and reference are recorded, with a signed receipt to print."""
    try:
        return ledger.record_payment(dossier, amount=form.amount.data, method=form.method.data,
                                     paid_on=form.paid_on.data, reference=form.reference.data or "", actor=me,
                                     ip_address=client_address(), now=now_utc())
    except ledger.PaymentRefused as refused:
        raise WorkflowError(refused.message) from None


def _assign(dossier, me, form):
    assignee = db.session.get(StaffUser, form.assignee.data)
    if assignee is None:
        raise WorkflowError(_l("Không tìm thấy cán bộ."))
    return workflow.assign(dossier, me, assignee, internal_note=form.internal_note.data or "")


ACTIONS = {
    "receive": DeskAction(DossierAction.RECEIVE.label_vi, NotesForm,
                          lambda d, me, f: workflow.receive(d, me, **_notes(f))),
    "refuse": DeskAction(DossierAction.REFUSE.label_vi, RefuseForm, lambda d, me, f: workflow.refuse(
        d, me, reasons=_lines(f.reasons.data), internal_note=f.internal_note.data or "")),
    "start_processing": DeskAction(DossierAction.START_PROCESSING.label_vi, NotesForm,
                                   lambda d, me, f: workflow.start_processing(d, me, **_notes(f))),
    "request_documents": DeskAction(DossierAction.REQUEST_DOCUMENTS.label_vi, RequestDocumentsForm,
                                    lambda d, me, f: workflow.request_documents(
                                        d, me, missing=_missing(d, f), reason=f.reason.data or "",
                                        deadline=f.deadline.data, internal_note=f.internal_note.data or "")),
    "documents_supplied": DeskAction(DossierAction.DOCUMENTS_SUPPLIED.label_vi, NotesForm,
                                     lambda d, me, f: workflow.documents_supplied(d, me, **_notes(f))),
    "request_fees": DeskAction(DossierAction.REQUEST_FEES.label_vi, FeesForm, _request_fees),
    "fees_paid": DeskAction(DossierAction.FEES_PAID.label_vi, CounterPaymentForm, _fees_paid),
    "withdraw": DeskAction(DossierAction.WITHDRAW.label_vi, ReasonForm, lambda d, me, f: workflow.withdraw(
        d, me, reason=f.reason.data, internal_note=f.internal_note.data or "")),
    "stop": DeskAction(DossierAction.STOP.label_vi, ReasonForm, lambda d, me, f: workflow.stop(
        d, me, reason=f.reason.data, internal_note=f.internal_note.data or "")),
    "mark_ready": DeskAction(DossierAction.MARK_READY.label_vi, ResultForm, _mark_ready),
    "return_result": DeskAction(DossierAction.RETURN_RESULT.label_vi, NotesForm,
                                lambda d, me, f: workflow.return_result(d, me, **_notes(f))),
    workflow.ASSIGN: DeskAction(workflow.action_label(workflow.ASSIGN), AssignForm, _assign),
    workflow.APOLOGISE: DeskAction(workflow.action_label(workflow.APOLOGISE), ApologyForm,
                                   lambda d, me, f: workflow.apologise(d, me, new_date=f.new_date.data,
                                                                       reason=f.reason.data,
                                                                       internal_note=f.internal_note.data or "")),
}


def available_actions(dossier) -> list[str]:
    """The actions the dossier's status allows, plus assignment and apology where they make sense."""
    status = DossierStatus(dossier.status)
    names = [str(a) for a in allowed_actions(status)
             if a != DossierAction.MARK_READY or not workflow.ready_blocked(dossier, current_staff())]
    if not status.is_final and workflow.may_assign(dossier, current_staff()):
        names.append(workflow.ASSIGN)
    if dossier.received_at is not None and not status.is_final and status != DossierStatus.READY:
        names.append(workflow.APOLOGISE)
    return names


def _action_text(action: str) -> str:
    """An action's wording in the reader's language."""
    return workflow.action_label(action, "en" if str(get_locale()) == "en" else "vi")


def _dossier_or_404(dossier_id: int):
    """The ward's dossier; another ward's is not found."""
    dossier = queries.dossier_in_ward(g.ward, dossier_id)
    if dossier is None:
        abort(404)
    return dossier


def _form(name: str, dossier, submitted: bool = False):
    """The action's form, prefixed so several fit on one page, with its choices filled in."""
    # Flask-WTF reads the posted form and files by default; a form only shown must not.
    form = ACTIONS[name].form(prefix=name) if submitted else ACTIONS[name].form(prefix=name, formdata=None)
    if isinstance(form, AssignForm):
        form.assignee.choices = [SelectChoice(o.id, o.full_name) for o in queries.desk_officers(g.ward)]
        if not submitted and dossier.assigned_officer_id:
            form.assignee.data = dossier.assigned_officer_id
    if isinstance(form, CounterPaymentForm) and not submitted:
        form.paid_on.data = vietnam_today()
        form.amount.data = ledger.fee_status(dossier).outstanding or None
    if isinstance(form, RequestDocumentsForm):
        form.listed.choices = [SelectChoice(i, name) for i, name in enumerate(workflow.snapshot_documents(dossier))]
    return form


@bp.get("/<ward_slug>/can-bo/ho-so/<int:dossier_id>")
@staff_required(*DESK_ROLES)
def dossier(dossier_id):
    """Applicant details, files, history and the forms of the possible actions."""
    return _render(_dossier_or_404(dossier_id))


def _render(dossier, failed: tuple[str, object] | None = None, status: int = 200):
    """The dossier page, with one action form carrying its errors when it failed."""
    forms = {name: _form(name, dossier) for name in available_actions(dossier)}
    if failed is not None:
        forms[failed[0]] = failed[1]
    return render_template(
        "desk/dossier.html", dossier=dossier, status_enum=DossierStatus(dossier.status), forms=forms,
        actions=ACTIONS, failed=failed[0] if failed else None, timing=deadlines.timeliness(dossier),
        action_label=_action_text, slip_actions=SLIP_ACTIONS, confirm_actions=CONFIRM_ACTIONS,
        applicant_actions=APPLICANT_ACTIONS, acceptance=acceptance_clock(dossier, now_utc()),
        document_requests=queries.document_requests(dossier), receipt=receipts.stored_receipt(dossier),
        inline_types=INLINE_TYPES, approval=approval_panel(dossier),
        signature_checks=citizen_signatures.checks_for(dossier)), status


@bp.post("/<ward_slug>/can-bo/ho-so/<int:dossier_id>/xu-ly/<name>")
@staff_required(*DESK_ROLES)
def act(dossier_id, name):
    """Run one action on the dossier through its workflow function."""
    dossier = _dossier_or_404(dossier_id)
    if name not in ACTIONS:
        abort(404)
    form = _form(name, dossier, submitted=True)
    if form.validate_on_submit():
        try:
            ACTIONS[name].run(dossier, current_staff(), form)
        except workflow.DossierChanged as changed:
            db.session.rollback()
            flash(str(changed))
            return redirect(url_for("desk.dossier", dossier_id=dossier.id))
        except TransitionNotAllowed:
            db.session.rollback()
            flash(_("Hồ sơ đã thay đổi trạng thái, thao tác này không còn thực hiện được."))
            return redirect(url_for("desk.dossier", dossier_id=dossier.id))
        except WorkflowError as refused:
            db.session.rollback()
            form.form_errors.append(_(str(refused)))
            return _render(_dossier_or_404(dossier_id), (name, form), 400)
        flash(_("Đã ghi nhận: %(action)s.", action=_action_text(name)))
        return redirect(url_for("desk.dossier", dossier_id=dossier.id))
    return _render(dossier, (name, form), 400)


@bp.get("/<ward_slug>/can-bo/ho-so/<int:dossier_id>/tep/<int:file_id>")
@staff_required(*DESK_ROLES)
def view_file(dossier_id, file_id):
    """A file of the dossier: PDFs and images shown in the browser (the page's preview), others downloaded.

    Shown or downloaded, a file goes out with ``nosniff`` and a sandboxing CSP (file_storage.send_bytes), so
    a previewed PDF or image runs nothing in the portal's origin; PDFs with active content were refused at
    intake (kernel/pdf_safety.py). ``?tai=1`` always downloads.
    """
    dossier = _dossier_or_404(dossier_id)
    file = queries.file_of(dossier, file_id)
    if file is None:
        abort(404)
    return dossier_files.send_dossier_file(file, inline=file.content_type in INLINE_TYPES
                                           and not cleaned_args().get("tai"))


@bp.get("/<ward_slug>/can-bo/ho-so/<int:dossier_id>/phieu/<int:event_id>")
@staff_required(*DESK_ROLES)
def slip(dossier_id, event_id):
    """The signed slip an event issued (receipt, more documents, refusal, apology), to print or send.

    Issued and stored at the first download; every download serves that stored copy.
    """
    dossier = _dossier_or_404(dossier_id)
    event = db.session.get(DossierEvent, event_id)
    if event is None or event.dossier_id != dossier.id or event.action not in SLIP_ACTIONS:
        abort(404)
    row = stored_slip(event)
    if row is None:
        with writing():
            db.session.rollback()  # drop the read-only transaction; the next one may write
            row = issue_slip(_dossier_or_404(dossier_id), db.session.get(DossierEvent, event_id), public_base_url() or "")
    if row is None:
        abort(404)
    data = file_storage.read(file_storage.current_uploads(), row.stored_name)
    if hashlib.sha256(data).hexdigest() != row.sha256:
        abort(500)  # the stored slip changed on disk: never serve another document as the one issued
    return file_storage.send_bytes(data, "application/pdf", row.original_name, inline=True)
