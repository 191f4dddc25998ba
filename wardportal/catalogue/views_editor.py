"""The ward's staff pages for guides, contacts and ward details (editors; ward details also admins)."""

from types import SimpleNamespace

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from jinja2_fragments.flask import render_block

from wardportal.catalogue import editing, guide_checks, guide_drafts, revision_words
from wardportal.catalogue.forms import ContactForm, FormTemplateForm, ProcedureForm, PublishForm, WardDetailsForm
from wardportal.catalogue.guide_revisions import revision_differences
from wardportal.kernel import file_storage
from wardportal.kernel.extensions import db, htmx
from wardportal.kernel.markdown_text import render_markdown
from wardportal.kernel.request_facts import client_address
from wardportal.kernel.text_input import cleaned_form
from wardportal.kernel.times import local_day, now_utc
from wardportal.staff.access import current_staff, staff_required
from wardportal.staff.audit_labels import field_labels
from wardportal.staff.blueprint import bp
from wardportal.staff.forms import ConfirmForm

EDITING_MESSAGES = {
    "code_taken": _l("Phường, xã đã có thủ tục mang mã này."),
    "not_published": _l("Thủ tục đang là bản nháp."),
    "empty_file": _l("Tệp trống."),
    "too_large": _l("Tệp quá lớn."),
    "wrong_type": _l("Chỉ nhận tệp PDF, DOC, DOCX hoặc ODT; nội dung tệp này không phải một trong các loại đó."),
    "pdf_active": _l("Biểu mẫu PDF có mã chạy tự động, tệp đính kèm hoặc lệnh mở tệp, chương trình khác nên không "
                     "được nhận. Hãy in lại biểu mẫu ra PDF rồi tải lên."),
    "pdf_encrypted": _l("Biểu mẫu PDF có mật khẩu hoặc bị mã hóa. Hãy lưu lại bản không mật khẩu rồi tải lên."),
    "pdf_broken": _l("Biểu mẫu PDF bị hỏng, không đọc được."),
    "macros": _l("Biểu mẫu có macro, mã lệnh hoặc điều khiển ActiveX nên không được nhận. Hãy lưu lại dưới dạng "
                 "DOCX hoặc ODT thông thường (không macro) rồi tải lên."),
    "document_broken": _l("Tệp biểu mẫu bị hỏng, không đọc được."),
    "no_such_form": _l("Không tìm thấy biểu mẫu."),
    "nothing_to_restore": _l("Bản nháp đã giống phiên bản này; không có gì để khôi phục."),
}
PREVIEW_FIELDS = ("steps", "requirements", "legal_basis")


def _actor() -> editing.Actor:
    """The signed-in staff member, their address and the time, for revisions and the audit log."""
    return editing.Actor(current_staff(), client_address(), now_utc())


def _procedure_or_404(procedure_id: int):
    """A guide of ``g.ward`` (another ward's guide is a 404)."""
    procedure = editing.ward_procedure(g.ward, procedure_id)
    if procedure is None:
        abort(404)
    return procedure


def _message(code: str) -> str:
    """The Vietnamese sentence for an editing rule."""
    if code == "too_large":
        limit = current_app.config["MAX_FORM_TEMPLATE_BYTES"] // (1024 * 1024)
        return _("Tệp quá lớn: tối đa %(mb)s MB.", mb=limit)
    return str(EDITING_MESSAGES.get(code, code))


@bp.get("/<ward_slug>/can-bo/thu-tuc/")
@staff_required("editor", "admin", personal_data=False)
def procedures():
    """Every guide of the ward, drafts first-class."""
    guides = editing.ward_procedures(g.ward)
    return render_template("staff/procedures.html", procedures=guides,
                           drafts=guide_drafts.drafts_by_procedure([p.id for p in guides]))


def _as_object(content: dict) -> SimpleNamespace:
    """Draft content with attribute access, for filling the edit form and rendering the preview."""
    return SimpleNamespace(**{**content, "documents": [SimpleNamespace(**d) for d in content.get("documents", [])]})


