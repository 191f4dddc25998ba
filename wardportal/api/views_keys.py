"""Ward admins create and revoke the API keys of client applications."""

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from wardportal.kernel.text_input import SafeForm
from wardportal.kernel.times import now_utc
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from wardportal.staff import audit
from wardportal.kernel.extensions import db
from wardportal.staff.access import current_staff, staff_required
from wardportal.kernel.request_facts import client_address
from wardportal.api.keys import client_of_ward, clients_of, create_client, revoke_client

bp = Blueprint("api_keys", __name__)


class ClientForm(SafeForm):
    """A new client application."""

    name = StringField(_l("Tên ứng dụng hoặc đơn vị sử dụng"),
                       validators=[DataRequired(_l("Nhập tên ứng dụng.")), Length(max=200)])


class RevokeForm(SafeForm):
    """CSRF-only confirmation."""


@bp.route("/<ward_slug>/can-bo/khoa-api/", methods=["GET", "POST"])
@staff_required("admin")
def key_list():
    """The ward's API clients; a new one shows its key once."""
    form = ClientForm()
    new_key = None
    if form.validate_on_submit():
        client, new_key = create_client(g.ward, form.name.data, now_utc())
        audit.record("api_key_created", current_staff(), client_address(), now_utc(), g.ward, target=client.name)
        db.session.commit()
        form = ClientForm(formdata=None)
    return render_template("api/keys.html", form=form, clients=clients_of(g.ward), new_key=new_key,
                           revoke_form=RevokeForm()), 400 if form.errors else 200


@bp.post("/<ward_slug>/can-bo/khoa-api/<int:client_id>/thu-hoi")
@staff_required("admin")
def revoke(client_id):
    """Revoke a key: it stops working at once."""
    client = client_of_ward(g.ward, client_id)
    if client is None:
        abort(404)
    if RevokeForm().validate_on_submit():
        revoke_client(client, now_utc())
        audit.record("api_key_revoked", current_staff(), client_address(), now_utc(), g.ward, target=client.name)
        db.session.commit()
        flash(_("Đã thu hồi khóa API."))
    return redirect(url_for("api_keys.key_list"))
