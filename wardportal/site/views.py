"""Public pages: ward list, ward home, fields, procedure guides, form downloads, contacts."""

from flask import abort, current_app, g, redirect, render_template, request, url_for

from wardportal.catalogue import queries as catalogue
from wardportal.dossiers.processing_time import observed_time
from wardportal.kernel import file_storage
from wardportal.kernel.i18n import LANGUAGE_COOKIE
from wardportal.kernel.request_args import local_target
from wardportal.kernel.text_input import cleaned_args
from wardportal.kernel.times import now_utc
from wardportal.publications.queries import latest_notices
from wardportal.site.blueprint import bp
from wardportal.staff.wards import all_wards


@bp.get("/")
def list_wards():
    """The wards this install serves; straight to the ward when there is only one."""
    wards = all_wards()
    if len(wards) == 1:
        return redirect(url_for("site.ward_home", ward_slug=wards[0].slug))
    return render_template("site/wards.html", wards=wards)


@bp.get("/<ward_slug>/")
def ward_home():
    """The ward's home page: contact details, most used procedures, fields and the search box."""
    return render_template("site/home.html", popular=catalogue.popular_procedures(g.ward),
                           fields=catalogue.fields_of(g.ward), notices=latest_notices(g.ward, now_utc()))


@bp.get("/<ward_slug>/thu-tuc/")
def list_procedures():
    """Every published procedure guide of the ward, grouped by field."""
    return render_template("site/procedures.html", procedures=catalogue.published_procedures(g.ward),
                           fields=catalogue.fields_of(g.ward))


@bp.get("/<ward_slug>/linh-vuc/<field_slug>")
def field_procedures(field_slug):
    """The guides of one field (lĩnh vực)."""
    procedures = catalogue.procedures_in_field(g.ward, field_slug)
    if not procedures:
        abort(404)
    return render_template("site/field.html", procedures=procedures, field_name=procedures[0].field)


@bp.get("/<ward_slug>/thu-tuc/<code>")
def procedure_guide(code):
    """One procedure guide: what to bring, what it costs, how long it takes, forms to download."""
    procedure = catalogue.procedure_by_code(g.ward, code)
    if procedure is None:
        abort(404)
    return render_template("site/procedure.html", procedure=procedure,
                           observed=observed_time(g.ward.id, procedure.code))


@bp.get("/<ward_slug>/thu-tuc/<code>/mau/<int:form_id>/<filename>")
def download_form(code, form_id, filename):
    """A blank form of a guide, served with its type and its file name."""
    procedure = catalogue.procedure_by_code(g.ward, code)
    form = catalogue.form_template(procedure, form_id) if procedure else None
    if form is None or form.filename != filename:
        abort(404)
    return file_storage.send_bytes(form.data, form.content_type, form.filename, etag=form.sha256, max_age=3600,
                                   private=False, last_modified=form.uploaded_at)


@bp.get("/<ward_slug>/danh-ba")
def contacts():
    """The officials who guide residents, with phone numbers to call."""
    return render_template("site/contacts.html", contacts=catalogue.contacts_of(g.ward))


@bp.get("/ngon-ngu/<lang>")
def switch_language(lang):
    """Remember the chosen language in a cookie and go back to the page the resident was on."""
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    # Only a path on this site: an absolute URL here would make the switch an open redirect.
    response = redirect(local_target(cleaned_args().get("next"), url_for("site.list_wards")))
    response.set_cookie(LANGUAGE_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                        secure=request.is_secure)
    return response