def _edit_page(form: ProcedureForm, procedure=None, preview=None, status=200):
    """The edit page, or only its documents or preview block for htmx requests aimed at them."""
    warnings = guide_checks.submission_warnings(form.where_to_submit.data, form.steps.data, form.online_level.data)
    context = dict(form=form, procedure=procedure, preview=preview, upload_form=FormTemplateForm(prefix="upload"),
                   warnings=warnings,
                   publish_form=PublishForm(formdata=None, effective_date=local_day(now_utc())),
                   confirm_form=ConfirmForm(),
                   draft=guide_drafts.pending_draft(procedure) if procedure is not None else None)
    # The button pressed says which part the htmx request wants back; without htmx, the whole page.
    block = None
    if htmx and "add_document" in cleaned_form():
        block = "documents"
    elif htmx and "preview" in cleaned_form():
        block = "preview"
    if block:
        return render_block("staff/procedure_edit.html", block, **context), status
    return render_template("staff/procedure_edit.html", **context), status


def _handle_procedure_form(procedure=None):
    """Shared by new and edit: add a document row, preview, or save (new guides start as drafts)."""
    # A published guide is edited through its draft: the form shows the pending text, not the public one.
    content = guide_drafts.working_content(procedure) if procedure else None
    form = ProcedureForm(obj=_as_object(content) if content else None,
                         **ProcedureForm.fee_data(content.get("fee_schedule") if content else None))
    if request.method == "POST" and "add_document" in cleaned_form():
        # Nothing is saved: the page comes back with what was typed plus one empty row.
        if len(form.documents) < form.documents.max_entries:
            form.documents.append_entry()
        return _edit_page(form, procedure)
    if request.method == "POST" and "preview" in cleaned_form():
        preview = {name: render_markdown(form[name].data) for name in PREVIEW_FIELDS}
        return _edit_page(form, procedure, preview=preview)
    if form.validate_on_submit():
        try:
            procedure, revision = editing.save_procedure(g.ward, procedure, form.values(), form.document_rows(),
                                                         _actor())
        except editing.EditingError as exc:
            db.session.rollback()
            form.code.errors.append(_message(exc.code))
        else:
            if revision is None:
                flash(_("Không có thay đổi nào để lưu."))
            elif revision.action == "draft_saved":
                flash(_("Đã lưu bản nháp (phiên bản %(n)s). Trang công khai chưa thay đổi cho đến khi bạn "
                        "công bố.", n=revision.number))
            else:
                flash(_("Đã lưu thủ tục (phiên bản %(n)s).", n=revision.number))
            return redirect(url_for("staff.edit_procedure", procedure_id=procedure.id))
    return _edit_page(form, procedure, status=422 if form.errors else 200)


@bp.route("/<ward_slug>/can-bo/thu-tuc/moi", methods=["GET", "POST"])
@staff_required("editor", "admin", personal_data=False)
def new_procedure():
    """Write a new guide; it stays a draft until published."""
    return _handle_procedure_form()


@bp.route("/<ward_slug>/can-bo/thu-tuc/<int:procedure_id>/sua", methods=["GET", "POST"])
@staff_required("editor", "admin", personal_data=False)
def edit_procedure(procedure_id):
    """Edit every field of a guide and its documents list."""
    return _handle_procedure_form(_procedure_or_404(procedure_id))


@bp.get("/<ward_slug>/can-bo/thu-tuc/<int:procedure_id>/xem-truoc")
@staff_required("editor", "admin", personal_data=False)
def preview_procedure(procedure_id):
    """The guide as residents will see it once its pending changes are published, with sanitised Markdown."""
    procedure = _procedure_or_404(procedure_id)
    draft = guide_drafts.pending_draft(procedure)
    shown = procedure
    if draft is not None:
        shown = _as_object(draft.content)
        shown.id, shown.forms, shown.updated_at = procedure.id, procedure.forms, draft.updated_at
        shown.accepts_online = shown.online_level in ("full", "partial")
        shown.html = lambda name: render_markdown(getattr(shown, name, ""))  # a draft has no stored HTML
        shown.is_published = procedure.is_published
    return render_template("staff/procedure_preview.html", procedure=shown, draft=draft)


@bp.post("/<ward_slug>/can-bo/thu-tuc/<int:procedure_id>/cong-bo")
@staff_required("editor", "admin", personal_data=False)
def publish_procedure(procedure_id):
    """Publish the guide with the date its content takes effect."""
    procedure = _procedure_or_404(procedure_id)
    form = PublishForm()
    if not form.validate_on_submit():
        flash(_("Nhập ngày có hiệu lực để công bố."))
    else:
        _revision, scheduled = editing.publish(procedure, form.effective_date.data, _actor())
        if scheduled:
            flash(_("Đã hẹn công bố: nội dung mới hiện cho người dân từ ngày %(d)s.",
                    d=form.effective_date.data.strftime("%d/%m/%Y")))
        else:
            flash(_("Đã công bố thủ tục."))
    return redirect(url_for("staff.edit_procedure", procedure_id=procedure.id))


