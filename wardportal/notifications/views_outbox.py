"""The outbox as staff see it: e-mails and SMS that failed or were given up, with retry and drop.

Ward admins see their ward's messages; province administrators see every ward's (and those whose dossier is
gone). Recipients are masked as in the log; the message text (which carries personal data) is never shown.
Retry and drop are audited in the message's ward.
"""

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l

from wardportal.kernel.extensions import db
from wardportal.kernel.request_facts import client_address
from wardportal.kernel.times import now_utc
from wardportal.notifications import outbox
from wardportal.notifications.forms import DropMessageForm
from wardportal.staff.access import current_staff, staff_required
from wardportal.staff.blueprint import bp
from wardportal.staff.forms import ConfirmForm

STATE_LABELS = {
    "due": _l("Chờ gửi"), "waiting": _l("Chờ đến lượt"), "sending": _l("Đang gửi"),
    "retrying": _l("Lỗi, sẽ gửi lại"), "dead": _l("Đã ngừng thử"), "sent": _l("Đã gửi"), "dropped": _l("Đã bỏ"),
}


def _page(ward, drop_form=None, drop_id=None, status_code=200):
    """The outbox page of a ward (or the whole install when ``ward`` is None)."""
    report = outbox.status(ward, now_utc())
    return render_template("staff/outbox.html", report=report, state_labels={k: str(v) for k, v in STATE_LABELS.items()},
                           state_of=outbox.state_of, masked=outbox.masked_recipient, now=now_utc(),
                           retry_form=ConfirmForm(), drop_form=drop_form,
                           drop_form_for=lambda message_id: drop_form if message_id == drop_id else
                           DropMessageForm(formdata=None, prefix=f"m{message_id}")), status_code


def _message_or_404(ward, message_id):
    try:
        return outbox.message_in(message_id, ward)
    except outbox.OutboxError:
        abort(404)


def _retry(ward, message_id, back):
    row = _message_or_404(ward, message_id)
    if ConfirmForm().validate_on_submit():
        try:
            outbox.retry(row, now_utc(), actor=current_staff(), ip_address=client_address())
        except outbox.OutboxError:
            db.session.rollback()
            flash(_("Tin này đã được gửi hoặc đã bỏ."))
        else:
            db.session.commit()
            flash(_("Tin %(id)s sẽ được gửi lại ở lượt tới.", id=row.id))
    return redirect(back)


def _drop(ward, message_id, back):
    row = _message_or_404(ward, message_id)
    form = DropMessageForm(prefix=f"m{row.id}")  # one form per row: prefixed ids stay unique on the page
    if not form.validate_on_submit():
        return _page(ward, form, row.id, 422)
    try:
        outbox.drop(row, form.reason.data, now_utc(), actor=current_staff(), ip_address=client_address())
    except outbox.OutboxError:
        db.session.rollback()
        flash(_("Tin này đã được gửi hoặc đã bỏ."))
        return redirect(back)
    db.session.commit()
    flash(_("Đã bỏ tin %(id)s; tin sẽ không được gửi.", id=row.id))
    return redirect(back)


@bp.get("/<ward_slug>/can-bo/thu-gui")
@staff_required("admin", province_admin=True)
def ward_outbox():
    """The ward's outbox: counts by state, failing and given-up messages."""
    return _page(g.ward)


@bp.post("/<ward_slug>/can-bo/thu-gui/<int:message_id>/gui-lai")
@staff_required("admin", province_admin=True)
def retry_ward_message(message_id):
    """Make one failing or given-up message of the ward due again."""
    return _retry(g.ward, message_id, url_for("staff.ward_outbox"))


@bp.post("/<ward_slug>/can-bo/thu-gui/<int:message_id>/bo")
@staff_required("admin", province_admin=True)
def drop_ward_message(message_id):
    """Never send one message of the ward (a reason is required)."""
    return _drop(g.ward, message_id, url_for("staff.ward_outbox"))


@bp.get("/can-bo/tinh/thu-gui")
@staff_required(province_admin=True)
def province_outbox():
    """Every ward's outbox, for province administrators."""
    return _page(None)


@bp.post("/can-bo/tinh/thu-gui/<int:message_id>/gui-lai")
@staff_required(province_admin=True)
def retry_message(message_id):
    """Make one failing or given-up message due again (any ward)."""
    return _retry(None, message_id, url_for("staff.province_outbox"))


@bp.post("/can-bo/tinh/thu-gui/<int:message_id>/bo")
@staff_required(province_admin=True)
def drop_message(message_id):
    """Never send one message (any ward; a reason is required)."""
    return _drop(None, message_id, url_for("staff.province_outbox"))
