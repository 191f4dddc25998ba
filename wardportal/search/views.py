"""Search pages: a ward's procedure search (active search with htmx, plain form without JS), all wards."""

from flask import Blueprint, g, render_template, request
from jinja2_fragments.flask import render_block

from .. import catalogue
from ..extensions import htmx
from ..models.procedure import ONLINE_LEVELS
from .catalogue_index import search_backend, ward_synonyms

bp = Blueprint("search", __name__)

PAGE_SIZE = 10
TEMPLATE = "search/results.html"


def _search_args() -> dict:
    """What the resident asked for, read leniently: a bad filter or page number is ignored, not an error."""
    level = request.args.get("muc-do", "")
    page = request.args.get("trang", "1")
    return {
        "q": request.args.get("q", "").strip()[:200],
        "field": request.args.get("linh-vuc", "").strip()[:120],
        "online_level": level if level in ONLINE_LEVELS else "",
        "page": int(page) if page.isdigit() and 0 < int(page) < 1000 else 1,
    }


def _render(**context):
    """The whole page, or only its results block for an htmx request aimed at the results."""
    if htmx and htmx.target == "search-results":
        return render_block(TEMPLATE, "results", **context)
    return render_template(TEMPLATE, **context)


@bp.get("/<ward_slug>/tim-kiem")
def results():
    """Search the ward's guides; results update as the resident types (htmx) or on submit (no JS)."""
    args = _search_args()
    page = None
    if args["q"]:
        page = search_backend().search(g.ward.id, args["q"], field=args["field"] or None,
                                       online_level=args["online_level"] or None, limit=PAGE_SIZE,
                                       offset=(args["page"] - 1) * PAGE_SIZE, synonyms=ward_synonyms(g.ward.id))
    return _render(args=args, page=page, fields=catalogue.fields_of(g.ward), wards_by_id={g.ward.id: g.ward},
                   page_size=PAGE_SIZE, all_wards=False)


@bp.get("/tim-kiem")
def all_wards():
    """Search the guides of every ward of the install (province-wide)."""
    args = _search_args()
    page = None
    if args["q"]:
        page = search_backend().search(None, args["q"], online_level=args["online_level"] or None,
                                       limit=PAGE_SIZE, offset=(args["page"] - 1) * PAGE_SIZE)
    wards_by_id = {w.id: w for w in catalogue.all_wards()}
    return _render(args=args, page=page, fields=[], wards_by_id=wards_by_id, page_size=PAGE_SIZE,
                   all_wards=True)
