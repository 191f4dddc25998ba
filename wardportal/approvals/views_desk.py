"""The officer's side, shown inside the desk's dossier page: draft a result and send it for approval.

The desk's dossier view passes `approval_panel(dossier)` (the panel's variables) to its template, which
includes ``approvals/_desk_panel.html`` with them; the page gets its data from the view, not from a global.
"""

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from wardportal.approvals import citizen_signatures, drafts, outgoing_numbers, result_documents
from wardportal.approvals.blueprint import bp
from wardportal.approvals.drafts import Actor, ApprovalError
from wardportal.approvals.forms import GenerateDraftForm, UploadDraftForm
from wardportal.dossiers import queries
from wardportal.dossiers.status import DossierAction, DossierStatus, TransitionNotAllowed, allowed_actions
from wardportal.dossiers.workflow import WorkflowError
from wardportal.kernel import file_storage
from wardportal.kernel.database import end_read_transaction
from wardportal.kernel.extensions import db
from wardportal.kernel.request_facts import client_address
from wardportal.kernel.times import now_utc
from wardportal.staff.access import current_staff, staff_required

DESK_ROLES = drafts.DRAFTER_ROLES


def approval_panel(dossier, upload_form=None, generate_form=None) -> dict:
    """The variables of the dossier page's approval section: drafts and their fate, the forms to send one."""
    user = current_staff()
    can_send = (user is not None and drafts.may_draft(user, dossier.ward_id)
                and DossierAction.MARK_READY in allowed_actions(DossierStatus(dossier.status)))
    generate_form = generate_form or GenerateDraftForm(
        formdata=None, title=result_documents.default_title(dossier), body=result_documents.default_body(dossier))
    upload_form = upload_form or UploadDraftForm(formdata=None)
    # Both forms have a "note" field and share the dossier page: their ids must differ (names stay "note").
    upload_form.note.id, generate_form.note.id = "upload-note", "generate-note"
    return dict(drafts=drafts.drafts_of(dossier), can_send=can_send, leaders=drafts.ward_leaders(dossier.ward),
                upload_form=upload_form, generate_form=generate_form,
                missing_forms=citizen_signatures.missing_signed_forms(dossier))


def _dossier_or_404(dossier_id: int):
    dossier = queries.dossier_in_ward(g.ward, dossier_id)
    if dossier is None:
        abort(404)
    return dossier


def _refused(dossier, message=None, upload_form=None, generate_form=None):
    """The drafting forms again, with the error and what was typed (the desk's page stays the desk's)."""
    db.session.rollback()
    dossier = _dossier_or_404(dossier.id)
    form = upload_form or generate_form
    if message:
        form.form_errors.append(message)
    return render_template("approvals/draft_refused.html", dossier=dossier, form=form,
                           approval=approval_panel(dossier, upload_form, generate_form)), 400


@bp.post("/<ward_slug>/can-bo/ho-so/<int:dossier_id>/du-thao")
@staff_required(*DESK_ROLES)
def upload_draft(dossier_id):
    """Send an uploaded PDF draft to the ward's leaders."""
    dossier = _dossier_or_404(dossier_id)
    form = UploadDraftForm()
    if not form.validate_on_submit():
        return _refused(dossier, upload_form=form)
    limit = current_app.config.get("MAX_FILE_BYTES", 10 * 1024 * 1024)
    data = form.draft.data.stream.read(limit + 1)
    if len(data) > limit:
        return _refused(dossier, _("Tệp dự thảo quá lớn."), upload_form=form)
    return _send(dossier, form, pdf=data, filename=form.draft.data.filename or "du-thao.pdf", origin="upload")


@bp.post("/<ward_slug>/can-bo/ho-so/<int:dossier_id>/du-thao/soan")
@staff_required(*DESK_ROLES)
def generate_draft(dossier_id):
    """Generate the draft from the procedure's template and the officer's text, number it, and send it."""
    dossier = _dossier_or_404(dossier_id)
    form = GenerateDraftForm()
    refused = _unsendable(dossier, form)  # before the result takes a number from the register
    if refused is not None:
        return refused
    number = outgoing_numbers.take_number(dossier, now_utc())  # commits: short write transaction
    pdf = _rendered(dossier, form, number)
    return _send(dossier, form, pdf=pdf, filename=f"du-thao-{dossier.code}.pdf", origin="template")


@bp.post("/<ward_slug>/can-bo/ho-so/<int:dossier_id>/du-thao/xem-truoc")
@staff_required(*DESK_ROLES)
def preview_draft(dossier_id):
    """The PDF that "Soạn và trình" would send now, byte for byte, without taking a number or storing it."""
    dossier = _dossier_or_404(dossier_id)
    form = GenerateDraftForm()
    refused = _unsendable(dossier, form)
    if refused is not None:
        return refused
    pdf = _rendered(dossier, form, outgoing_numbers.expected_number(dossier, now_utc()))
    return file_storage.send_bytes(pdf, "application/pdf", f"du-thao-{dossier.code}.pdf", inline=True)


def _unsendable(dossier, form):
    """The answer refusing a generated draft (the form's errors, or why the dossier cannot take one), or None."""
    if not form.validate_on_submit():
        return _refused(dossier, generate_form=form)
    try:
        drafts.check_sendable(dossier, current_staff())
    except TransitionNotAllowed:
        return _changed(dossier)
    except ApprovalError as refused:
        return _refused(dossier, _(str(refused)), generate_form=form)
    return None


def _rendered(dossier, form, number) -> bytes:
    """The generated draft: its content read, the transaction ended, then drawn (no lock held meanwhile)."""
    content = result_documents.result_content(dossier, title=form.title.data, body=form.body.data, number=number)
    end_read_transaction()
    return result_documents.render_result(content)


def _changed(dossier):
    """The dossier moved on meanwhile: back to its page with a note."""
    db.session.rollback()
    flash(_("Hồ sơ đã thay đổi trạng thái, thao tác này không còn thực hiện được."))
    return redirect(url_for("desk.dossier", dossier_id=dossier.id))


def _send(dossier, form, *, pdf: bytes, filename: str, origin: str):
    """Call the domain step and answer."""
    try:
        drafts.send_draft(dossier, Actor(current_staff(), client_address()), pdf=pdf, filename=filename,
                          origin=origin, note=form.note.data or "")
    except TransitionNotAllowed:
        return _changed(dossier)
    except (ApprovalError, WorkflowError) as refused:
        kwargs = {"upload_form": form} if origin == "upload" else {"generate_form": form}
        return _refused(dossier, _(str(refused)), **kwargs)
    flash(_("Đã trình lãnh đạo phê duyệt dự thảo kết quả."))
    return redirect(url_for("desk.dossier", dossier_id=dossier.id))
