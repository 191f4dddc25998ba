"""Editors' search analytics page: what residents search, and one step from a query to a better answer."""

from datetime import date, timedelta

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from wardportal.catalogue import queries as catalogue
from wardportal.kernel.request_args import arg_date
from wardportal.kernel.request_facts import client_address
from wardportal.kernel.text_input import SafeForm, cleaned_args
from wardportal.kernel.times import now_utc
from wardportal.search.analytics import add_search_keyword, search_report
from wardportal.search.blueprint import bp
from wardportal.search.catalogue_index import add_ward_synonym
from wardportal.staff.access import current_staff, staff_required

DEFAULT_PERIOD_DAYS = 30
MAX_PERIOD_DAYS = 366


class ImproveQueryForm(SafeForm):
    """Make a query find a guide: as a ward synonym (query → the guide's title) or a keyword of the guide."""

    query = HiddenField(validators=[DataRequired(), Length(2, 120)])
    procedure_id = SelectField(_l("Thủ tục người dân cần tìm"), coerce=int,
                               validators=[DataRequired(_l("Chọn thủ tục."))])
    kind = RadioField(_l("Cách thêm"), choices=[SelectChoice("keyword", _l("Từ khóa của thủ tục này")),
                                                SelectChoice("synonym", _l("Từ đồng nghĩa của phường, xã"))],
                      default="keyword", validators=[DataRequired()])


def _period() -> tuple[date, date, bool]:
    """The period asked for (tu/den as YYYY-MM-DD); default the last 30 days. Third value: input was bad."""
    today = now_utc().date()
    end = arg_date("den") if cleaned_args().get("den") else today
    start = (arg_date("tu") if cleaned_args().get("tu") else
             end and end - timedelta(days=DEFAULT_PERIOD_DAYS - 1))
    if start is None or end is None or start > end or (end - start).days >= MAX_PERIOD_DAYS:
        return today - timedelta(days=DEFAULT_PERIOD_DAYS - 1), today, True
    return start, end, False


def _form() -> ImproveQueryForm:
    """The one-step form, its guides listed by title."""
    form = ImproveQueryForm()
    form.procedure_id.choices = [SelectChoice(0, _("— Chọn thủ tục —"))] + [
        SelectChoice(p.id, p.title) for p in catalogue.published_procedures(g.ward)]
    return form


@bp.route("/<ward_slug>/can-bo/thong-ke-tim-kiem", methods=["GET", "POST"])
@staff_required("editor", "admin", personal_data=False)
def search_analytics():
    """Most frequent queries, queries with no result, queries after which no guide was opened; fix one."""
    start, end, bad_period = _period()
    form = _form()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit() and form.procedure_id.data:
            done = _improve(form)
            if done:
                args = cleaned_args()
                return redirect(url_for("search.search_analytics", tu=args.get("tu"), den=args.get("den")))
        elif not form.procedure_id.data:
            form.procedure_id.errors = [_("Chọn thủ tục.")]
        status = 422
    report = search_report(g.ward, start, end)
    return render_template("search/analytics.html", report=report, form=form, bad_period=bad_period,
                           failed_query=form.query.data if status == 422 else None), status


def _improve(form: ImproveQueryForm) -> bool:
    """Apply the editor's choice; on a clash put the message on the form and return False."""
    procedure = next((p for p in catalogue.published_procedures(g.ward) if p.id == form.procedure_id.data), None)
    if procedure is None:
        form.procedure_id.errors = [_("Chọn thủ tục.")]
        return False
    query = form.query.data
    if form.kind.data == "synonym":
        try:
            add_ward_synonym(g.ward, query, procedure.title, current_staff(), client_address(), now_utc())
        except ValueError:
            form.procedure_id.errors = [_("Phường, xã đã có cách gõ này.")]
            return False
        flash(_("Đã thêm: tìm “%(phrase)s” sẽ ra “%(expansion)s”.", phrase=query, expansion=procedure.title))
        return True
    try:
        add_search_keyword(g.ward, procedure.id, query, current_staff(), client_address(), now_utc())
    except (ValueError, LookupError):
        form.procedure_id.errors = [_("Thủ tục này đã có từ khóa đó.")]
        return False
    flash(_("Đã thêm từ khóa “%(keyword)s” cho “%(title)s”.", keyword=query, title=procedure.title))
    return True
