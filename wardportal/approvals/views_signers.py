"""Who may sign: a ward admin confirms or refuses the leaders' enrolled certificates; the province
administrator keeps the trust list (the CA roots whose certificates the portal accepts) and sees, one line
each, why results would not verify."""

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from wardportal.approvals import enrolment
from wardportal.approvals.blueprint import bp
from wardportal.approvals.drafts import ApprovalError
from wardportal.approvals.forms import EnrolmentDecisionForm, PlainActionForm, TrustRootForm
from wardportal.kernel import file_storage, signature_policy, trust_list
from wardportal.kernel.database import end_read_transaction
from wardportal.kernel.extensions import db
from wardportal.kernel.request_facts import client_address
from wardportal.kernel.times import now_utc
from wardportal.staff import audit
from wardportal.staff.access import current_staff, staff_required

MAX_ROOT_BYTES = 64 * 1024


# ---------------------------------------------------------------- the ward admin: leaders' certificates


@bp.get("/<ward_slug>/can-bo/chung-thu-lanh-dao")
@staff_required("admin", personal_data=False)
def leader_certificates():
    """The ward's leaders' enrolled certificates, those waiting first, with confirm and refuse buttons."""
    return _certificates_page(EnrolmentDecisionForm(formdata=None))


def _certificates_page(form, failed_id=None, status=200):
    enrolments = sorted(enrolment.ward_enrolments(g.ward), key=lambda e: e.state != "pending")
    end_read_transaction()  # path validation below holds no write lock (a refused POST renders this too)
    context = signature_policy.current_context()
    problems = {e.id: signature_policy.certificate_problem(e.certificate_der, context)
                for e in enrolments if e.state in ("pending", "confirmed")}
    return render_template("approvals/leader_certificates.html", enrolments=enrolments, problems=problems,
                           form=form, failed_id=failed_id, same_name=signature_policy.same_person_name), status


def _enrolment_or_404(enrolment_id):
    found = enrolment.enrolment_in_ward(g.ward, enrolment_id)
    if found is None:
        abort(404)
    return found


@bp.post("/<ward_slug>/can-bo/chung-thu-lanh-dao/<int:enrolment_id>/xac-nhan")
@staff_required("admin", personal_data=False)
def confirm_certificate(enrolment_id):
    """Confirm that the certificate is the leader's: from now on they may sign with it."""
    found = _enrolment_or_404(enrolment_id)
    form = EnrolmentDecisionForm()
    if not form.validate_on_submit():
        return _certificates_page(form, found.id, 400)
    try:
        enrolment.confirm(found, current_staff(), ip_address=client_address(), now=now_utc())
    except ApprovalError as refused:
        db.session.rollback()
        flash(_(str(refused)))
    else:
        flash(_("Đã xác nhận chứng thư số của %(name)s.", name=found.staff.full_name))
    return redirect(url_for("approvals.leader_certificates"))


@bp.post("/<ward_slug>/can-bo/chung-thu-lanh-dao/<int:enrolment_id>/tu-choi")
@staff_required("admin", personal_data=False)
def refuse_certificate(enrolment_id):
    """Refuse (or revoke a confirmed) enrolment; the leader sees the reason on their profile."""
    found = _enrolment_or_404(enrolment_id)
    form = EnrolmentDecisionForm()
    if not form.validate_on_submit():
        return _certificates_page(form, found.id, 400)
    try:
        enrolment.refuse(found, current_staff(), reason=form.reason.data or "", ip_address=client_address(),
                         now=now_utc())
    except ApprovalError as refused:
        db.session.rollback()
        flash(_(str(refused)))
    else:
        flash(_("Đã từ chối chứng thư số của %(name)s.", name=found.staff.full_name))
    return redirect(url_for("approvals.leader_certificates"))


# ---------------------------------------------------------------- the province: the trust list


def _setting_roots():
    return current_app.config.get("SIGNATURE_TRUST_ROOTS") or ()


@bp.route("/can-bo/tinh/goc-tin-cay", methods=["GET", "POST"])
@staff_required(province_admin=True)
def trust_roots():
    """The trust list with each root's source, subject, fingerprint and expiry; add a CA certificate."""
    form = TrustRootForm()
    if request.method == "POST" and form.validate_on_submit():
        upload = form.root.data
        data = upload.stream.read(MAX_ROOT_BYTES + 1)
        try:
            if len(data) > MAX_ROOT_BYTES:
                raise trust_list.RootRefused(_("Tệp quá lớn cho một chứng thư số (tối đa 64 KB)."))
            root = trust_list.add_root(file_storage.files_root(), data, now_utc())
        except trust_list.RootRefused as refused:
            form.root.errors = [str(refused)]
        else:
            audit.record("trust.root_added", current_staff(), client_address(), now_utc(),
                         target=root.fingerprint[:64], details={"subject": root.subject[:300]})
            db.session.commit()
            flash(_("Đã thêm “%(subject)s” vào danh sách gốc tin cậy.", subject=root.subject))
            return redirect(url_for("approvals.trust_roots"))
    roots = trust_list.listed(file_storage.files_root(), _setting_roots())
    return render_template("approvals/trust_roots.html", form=form, roots=roots, now=now_utc(),
                           warnings=enrolment.trust_warnings(_setting_roots()),
                           remove_form=PlainActionForm(formdata=None)), (400 if form.errors else 200)


@bp.post("/can-bo/tinh/goc-tin-cay/<fingerprint>/xoa")
@staff_required(province_admin=True)
def remove_trust_root(fingerprint):
    """Take an added root off the trust list (roots from the install or the settings are not removed here)."""
    if not PlainActionForm().validate_on_submit():
        return redirect(url_for("approvals.trust_roots"))
    if trust_list.remove_root(file_storage.files_root(), fingerprint):
        audit.record("trust.root_removed", current_staff(), client_address(), now_utc(), target=fingerprint[:64])
        db.session.commit()
        flash(_("Đã bỏ chứng thư gốc khỏi danh sách tin cậy."))
    else:
        flash(_("Không có chứng thư gốc đã thêm nào như vậy."))
    return redirect(url_for("approvals.trust_roots"))
