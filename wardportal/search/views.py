"""Search pages: a ward's procedure search (active search with htmx, plain form without JS), all wards."""

import functools

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from jinja2_fragments.flask import render_block
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from wardportal.catalogue import queries as catalogue
from wardportal.catalogue.models import ONLINE_LEVELS
from wardportal.kernel.extensions import htmx, limiter
from wardportal.kernel.request_args import bounded_int
from wardportal.kernel.request_facts import client_address
from wardportal.kernel.text_input import SafeForm, clean, cleaned_args
from wardportal.kernel.times import now_utc
from wardportal.search.analytics import most_used_procedures, normalise_query, record_click, record_search
from wardportal.search.blueprint import bp
from wardportal.search.catalogue_index import (add_ward_synonym, list_ward_synonyms, remove_ward_synonym,
    search_backend, ward_synonyms)
from wardportal.search.outside import (OUTSIDE_FIELDS, list_outside_services, outside_answer, remove_outside_service,
    save_outside_service)
from wardportal.search.signals import sections_for
from wardportal.staff.access import current_staff, staff_required
from wardportal.staff.wards import all_wards as every_ward


PAGE_SIZE = 10
TEMPLATE = "search/results.html"


def search_rate_limit() -> str:
    """Searches per client address: generous (active search sends one request per pause in typing)."""
    return current_app.config.get("SEARCH_RATE_LIMIT", "120 per minute;3000 per hour")


def _search_args() -> dict:
    """What the resident asked for, read leniently: a bad filter or page number is ignored, not an error."""
    level = cleaned_args().get("muc-do", "")
    return {
        "q": clean(cleaned_args().get("q", ""), max_length=200).strip(),
        "field": cleaned_args().get("linh-vuc", "").strip()[:120],
        "online_level": level if level in ONLINE_LEVELS else "",
        "page": bounded_int(cleaned_args().get("trang"), default=1, minimum=1, maximum=999),
    }


def today():
    """Today's date in UTC: the day a search is counted on."""
    return now_utc().date()


def count_search(ward_id: int, q: str, found: int, outside: bool) -> None:
    """Count one search asked for today (run again for each visitor the page cache serves it to)."""
    record_search(ward_id, q, found, today(), outside=outside)


def outside_title(answer) -> str:
    """The outside service's name in the page's language."""
    if answer is None:
        return ""
    english = str(get_locale()) == "en" and answer.service.title_en
    return answer.service.title_en if english else answer.service.title


def _render(**context):
    """The whole page, or only its results block for an htmx request aimed at the results."""
    if htmx and htmx.target == "search-results":
        return render_block(TEMPLATE, "results", **context)
    return render_template(TEMPLATE, **context)


@bp.get("/<ward_slug>/tim-kiem")
@limiter.limit(search_rate_limit)
def results():
    """Search the ward's guides; results update as the resident types (htmx) or on submit (no JS)."""
    args = _search_args()
    page, tracked, outside = None, "", None
    if args["q"]:
        page = search_backend().search(g.ward.id, args["q"], field=args["field"] or None,
                                       online_level=args["online_level"] or None, limit=PAGE_SIZE,
                                       offset=(args["page"] - 1) * PAGE_SIZE, synonyms=ward_synonyms(g.ward.id))
        tracked = normalise_query(args["q"])
        # Counted once per search asked for (submitted, or a link followed), not at every keystroke of
        # active search, and not again when paging; a repeat served from the page cache counts too.
        if not page.degraded:
            outside = outside_answer(g.ward.id, args["q"], page.results[0].title if page.results else None)
        if not htmx and args["page"] == 1 and not page.degraded:
            count = functools.partial(count_search, g.ward.id, args["q"], page.total, outside is not None)
            count()
            g.page_cache_on_serve = count
    help_procedures = []
    if page is not None and (not page.results or page.suggestion):
        help_procedures = most_used_procedures(g.ward, today())
    return _render(args=args, page=page, fields=catalogue.fields_of(g.ward), wards_by_id={g.ward.id: g.ward},
                   page_size=PAGE_SIZE, all_wards=False, tracked=tracked, help_procedures=help_procedures,
                   outside=outside, outside_title=outside_title(outside),
                   **(sections_for(g.ward, args["q"]) if args["q"] else {}))


@bp.get("/<ward_slug>/tim-kiem/mo/<code>")
def open_result(code):
    """Open a guide from the search results, counting one click for the query (nothing about who clicked)."""
    procedure = catalogue.procedure_by_code(g.ward, code)
    if procedure is None:
        abort(404)
    query = cleaned_args().get("q", "")[:200]
    if query:
        record_click(g.ward.id, query, today())
    return redirect(url_for("site.procedure_guide", code=procedure.code))


