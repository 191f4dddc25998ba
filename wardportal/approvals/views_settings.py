"""Signing set-up: a leader's title, token labels, signature image and enrolled certificates; the ward's seal
image; which procedures require the applicant's own signature on a declaration."""

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from wardportal.approvals import citizen_signatures, drafts, enrolment
from wardportal.approvals.blueprint import bp
from wardportal.approvals.drafts import ApprovalError
from wardportal.approvals.forms import EnrolForm, PlainActionForm, ProfileForm, SealForm, SignedFormsForm
from wardportal.approvals.pdf_signatures import MAX_IMAGE_BYTES
from wardportal.catalogue.models import Procedure
from wardportal.kernel import file_storage
from wardportal.kernel.extensions import db
from wardportal.kernel.request_facts import client_address
from wardportal.kernel.times import now_utc
from wardportal.staff import audit
from wardportal.staff.access import current_staff, staff_required


def _image(field) -> bytes | None:
    """The uploaded image's bytes (at most a little over the limit, which the domain then refuses)."""
    upload = field.data
    return upload.stream.read(MAX_IMAGE_BYTES + 1) if upload and getattr(upload, "filename", "") else None


@bp.route("/<ward_slug>/can-bo/chu-ky-so", methods=["GET", "POST"])
@staff_required(drafts.LEADER_ROLE, personal_data=False)
def profile():
    """The leader's signing profile in this ward."""
    me = current_staff()
    existing = drafts.leader_profile(me, g.ward)
    form = ProfileForm() if request.method == "POST" else ProfileForm(formdata=None, obj=existing)
    if form.validate_on_submit():
        try:
            drafts.save_profile(me, g.ward, title=form.title.data, token_label=form.token_label.data or "",
                                key_label=form.key_label.data or "", signature_png=_image(form.signature),
                                ip_address=client_address(), now=now_utc())
        except ApprovalError as refused:
            db.session.rollback()
            form.signature.errors = [_(str(refused))]
        else:
            flash(_("Đã lưu hồ sơ chữ ký số."))
            return redirect(url_for("approvals.profile"))
    return _profile_page(form, EnrolForm(formdata=None), existing)


def _profile_page(form, enrol_form, existing):
    """The signing profile: title, token labels and image; the leader's enrolled certificates."""
    status = 400 if form.errors or enrol_form.errors or enrol_form.form_errors else 200
    return render_template("approvals/profile.html", form=form, enrol_form=enrol_form, profile=existing,
                           enrolments=enrolment.enrolments_of(current_staff(), g.ward),
                           token_configured=bool(current_app.config.get("PKCS11_MODULE_PATH")),
                           withdraw_form=PlainActionForm(formdata=None)), status


def _enrolled_certificate(form, existing) -> bytes:
    """The DER certificate the enrolment form names (file, PKCS#12 or token); ApprovalError saying why not."""
    if form.source.data == "token":
        module = current_app.config.get("PKCS11_MODULE_PATH")
        if not module:
            raise ApprovalError(_l("Máy chủ chưa được cấu hình thư viện thiết bị ký số (PKCS#11)."))
        if existing is None or not existing.token_label or not existing.key_label:
            raise ApprovalError(_l("Bạn chưa khai báo nhãn thiết bị ký số trong hồ sơ chữ ký."))
        return enrolment.certificate_on_token(module, existing.token_label, existing.key_label)
    upload = form.certificate.data
    data = upload.stream.read(enrolment.MAX_CERTIFICATE_BYTES + 1) if upload and upload.filename else b""
    # the PKCS#12's private key lives only inside certificate_from_file; the passphrase goes no further
    return enrolment.certificate_from_file(data, form.passphrase.data or "")


