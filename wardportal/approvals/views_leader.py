"""The leader's side: the queue of drafts awaiting approval, one draft beside its dossier, approve or return."""

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from wardportal.approvals import citizen_signatures, drafts
from wardportal.approvals.blueprint import bp
from wardportal.approvals.drafts import Actor, ApprovalError
from wardportal.approvals.enrolment import SignerRefused
from wardportal.approvals.forms import ApproveForm, ReturnForm
from wardportal.approvals.pdf_signatures import FileKey, SigningRefused, TokenKey
from wardportal.approvals.signals import queue_sections
from wardportal.dossiers import deadlines, files as dossier_files, workflow
from wardportal.dossiers.status import TransitionNotAllowed
from wardportal.dossiers.workflow import WorkflowError
from wardportal.kernel.extensions import db
from wardportal.kernel.request_facts import client_address
from wardportal.kernel.text_input import cleaned_args
from wardportal.staff.access import current_staff, staff_required

MAX_PKCS12_BYTES = 64 * 1024
REFUSALS = {
    "pin": lambda: _("Mã PIN không đúng. Lưu ý: nhập sai nhiều lần sẽ khóa thiết bị ký số."),
    "locked": lambda: _("Mã PIN của thiết bị ký số đã bị khóa hoặc hết hạn."),
    "token": lambda: _("Không tìm thấy thiết bị ký số hoặc khóa ký trên thiết bị. Kiểm tra nhãn thiết bị trong "
                       "hồ sơ chữ ký của bạn."),
    "pkcs12": lambda: _("Không mở được tệp .p12: sai mật khẩu hoặc tệp không hợp lệ."),
    "tsa": lambda: _("Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian; thử lại sau."),
    "changed": lambda: _("Khóa dùng để ký không còn là chứng thư số vừa kiểm tra (thiết bị hoặc tệp đã đổi); "
                         "không ký. Hãy thử lại."),
}



def _draft_or_404(draft_id: int):
    """A draft of this ward; another ward's is not found."""
    draft = drafts.draft_in_ward(g.ward, draft_id)
    if draft is None:
        abort(404)
    return draft


@bp.get("/<ward_slug>/can-bo/phe-duyet/")
@staff_required(drafts.LEADER_ROLE)
def queue():
    """Drafts awaiting a leader of this ward, with their dossiers' deadlines; then documents to sign."""
    pending = drafts.pending_drafts(g.ward)
    return render_template("approvals/queue.html", pending=pending, timing=deadlines.timeliness,
                           **queue_sections(g.ward))


@bp.get("/<ward_slug>/can-bo/phe-duyet/<int:draft_id>")
@staff_required(drafts.LEADER_ROLE)
def review(draft_id):
    """One draft beside its dossier: details, files (with citizens' signatures), history; approve or return."""
    draft = _draft_or_404(draft_id)
    return _render(draft, ApproveForm(formdata=None, sha256=draft.sha256), ReturnForm(formdata=None))


def _render(draft, approve_form, return_form, status=200):
    """The review page."""
    dossier = draft.dossier
    profile = drafts.leader_profile(current_staff(), g.ward)
    return render_template(
        "approvals/review.html", draft=draft, dossier=dossier, approve_form=approve_form, return_form=return_form,
        profile=profile, timing=deadlines.timeliness(dossier), checks=citizen_signatures.checks_for(dossier),
        action_label=workflow.action_label, token_configured=bool(current_app.config.get("PKCS11_MODULE_PATH")),
        failed=bool(approve_form.errors or approve_form.form_errors or return_form.errors)), status


def signing_key(form, profile):
    """The signing key the form names (token with PIN, or PKCS#12 bytes); error text when incomplete."""
    if form.method.data == "pkcs12":
        upload = form.pkcs12.data
        data = upload.stream.read(MAX_PKCS12_BYTES + 1) if upload else b""
        if not data or len(data) > MAX_PKCS12_BYTES:
            return None, (form.pkcs12, _("Chọn tệp .p12 (tối đa 64 KB)."))
        return FileKey(data, (form.passphrase.data or "").encode()), None
    module = current_app.config.get("PKCS11_MODULE_PATH")
    if not module:
        return None, (form.method, _("Máy chủ chưa được cấu hình thư viện thiết bị ký số (PKCS#11)."))
    if profile is None or not profile.token_label or not profile.key_label:
        return None, (form.method, _("Bạn chưa khai báo nhãn thiết bị ký số trong hồ sơ chữ ký."))
    if not form.pin.data:
        return None, (form.pin, _("Nhập mã PIN."))
    return TokenKey(module, profile.token_label, profile.key_label, form.pin.data), None