@bp.post("/<ward_slug>/can-bo/thu-tuc/<int:procedure_id>/bo-ban-nhap")
@staff_required("editor", "admin", personal_data=False)
def discard_draft(procedure_id):
    """Throw away the guide's unpublished changes (and a scheduled publication)."""
    procedure = _procedure_or_404(procedure_id)
    if ConfirmForm().validate_on_submit() and guide_drafts.discard_draft(procedure, _actor()):
        flash(_("Đã bỏ bản nháp; người dân vẫn thấy nội dung đang công bố."))
    return redirect(url_for("staff.edit_procedure", procedure_id=procedure.id))


@bp.post("/<ward_slug>/can-bo/thu-tuc/<int:procedure_id>/ngung-cong-bo")
@staff_required("editor", "admin", personal_data=False)
def unpublish_procedure(procedure_id):
    """Take the guide off the public site."""
    procedure = _procedure_or_404(procedure_id)
    if ConfirmForm().validate_on_submit():
        try:
            editing.unpublish(procedure, _actor())
            flash(_("Đã ngừng công bố thủ tục; thủ tục trở thành bản nháp."))
        except editing.EditingError as exc:
            db.session.rollback()
            flash(_message(exc.code))
    return redirect(url_for("staff.edit_procedure", procedure_id=procedure.id))


@bp.post("/<ward_slug>/can-bo/thu-tuc/<int:procedure_id>/bieu-mau")
@staff_required("editor", "admin", personal_data=False)
def upload_form(procedure_id):
    """Attach a blank form; the type is judged by content and the size is limited."""
    procedure = _procedure_or_404(procedure_id)
    form = FormTemplateForm(prefix="upload")
    if form.validate_on_submit():
        upload = form.file.data
        limit = current_app.config["MAX_FORM_TEMPLATE_BYTES"]
        data = upload.stream.read(limit + 1)
        filename = _safe_filename(upload.filename or "bieu-mau")
        try:
            editing.add_form_template(procedure, form.title.data, filename, data, limit, _actor())
        except editing.EditingError as exc:
            db.session.rollback()
            form.file.errors.append(_message(exc.code))
        else:
            flash(_("Đã thêm biểu mẫu."))
            return redirect(url_for("staff.edit_procedure", procedure_id=procedure.id) + "#forms")
    context = dict(form=ProcedureForm(formdata=None, obj=_as_object(guide_drafts.working_content(procedure))),
                   procedure=procedure, preview=None, upload_form=form,
                   publish_form=PublishForm(formdata=None, effective_date=local_day(now_utc())),
                   confirm_form=ConfirmForm(), draft=guide_drafts.pending_draft(procedure))
    return render_template("staff/procedure_edit.html", **context), 422


