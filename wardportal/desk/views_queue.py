"""The ward's dossier queue, the officer's own dossiers, and the deadline alerts."""


from flask import g, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from jinja2_fragments.flask import render_block
from wtforms.fields.choices import SelectChoice

from wardportal.catalogue.queries import fields_of
from wardportal.desk.blueprint import bp
from wardportal.desk.forms import QueueFilterForm
from wardportal.dossiers import deadlines, queries
from wardportal.dossiers.acceptance_clock import acceptance_alerts, acceptance_clock
from wardportal.dossiers.status import DossierStatus
from wardportal.kernel.extensions import db, htmx
from wardportal.kernel.request_args import arg_page, bounded_int
from wardportal.kernel.text_input import cleaned_args
from wardportal.kernel.times import local_day, now_utc
from wardportal.kernel.working_days import MissingHolidayData, current_calendar
from wardportal.staff.access import DESK_ROLES, current_staff, staff_required

DUE_SOON_WORKING_DAYS = 2


def desk_today():
    """Today in Vietnam, and the last day that counts as "due soon"."""
    today = local_day(now_utc())
    try:
        return today, current_calendar().add_working_days(today, DUE_SOON_WORKING_DAYS)
    except MissingHolidayData:  # the admin pages say so; the queue still opens, with no "due soon" band
        return today, today


@bp.get("/<ward_slug>/can-bo/ho-so/")
@staff_required(*DESK_ROLES)
def queue():
    """Every dossier of the ward, filtered, searched, sorted and paginated."""
    return _queue_page(officer_fixed=None)


@bp.get("/<ward_slug>/can-bo/ho-so/cua-toi")
@staff_required(*DESK_ROLES)
def assigned_to_me():
    """The dossiers assigned to the signed-in officer."""
    return _queue_page(officer_fixed=current_staff().id)


def _queue_page(officer_fixed: int | None):
    """The queue page, or only its results block for htmx requests aimed at it."""
    form = QueueFilterForm(cleaned_args())
    every = SelectChoice("", _("Tất cả"))
    english = str(get_locale()) == "en"
    form.status.choices = [every] + [SelectChoice(str(int(s)), s.label_en if english else s.label_vi)
                                     for s in DossierStatus]
    procedures = queries.procedures_with_dossiers(g.ward)
    form.procedure.choices = [every] + [SelectChoice(str(p.id), p.title) for p in procedures]
    form.field.choices = [every] + [SelectChoice(f.slug, f.name) for f in fields_of(g.ward)]
    form.officer.choices = [every, SelectChoice("0", _("Chưa phân công"))] + [
        SelectChoice(str(o.id), o.full_name) for o in queries.desk_officers(g.ward)]
    form.validate()
    filters = queries.QueueFilters(
        status=_int(form.status.data), procedure_id=_int(form.procedure.data), field_slug=form.field.data or "",
        officer_id=officer_fixed if officer_fixed is not None else _int(form.officer.data, allow_zero=True),
        due_from=form.due_from.data if not form.due_from.errors else None,
        due_to=form.due_to.data if not form.due_to.errors else None,
        q=form.q.data or "", sort=cleaned_args().get("sort", queries.DEFAULT_SORT),
        page=arg_page())
    page = queries.queue(g.ward, filters)
    today, soon = desk_today()
    now = now_utc()
    context = dict(form=form, page=page, filters=filters, today=today, soon=soon, mine=officer_fixed is not None,
                   timing=lambda d: deadlines.timeliness(d, today=today),
                   acceptance=lambda d: acceptance_clock(d, now), acceptance_due=len(acceptance_alerts(g.ward, now)),
                   alerts=queries.count_alerts(g.ward, today, soon), page_url=_page_url,
                   tab_counts=queries.tab_counts(g.ward, current_staff().id))
    if htmx and htmx.target == "queue-results":
        return render_block("desk/queue.html", "results", **context)
    return render_template("desk/queue.html", **context)


def _page_url(**changes) -> str:
    """This queue URL with some query parameters changed (page, sort), the others kept."""
    args = cleaned_args().to_dict()
    args.update({k: v for k, v in changes.items() if v is not None})
    if "sort" in changes:
        args.pop("trang", None)
    return url_for(request.endpoint, **args)


def _int(value, allow_zero: bool = False) -> int | None:
    """A filter value as a number, or None for "all" and garbage."""
    return bounded_int(value, minimum=0 if allow_zero else 1)


@bp.get("/<ward_slug>/can-bo/canh-bao")
@staff_required(*DESK_ROLES)
def alerts():
    """Overdue and due-soon dossiers, and the officer's unread messages."""
    me = current_staff()
    today, soon = desk_today()
    return render_template("desk/alerts.html", today=today, soon=soon,
                           acceptance=acceptance_alerts(g.ward, now_utc()),
                           overdue=queries.overdue(g.ward, today), due_soon=queries.due_soon(g.ward, today, soon),
                           notifications=queries.unread_notifications(g.ward, me), me=me)


@bp.post("/<ward_slug>/can-bo/canh-bao/da-doc")
@staff_required(*DESK_ROLES)
def mark_notifications_read():
    """Mark the officer's messages in this ward as read."""
    me = current_staff()
    now = now_utc()
    for note in queries.unread_notifications(g.ward, me):
        note.read_at = now
    db.session.commit()
    return redirect(url_for("desk.alerts"))


