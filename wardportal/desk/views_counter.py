"""Counter registration: a dossier brought to the desk, with the same data and receipt as online ones."""

import secrets

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from wardportal.desk.blueprint import bp
from wardportal.desk.forms import CounterForm
from wardportal.dossiers import queries, receipts, submissions
from wardportal.kernel import file_storage
from wardportal.kernel.public_address import public_base_url
from wardportal.kernel.request_args import bounded_int
from wardportal.kernel.text_input import cleaned_values
from wardportal.staff.access import DESK_ROLES, current_staff, staff_required

APPLICANT_FIELDS = ("full_name", "citizen_id", "birth_date", "phone", "email", "address")


@bp.route("/<ward_slug>/can-bo/tiep-nhan", methods=["GET", "POST"])
@staff_required(*DESK_ROLES)
def register():
    """Register and receive a dossier at the counter, then issue its signed receipt."""
    form = CounterForm()
    procedures = queries.procedures_with_dossiers(g.ward)
    form.procedure.choices = [SelectChoice(0, _("— Chọn thủ tục —"))] + [
        SelectChoice(p.id, f"{p.code} – {p.title}") for p in procedures]
    chosen = bounded_int(cleaned_values().get("procedure"))
    procedure = next((p for p in procedures if p.id == chosen), None)
    if request.method == "GET":
        form.submission_key.data = secrets.token_urlsafe(24)
        if procedure is not None:
            form.procedure.data = procedure.id
        return render_template("desk/counter.html", form=form, procedure=procedure)
    if procedure is None:
        abort(400)
    if form.validate_on_submit():
        me = current_staff()
        applicant = {name: getattr(form, name).data or "" for name in APPLICANT_FIELDS}
        files = [(index, upload.stream, upload.filename)
                 for index in range(len(procedure.documents))
                 if (upload := request.files.get(f"doc-{index}")) is not None and upload.filename]
        try:
            dossier = submissions.register_counter_dossier(
                g.ward, procedure, applicant, files, officer=me, delivery_method=form.delivery_method.data,
                submission_key=form.submission_key.data or None)
        except submissions.SubmissionRefused as refused:
            for key, message in refused.errors.items():
                target = getattr(form, key, None) if key in APPLICANT_FIELDS + ("delivery_method",) else None
                (target.errors if target is not None else form.form_errors).append(str(message))
        except file_storage.FileRefused as refused:
            form.form_errors.append(str(refused.message))
        else:
            receipts.issue_receipt(dossier, public_base_url() or "", me.full_name)
            flash(_("Đã tiếp nhận hồ sơ %(code)s và cấp phiếu tiếp nhận.", code=dossier.code))
            return redirect(url_for("desk.dossier", dossier_id=dossier.id))
    return render_template("desk/counter.html", form=form, procedure=procedure), 400