@bp.post("/<ward_slug>/can-bo/chu-ky-so/chung-thu")
@staff_required(drafts.LEADER_ROLE, personal_data=False)
def enrol():
    """Enrol a signing certificate (public part only); a ward admin then confirms it."""
    me = current_staff()
    existing = drafts.leader_profile(me, g.ward)
    form = EnrolForm()
    if form.validate_on_submit():
        try:
            der = _enrolled_certificate(form, existing)
            enrolment.enrol(me, g.ward, der, ip_address=client_address(), now=now_utc())
        except ApprovalError as refused:
            db.session.rollback()
            (form.source if form.source.data == "token" else form.certificate).errors = [_(str(refused))]
        else:
            flash(_("Đã đăng ký chứng thư số; chờ quản trị của đơn vị xác nhận trước khi dùng để ký."))
            return redirect(url_for("approvals.profile"))
    return _profile_page(ProfileForm(formdata=None, obj=existing), form, existing)


@bp.post("/<ward_slug>/can-bo/chu-ky-so/chung-thu/<int:enrolment_id>/rut")
@staff_required(drafts.LEADER_ROLE, personal_data=False)
def withdraw(enrolment_id):
    """The leader takes back one of their enrolled certificates."""
    found = enrolment.enrolment_in_ward(g.ward, enrolment_id)
    if found is None or found.staff_id != current_staff().id:
        abort(404)
    if PlainActionForm().validate_on_submit():
        try:
            enrolment.withdraw(found, current_staff(), ip_address=client_address(), now=now_utc())
        except ApprovalError as refused:
            db.session.rollback()
            flash(_(str(refused)))
        else:
            flash(_("Đã rút chứng thư số; không dùng nó để ký được nữa."))
    return redirect(url_for("approvals.profile"))


@bp.route("/<ward_slug>/can-bo/con-dau", methods=["GET", "POST"])
@staff_required("admin")
def seal():
    """The ward's seal image, and the procedures whose declarations the applicant must sign."""
    form = SealForm()
    if form.validate_on_submit():
        try:
            drafts.save_seal(g.ward, current_staff(), _image(form.seal) or b"", ip_address=client_address(),
                             now=now_utc())
        except ApprovalError as refused:
            db.session.rollback()
            form.seal.errors = [_(str(refused))]
        else:
            flash(_("Đã lưu hình con dấu."))
            return redirect(url_for("approvals.seal"))
    procedures = db.session.scalars(db.select(Procedure).where(Procedure.ward_id == g.ward.id)
                                    .order_by(Procedure.title)).all()
    required = {p.id: citizen_signatures.required_signed_forms(p.id) for p in procedures}
    return render_template("approvals/seal.html", form=form, seal=drafts.ward_seal(g.ward),
                           procedures=procedures, required=required), (400 if form.errors else 200)


@bp.get("/<ward_slug>/can-bo/con-dau/hinh")
@staff_required("admin", drafts.LEADER_ROLE, personal_data=False)
def seal_image():
    """The seal image, for the settings page's preview."""
    seal = drafts.ward_seal(g.ward)
    if seal is None:
        abort(404)
    return file_storage.send_bytes(seal.seal_png, "image/png", "con-dau.png", inline=True)


@bp.route("/<ward_slug>/can-bo/con-dau/thu-tuc/<int:procedure_id>", methods=["GET", "POST"])
@staff_required("admin")
def signed_forms(procedure_id):
    """Choose which of a procedure's documents must carry the applicant's valid digital signature."""
    procedure = db.session.get(Procedure, procedure_id)
    if procedure is None or procedure.ward_id != g.ward.id:
        abort(404)
    form = SignedFormsForm() if request.method == "POST" else SignedFormsForm(
        formdata=None, documents=citizen_signatures.required_signed_forms(procedure.id))
    form.documents.choices = [SelectChoice(i, d.name) for i, d in enumerate(procedure.documents)]
    if form.validate_on_submit():
        citizen_signatures.set_required_signed_forms(procedure, form.documents.data or [])
        audit.record("approval.signed_forms_set", current_staff(), client_address(), now_utc(), g.ward,
                     target=procedure.code, details={"documents": sorted(form.documents.data or [])})
        db.session.commit()
        flash(_("Đã lưu yêu cầu chữ ký số của người nộp."))
        return redirect(url_for("approvals.seal"))
    return render_template("approvals/signed_forms.html", form=form, procedure=procedure)
