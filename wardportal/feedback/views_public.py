"""Residents' side: report a problem, follow it by its code, read the ward's public answers."""

from flask import current_app, g, redirect, render_template, url_for
from flask_babel import gettext as _

from wardportal.feedback.blueprint import bp
from wardportal.feedback.forms import STATUS_LABELS, LookupForm, ReportForm
from wardportal.feedback.intake import read_limited, store_photo, take_report
from wardportal.feedback.photos import PhotoRefused
from wardportal.feedback.reports import categories, category_by_code, public_reports, report_by_code
from wardportal.feedback.signals import report_taken
from wardportal.kernel.extensions import db, limiter
from wardportal.kernel.text_input import cleaned_args
from wardportal.kernel.times import now_utc


def _submit_limit() -> str:
    return current_app.config.get("FEEDBACK_RATE_LIMIT", "10 per hour; 30 per day")


@bp.app_template_global("feedback_status_label")
def feedback_status_label(status: str) -> str:
    """A report's status in the reader's language."""
    return str(STATUS_LABELS.get(status, status))


@bp.get("/<ward_slug>/phan-anh/")
def public_list():
    """The ward's answered reports and a way to find one's own by code."""
    lookup = LookupForm(cleaned_args())
    if cleaned_args().get("code") is not None and lookup.validate():
        report = report_by_code(g.ward, lookup.code.data)
        if report is not None:
            return redirect(url_for("feedback.report_page", code=report.tracking_code))
        lookup.code.errors.append(_("Không tìm thấy phản ánh có mã này."))
    return render_template("feedback/list.html", reports=public_reports(g.ward), lookup=lookup,
                           categories=categories(g.ward))


@bp.route("/<ward_slug>/phan-anh/gui", methods=["GET", "POST"])
@limiter.limit(_submit_limit, methods=["POST"])
def submit():
    """The report form: category, description, optional place and photo, optional contact details."""
    form = ReportForm()
    form.category.choices = [("", _("— Chọn lĩnh vực —"))] + [(c.code, c.name) for c in categories(g.ward)]
    if form.validate_on_submit():
        upload = form.photo.data
        data = read_limited(upload.stream, current_app.config.get("MAX_FILE_BYTES", 10 * 1024 * 1024)) \
            if upload and upload.filename else None
        try:
            # decoded before the report's transaction: the photo's CPU time holds no write lock
            photo = store_photo(data) if data else None
        except PhotoRefused as refused:
            form.photo.errors.append(str(refused))
            return render_template("feedback/submit.html", form=form), 400
        category = category_by_code(g.ward, form.category.data)
        if category is None:
            db.session.rollback()  # the photo stored above goes with it
            form.category.errors.append(_("Chọn lĩnh vực phản ánh."))
        else:
            report = take_report(
                g.ward, category, form.description.data, now=now_utc(), photo=photo,
                address_text=form.address_text.data or "",
                latitude=float(form.latitude.data) if form.latitude.data is not None else None,
                longitude=float(form.longitude.data) if form.longitude.data is not None else None,
                reporter_name=form.reporter_name.data or "", reporter_phone=form.reporter_phone.data or "",
                reporter_email=form.reporter_email.data or "")
            report_taken.send(report, report=report)
            code = report.tracking_code
            db.session.commit()
            return redirect(url_for("feedback.report_page", code=code, moi=1))
    return render_template("feedback/submit.html", form=form), 400 if form.errors else 200


@bp.get("/<ward_slug>/phan-anh/<code>")
def report_page(code):
    """One report by its code: status, the question and the ward's answer; never the reporter's details."""
    report = report_by_code(g.ward, code)
    if report is None:
        return render_template("feedback/not_found.html"), 404
    return render_template("feedback/report.html", report=report, just_sent=cleaned_args().get("moi") == "1")
