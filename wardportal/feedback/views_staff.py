"""Staff side: the ward's reports, handling one (triage, assign, answer, close), the categories."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l

from wardportal.feedback.blueprint import bp
from wardportal.feedback.forms import STATUS_LABELS, CategoryForm, HandleForm
from wardportal.feedback.intake import PHOTO_NAME
from wardportal.feedback.models import FeedbackCategory
from wardportal.feedback.reports import (FeedbackError, assignable_staff, categories, handle, report_for_staff,
    save_category, staff_reports)
from wardportal.kernel import file_storage
from wardportal.kernel.extensions import db
from wardportal.kernel.request_facts import client_address
from wardportal.kernel.text_input import cleaned_args
from wardportal.kernel.times import now_utc
from wardportal.staff import audit
from wardportal.staff.access import current_staff, staff_required
from wardportal.staff.models import StaffUser

HANDLE_MESSAGES = {
    "answer_required": _l("Nhập nội dung trả lời công khai trước khi chuyển sang “Đã trả lời”."),
    "assignee_required": _l("Chọn cán bộ được giao xử lý."),
}


def _report_or_404(report_id: int):
    report = report_for_staff(g.ward, report_id)
    if report is None:
        abort(404)
    return report


@bp.get("/<ward_slug>/can-bo/phan-anh/")
@staff_required()
def staff_list():
    """The ward's reports, filtered by status."""
    status = cleaned_args().get("trang-thai") or None
    return render_template("feedback/staff_list.html", reports=staff_reports(g.ward, status), status=status,
                           statuses=STATUS_LABELS)


@bp.route("/<ward_slug>/can-bo/phan-anh/<int:report_id>", methods=["GET", "POST"])
@staff_required()
def staff_report(report_id):
    """One report with the reporter's details, and the handling form."""
    report = _report_or_404(report_id)
    form = HandleForm(obj=None if request.method == "POST" else report)
    people = assignable_staff(g.ward)
    form.assigned_to.choices = [(0, _("— Chưa giao —"))] + [(p.id, p.full_name) for p in people]
    if request.method == "GET":
        form.assigned_to.data = report.assigned_to_id or 0
    if form.validate_on_submit():
        assignee = db.session.get(StaffUser, form.assigned_to.data) if form.assigned_to.data else None
        try:
            handle(report, status=form.status.data, assigned_to=assignee, public_answer=form.public_answer.data,
                   internal_note=form.internal_note.data, now=now_utc())
        except FeedbackError as error:
            db.session.rollback()
            form.status.errors.append(HANDLE_MESSAGES.get(str(error), _("Không lưu được.")))
        else:
            audit.record("feedback_handled", current_staff(), client_address(), now_utc(), g.ward,
                         target=report.tracking_code, details={"status": report.status})
            db.session.commit()
            flash(_("Đã lưu."))
            return redirect(url_for("feedback.staff_report", report_id=report.id))
    return render_template("feedback/staff_report.html", report=report, form=form), 400 if form.errors else 200


@bp.get("/<ward_slug>/can-bo/phan-anh/<int:report_id>/anh")
@staff_required()
def staff_photo(report_id):
    """The report's photo, for staff only (it may show people or homes)."""
    report = _report_or_404(report_id)
    if not report.photo_name:
        abort(404)
    return file_storage.send_stored(file_storage.current_uploads(), report.photo_name, PHOTO_NAME, "image/jpeg")


@bp.route("/<ward_slug>/can-bo/phan-anh/linh-vuc", methods=["GET", "POST"])
@bp.route("/<ward_slug>/can-bo/phan-anh/linh-vuc/<int:category_id>", methods=["GET", "POST"])
@staff_required("admin")
def staff_categories(category_id=None):
    """List the ward's feedback categories; add one or edit one."""
    category = None
    if category_id is not None:
        category = db.session.get(FeedbackCategory, category_id)
        if category is None or category.ward_id != g.ward.id:
            abort(404)
    form = CategoryForm(obj=category)
    if form.validate_on_submit():
        saved = save_category(g.ward, form.name.data, form.description.data or "", form.active.data, category)
        audit.record("feedback_category_saved", current_staff(), client_address(), now_utc(), g.ward,
                     target=saved.code)
        db.session.commit()
        flash(_("Đã lưu lĩnh vực phản ánh."))
        return redirect(url_for("feedback.staff_categories"))
    return render_template("feedback/staff_categories.html", form=form, editing=category,
                           categories=categories(g.ward, include_inactive=True)), 400 if form.errors else 200