def _safe_filename(name: str) -> str:
    """The uploaded name without any path, kept readable (Vietnamese letters allowed)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip().replace('"', "")
    return "".join(ch for ch in name if ch.isprintable())[:200] or "bieu-mau"


@bp.get("/<ward_slug>/can-bo/thu-tuc/<int:procedure_id>/bieu-mau/<int:form_id>")
@staff_required("editor", "admin", personal_data=False)
def download_form(procedure_id, form_id):
    """Download a form of a guide (drafts included) as staff."""
    procedure = _procedure_or_404(procedure_id)
    form = next((f for f in procedure.forms if f.id == form_id), None)
    if form is None:
        abort(404)
    return file_storage.send_bytes(form.data, form.content_type, form.filename)


@bp.post("/<ward_slug>/can-bo/thu-tuc/<int:procedure_id>/bieu-mau/<int:form_id>/xoa")
@staff_required("editor", "admin", personal_data=False)
def delete_form(procedure_id, form_id):
    """Remove a form from a guide."""
    procedure = _procedure_or_404(procedure_id)
    if ConfirmForm().validate_on_submit():
        try:
            editing.remove_form_template(procedure, form_id, _actor())
        except editing.EditingError:
            db.session.rollback()
            abort(404)
        flash(_("Đã xóa biểu mẫu."))
    return redirect(url_for("staff.edit_procedure", procedure_id=procedure.id) + "#forms")


@bp.get("/<ward_slug>/can-bo/thu-tuc/<int:procedure_id>/phien-ban/")
@staff_required("editor", "admin", personal_data=False)
def revisions(procedure_id):
    """Who changed the guide, when, and which fields."""
    procedure = _procedure_or_404(procedure_id)
    return render_template("staff/revisions.html", procedure=procedure, revisions=editing.revisions_of(procedure),
                           labels=field_labels())


@bp.get("/<ward_slug>/can-bo/thu-tuc/<int:procedure_id>/phien-ban/<int:number>")
@staff_required("editor", "admin", personal_data=False)
def revision(procedure_id, number):
    """One earlier revision in full, with the button to restore it."""
    procedure = _procedure_or_404(procedure_id)
    found = editing.revision_of(procedure, number)
    if found is None:
        abort(404)
    questions = found.snapshot.get("questions") or ()
    return render_template("staff/revision.html", procedure=procedure, revision=found, data=found.snapshot,
                           changes=revision_differences(procedure, found), labels=field_labels(),
                           confirm_form=ConfirmForm(), revision_date=revision_words.date_words,
                           document_words=lambda doc: revision_words.document_line(doc, questions),
                           question_lines=revision_words.question_lines(questions),
                           fee_lines=revision_words.fee_lines(found.snapshot.get("fee_schedule")))


@bp.post("/<ward_slug>/can-bo/thu-tuc/<int:procedure_id>/phien-ban/<int:number>/khoi-phuc")
@staff_required("editor", "admin", personal_data=False)
def restore_revision(procedure_id, number):
    """Bring back an earlier revision's content as a new revision."""
    procedure = _procedure_or_404(procedure_id)
    found = editing.revision_of(procedure, number)
    if found is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        try:
            restored = editing.restore_revision(procedure, found, _actor())
        except editing.EditingError as exc:
            db.session.rollback()
            flash(_message(exc.code))
        else:
            flash(_("Đã khôi phục nội dung phiên bản %(old)s thành phiên bản %(new)s.", old=number,
                    new=restored.number))
    return redirect(url_for("staff.edit_procedure", procedure_id=procedure.id))


@bp.get("/<ward_slug>/can-bo/danh-ba/")
@staff_required("editor", "admin", personal_data=False)
def contacts():
    """The contact directory as staff edit it."""
    return render_template("staff/contacts.html", contacts=list(g.ward.contacts), confirm_form=ConfirmForm())


@bp.route("/<ward_slug>/can-bo/danh-ba/moi", methods=["GET", "POST"], defaults={"contact_id": None})
@bp.route("/<ward_slug>/can-bo/danh-ba/<int:contact_id>", methods=["GET", "POST"])
@staff_required("editor", "admin", personal_data=False)
def edit_contact(contact_id):
    """Add or change an entry of the contact directory."""
    contact = editing.ward_contact(g.ward, contact_id) if contact_id is not None else None
    if contact_id is not None and contact is None:
        abort(404)
    form = ContactForm(obj=contact)
    if form.validate_on_submit():
        values = {name: (form[name].data.strip() if isinstance(form[name].data, str) else form[name].data or 0)
                  for name in editing.CONTACT_FIELDS}
        editing.save_contact(g.ward, contact, values, _actor())
        flash(_("Đã lưu danh bạ."))
        return redirect(url_for("staff.contacts"))
    return render_template("staff/contact_edit.html", form=form, contact=contact), 422 if form.errors else 200


@bp.post("/<ward_slug>/can-bo/danh-ba/<int:contact_id>/xoa")
@staff_required("editor", "admin", personal_data=False)
def delete_contact(contact_id):
    """Remove an entry of the contact directory."""
    contact = editing.ward_contact(g.ward, contact_id)
    if contact is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        editing.delete_contact(g.ward, contact, _actor())
        flash(_("Đã xóa khỏi danh bạ."))
    return redirect(url_for("staff.contacts"))


@bp.route("/<ward_slug>/can-bo/thong-tin", methods=["GET", "POST"])
@staff_required("editor", "admin", personal_data=False)
def ward_details():
    """The ward's address, hours, hotline, e-mail and the notice on its home page."""
    form = WardDetailsForm(obj=g.ward)
    if form.validate_on_submit():
        values = {name: (form[name].data or "").strip() for name in editing.WARD_FIELDS if name != "cutoff_time"}
        if form.cutoff_time.data is not None:
            values["cutoff_time"] = form.cutoff_time.data
        changed = editing.update_ward_details(g.ward, values, _actor())
        flash(_("Đã lưu thông tin phường, xã.") if changed else _("Không có thay đổi nào để lưu."))
        return redirect(url_for("staff.ward_details"))
    return render_template("staff/ward_details.html", form=form), 422 if form.errors else 200