@bp.post("/<ward_slug>/can-bo/phe-duyet/<int:draft_id>/ky")
@staff_required(drafts.LEADER_ROLE)
def approve(draft_id):
    """Sign the draft (leader, then the ward's seal) and make it the dossier's result."""
    draft = _draft_or_404(draft_id)
    form = ApproveForm()
    if not form.validate_on_submit():
        return _render(draft, form, ReturnForm(formdata=None), 400)
    key, problem = signing_key(form, drafts.leader_profile(current_staff(), g.ward))
    if problem:
        problem[0].errors = list(problem[0].errors) + [problem[1]]
        return _render(draft, form, ReturnForm(formdata=None), 400)
    try:
        drafts.approve_draft(draft, Actor(current_staff(), client_address()), expected_sha256=form.sha256.data, key=key)
    except SigningRefused as refused:
        db.session.rollback()
        form.form_errors.append(REFUSALS.get(str(refused), REFUSALS["token"])())
        return _render(drafts.draft_in_ward(g.ward, draft_id), form, ReturnForm(formdata=None), 400)
    except SignerRefused as refused:  # not an enrolled, valid certificate: the form stays, saying why
        db.session.rollback()
        form.form_errors.append(_(str(refused)))
        return _render(drafts.draft_in_ward(g.ward, draft_id), form, ReturnForm(formdata=None), 400)
    except (ApprovalError, WorkflowError, TransitionNotAllowed) as refused:
        db.session.rollback()
        flash(_("Hồ sơ đã thay đổi trạng thái, thao tác này không còn thực hiện được.")
              if isinstance(refused, TransitionNotAllowed) else _(str(refused)))
        return redirect(url_for("approvals.queue"))
    flash(_("Đã phê duyệt và ký số kết quả hồ sơ %(code)s.", code=draft.dossier.code))
    return redirect(url_for("approvals.queue"))


@bp.post("/<ward_slug>/can-bo/phe-duyet/<int:draft_id>/tra-lai")
@staff_required(drafts.LEADER_ROLE)
def send_back(draft_id):
    """Return the draft to the officer with a reason."""
    draft = _draft_or_404(draft_id)
    form = ReturnForm()
    if not form.validate_on_submit():
        return _render(draft, ApproveForm(formdata=None, sha256=draft.sha256), form, 400)
    try:
        drafts.return_draft(draft, Actor(current_staff(), client_address()), reason=form.reason.data)
    except (ApprovalError, TransitionNotAllowed) as refused:
        db.session.rollback()
        flash(_(str(refused)) if isinstance(refused, ApprovalError) else
              _("Hồ sơ đã thay đổi trạng thái, thao tác này không còn thực hiện được."))
        return redirect(url_for("approvals.queue"))
    flash(_("Đã trả lại dự thảo hồ sơ %(code)s cho cán bộ xử lý.", code=draft.dossier.code))
    return redirect(url_for("approvals.queue"))


@bp.get("/<ward_slug>/can-bo/phe-duyet/<int:draft_id>/tep/<int:file_id>")
@staff_required(drafts.LEADER_ROLE)
def view_file(draft_id, file_id):
    """A file of the draft's dossier, for the leader reading it (PDFs shown in the browser)."""
    draft = _draft_or_404(draft_id)
    file = next((f for f in draft.dossier.files if f.id == file_id), None)
    if file is None:
        abort(404)
    # PDFs and images are previewed in the review page (sandboxed like every file, see file_storage.send_bytes)
    return dossier_files.send_dossier_file(file, inline=file.content_type in dossier_files.PREVIEWED_TYPES
                                           and not cleaned_args().get("tai"))
