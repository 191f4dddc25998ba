"""Transparency figures of each ward, published for residents."""

from datetime import date

from flask import Blueprint, abort, g, render_template, request

from ..transparency import online_acceptance_figures, ward_figures
from ..deadlines import current_calendar

bp = Blueprint("stats", __name__)

FIRST_YEAR = 2020


def requested_year(raw: str | None, today: date) -> int:
    """The year asked for (``?nam=``), this year by default; None-like input is this year, nonsense a 404."""
    if not raw:
        return today.year
    if not raw.isdigit() or not FIRST_YEAR <= int(raw) <= today.year:
        abort(404)
    return int(raw)


@bp.get("/<ward_slug>/so-lieu")
def figures():
    """On-time rate, online share, satisfaction and volumes of the ward for a year."""
    today = date.today()
    year = requested_year(request.args.get("nam"), today)
    return render_template("stats/figures.html", figures=ward_figures(g.ward, year, current_calendar()),
                           acceptance=online_acceptance_figures(g.ward, year, current_calendar()),
                           years=range(today.year, FIRST_YEAR - 1, -1))