@bp.get("/tim-kiem")
@limiter.limit(search_rate_limit)
def all_wards():
    """Search the guides of every ward of the install (province-wide)."""
    args = _search_args()
    page = None
    if args["q"]:
        page = search_backend().search(None, args["q"], online_level=args["online_level"] or None,
                                       limit=PAGE_SIZE, offset=(args["page"] - 1) * PAGE_SIZE)
    wards_by_id = {w.id: w for w in every_ward()}
    return _render(args=args, page=page, fields=[], wards_by_id=wards_by_id, page_size=PAGE_SIZE,
                   all_wards=True, tracked="", help_procedures=[])


class SynonymForm(SafeForm):
    """An everyday phrase and the official wording it stands for."""

    phrase = StringField(_l("Cách người dân hay gõ"), validators=[
        DataRequired(_l("Nhập cách người dân hay gõ, ví dụ: giấy độc thân.")), Length(2, 120)])
    expansion = StringField(_l("Tên chính thức tương ứng"), validators=[
        DataRequired(_l("Nhập tên chính thức, ví dụ: xác nhận tình trạng hôn nhân.")), Length(2, 300)])


@bp.route("/<ward_slug>/can-bo/tu-dong-nghia", methods=["GET", "POST"])
@staff_required("editor", "admin", personal_data=False)
def synonyms():
    """Editors teach the ward's search the everyday words residents use."""
    form = SynonymForm()
    status = 200
    if form.validate_on_submit():
        try:
            add_ward_synonym(g.ward, form.phrase.data, form.expansion.data, current_staff(), client_address(),
                             now_utc())
        except ValueError:
            form.phrase.errors.append(_("Phường, xã đã có cách gõ này."))
        else:
            flash(_("Đã thêm: tìm “%(phrase)s” sẽ ra “%(expansion)s”.", phrase=form.phrase.data,
                    expansion=form.expansion.data))
            return redirect(url_for("search.synonyms"))
    if form.errors:
        status = 422
    return render_template("search/synonyms.html", form=form, synonyms=list_ward_synonyms(g.ward)), status


@bp.post("/<ward_slug>/can-bo/tu-dong-nghia/<int:synonym_id>/xoa")
@staff_required("editor", "admin", personal_data=False)
def delete_synonym(synonym_id):
    """Remove one of the ward's synonyms."""
    if not remove_ward_synonym(g.ward, synonym_id, current_staff(), client_address(), now_utc()):
        abort(404)
    flash(_("Đã xóa."))
    return redirect(url_for("search.synonyms"))



class OutsideServiceForm(SafeForm):
    """A service residents ask the ward for that another agency handles."""

    code = StringField(_l("Mã ngắn"), validators=[
        DataRequired(_l("Nhập mã ngắn, ví dụ: ho-chieu.")), Length(2, 60),
        Regexp(r"^[a-z0-9-]+$", message=_l("Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang."))])
    title = StringField(_l("Tên việc"), validators=[DataRequired(_l("Nhập tên việc, ví dụ: Cấp hộ chiếu phổ thông.")),
                                                    Length(2, 300)])
    title_en = StringField(_l("Tên tiếng Anh"), validators=[Optional(), Length(max=300)])
    handled_by = StringField(_l("Cơ quan giải quyết"), validators=[
        DataRequired(_l("Nhập cơ quan giải quyết, ví dụ: Công an tỉnh.")), Length(2, 300)])
    where = TextAreaField(_l("Làm ở đâu, làm thế nào"), validators=[Optional(), Length(max=1000)])
    url = StringField(_l("Địa chỉ nộp trực tuyến"), validators=[
        Optional(), Length(max=500), Regexp(r"^https://", message=_l("Địa chỉ phải bắt đầu bằng https://"))])
    keywords = StringField(_l("Người dân hay gõ"), validators=[Optional(), Length(max=1000)])


@bp.route("/<ward_slug>/can-bo/viec-ngoai-tham-quyen", methods=["GET", "POST"])
@staff_required("editor", "admin", personal_data=False)
def outside_services():
    """Editors keep the list of services residents ask for that another agency handles."""
    form = OutsideServiceForm()
    status = 200
    if form.validate_on_submit():
        try:
            save_outside_service(g.ward, {name: form[name].data or "" for name in OUTSIDE_FIELDS}, current_staff(),
                                 client_address(), now_utc())
        except ValueError:
            form.code.errors.append(_("Phường, xã đã có việc với mã này."))
        else:
            flash(_("Đã thêm: tìm “%(title)s” sẽ chỉ nơi làm.", title=form.title.data))
            return redirect(url_for("search.outside_services"))
    if form.errors:
        status = 422
    return render_template("search/outside_services.html", form=form,
                           services=list_outside_services(g.ward.id)), status


@bp.post("/<ward_slug>/can-bo/viec-ngoai-tham-quyen/<int:service_id>/xoa")
@staff_required("editor", "admin", personal_data=False)
def delete_outside_service(service_id):
    """Remove one of the ward's outside services."""
    if not remove_outside_service(g.ward, service_id, current_staff(), client_address(), now_utc()):
        abort(404)
    flash(_("Đã xóa."))
    return redirect(url_for("search.outside_services"))
