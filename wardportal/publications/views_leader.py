"""The leader's side of documents waiting to be signed for publication: review, sign (then the ward's seal)
or return. The waiting documents are listed on the leader's approvals queue (`approvals.views_leader`)."""

from __future__ import annotations


from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from wardportal.approvals import drafts
from wardportal.approvals.enrolment import SignerRefused
from wardportal.approvals.forms import ApproveForm, ReturnForm
from wardportal.approvals.pdf_signatures import SigningRefused
from wardportal.approvals.views_leader import REFUSALS, signing_key
from wardportal.catalogue.editing import Actor
from wardportal.kernel import file_storage
from wardportal.kernel.extensions import db
from wardportal.kernel.request_facts import client_address
from wardportal.kernel.times import now_utc
from wardportal.publications import approval
from wardportal.publications.blueprint import bp
from wardportal.publications.media import read_pdf
from wardportal.staff.access import current_staff, staff_required


def _waiting_or_404(publication_id: int):
    """A document of ``g.ward`` waiting for a signature; anything else is not found."""
    pub = approval.waiting_document(g.ward, publication_id)
    if pub is None:
        abort(404)
    return pub


def _actor() -> Actor:
    """The signed-in leader, their address and the time."""
    return Actor(current_staff(), client_address(), now_utc())


def _render(pub, approve_form, return_form, status=200):
    """The review page: the PDF in a frame, the document's facts, sign or return."""
    return render_template(
        "publications/leader_review.html", pub=pub, approve_form=approve_form, return_form=return_form,
        profile=drafts.leader_profile(current_staff(), g.ward), scheduled=approval.scheduled_time(pub, now_utc()),
        token_configured=bool(current_app.config.get("PKCS11_MODULE_PATH")),
        failed=bool(approve_form.errors or approve_form.form_errors or return_form.errors)), status


@bp.get("/<ward_slug>/can-bo/phe-duyet/van-ban/<int:publication_id>")
@staff_required(drafts.LEADER_ROLE, personal_data=False)
def leader_review(publication_id):
    """One waiting document: read it, then sign it for publication or return it to the editors."""
    pub = _waiting_or_404(publication_id)
    return _render(pub, ApproveForm(formdata=None, sha256=pub.pdf_sha256), ReturnForm(formdata=None))


@bp.get("/<ward_slug>/can-bo/phe-duyet/van-ban/<int:publication_id>/tep.pdf")
@staff_required(drafts.LEADER_ROLE, personal_data=False)
def leader_pdf(publication_id):
    """The waiting document's PDF as stored, shown in the review page's frame."""
    pub = _waiting_or_404(publication_id)
    data = read_pdf(pub)
    if data is None:
        abort(404)
    return file_storage.send_bytes(data, "application/pdf",
                                   file_storage.download_name(pub.pdf_original_name, "application/pdf"), inline=True)


@bp.post("/<ward_slug>/can-bo/phe-duyet/van-ban/<int:publication_id>/ky")
@staff_required(drafts.LEADER_ROLE, personal_data=False)
def leader_sign(publication_id):
    """Sign the document (leader, then the ward's seal) and publish it at its time."""
    pub = _waiting_or_404(publication_id)
    form = ApproveForm()
    if not form.validate_on_submit():
        return _render(pub, form, ReturnForm(formdata=None), 400)
    key, problem = signing_key(form, drafts.leader_profile(current_staff(), g.ward))
    if problem:
        problem[0].errors = list(problem[0].errors) + [problem[1]]
        return _render(pub, form, ReturnForm(formdata=None), 400)
    title = pub.title
    try:
        approval.sign_document(pub, _actor(), expected_sha256=form.sha256.data, key=key)
    except SigningRefused as refused:
        db.session.rollback()
        form.form_errors.append(REFUSALS.get(str(refused), REFUSALS["token"])())
        return _render(_waiting_or_404(publication_id), form, ReturnForm(formdata=None), 400)
    except SignerRefused as refused:  # not an enrolled, valid certificate: the form stays, saying why
        db.session.rollback()
        form.form_errors.append(_(str(refused)))
        return _render(_waiting_or_404(publication_id), form, ReturnForm(formdata=None), 400)
    except approval.SigningError as refused:
        db.session.rollback()
        flash(_(str(refused)))
        return redirect(url_for("approvals.queue"))
    flash(_("Đã ký ban hành văn bản “%(title)s”.", title=title))
    return redirect(url_for("approvals.queue"))


@bp.post("/<ward_slug>/can-bo/phe-duyet/van-ban/<int:publication_id>/tra-lai")
@staff_required(drafts.LEADER_ROLE, personal_data=False)
def leader_return(publication_id):
    """Return the document to the editors with a reason; it becomes a draft again."""
    pub = _waiting_or_404(publication_id)
    form = ReturnForm()
    if not form.validate_on_submit():
        return _render(pub, ApproveForm(formdata=None, sha256=pub.pdf_sha256), form, 400)
    try:
        approval.return_document(pub, _actor(), form.reason.data)
    except approval.SigningError as refused:
        db.session.rollback()
        flash(_(str(refused)))
        return redirect(url_for("approvals.queue"))
    flash(_("Đã trả lại văn bản “%(title)s” cho người biên tập.", title=pub.title))
    return redirect(url_for("approvals.queue"))

