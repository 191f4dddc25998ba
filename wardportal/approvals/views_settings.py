"""Signing set-up: a leader's title, token labels and signature image; the ward's seal image; which
procedures require the applicant's own signature on a declaration."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from wardportal.approvals import citizen_signatures, drafts
from wardportal.approvals.blueprint import bp
from wardportal.approvals.drafts import ApprovalError
from wardportal.approvals.forms import ProfileForm, SealForm, SignedFormsForm
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
    status = 400 if form.errors else 200
    return render_template("approvals/profile.html", form=form, profile=existing), status


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
