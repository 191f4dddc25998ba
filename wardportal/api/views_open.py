"""Open data endpoints: wards, guides, figures, a dossier's status by code, public feedback, the OpenAPI document."""

from flask import current_app, jsonify

from wardportal.api import representations as rep
from wardportal.api.blueprint import bp
from wardportal.api.openapi import openapi_document
from wardportal.api.views import BadRequest
from wardportal.catalogue import queries as catalogue
from wardportal.dossiers import queries as dossier_queries
from wardportal.dossiers.processing_time import observed_time
from wardportal.feedback.reports import public_reports, report_by_code
from wardportal.kernel.extensions import limiter
from wardportal.kernel.periods import PeriodError, parse_period
from wardportal.kernel.public_address import public_base_url
from wardportal.kernel.request_args import arg_int
from wardportal.kernel.text_input import cleaned_args
from wardportal.kernel.times import local_day, now_utc
from wardportal.staff.wards import all_wards, ward_by_slug
from wardportal.stats.transparency import figures_for, ward_ranking

MAX_PAGE = 200


def _ward_or_404(slug: str):
    ward = ward_by_slug(slug)
    if ward is None:
        return None, (jsonify({"error": f"no ward '{slug}'", "status": 404}), 404)
    return ward, None


def _paging() -> tuple[int, int]:
    """``offset`` (from 0) and ``limit`` (1..200, default 50)."""
    offset = arg_int("offset") if "offset" in cleaned_args() else 0
    limit = arg_int("limit", minimum=1, maximum=MAX_PAGE) if "limit" in cleaned_args() else 50
    if offset is None or offset > 1_000_000:
        raise BadRequest("offset must be a whole number from 0 to 1000000")
    if limit is None:
        raise BadRequest(f"limit must be a whole number from 1 to {MAX_PAGE}")
    return offset, limit


def _period():
    try:
        return parse_period(cleaned_args(), local_day(now_utc()))
    except PeriodError as error:
        raise BadRequest(str(error)) from None


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3 description of this API and of the Open311 endpoints."""
    # The public address, as in every other absolute URL; without one, "/" (the site root, relative to where
    # the document was fetched) rather than a host, port or scheme the client chose.
    return jsonify(openapi_document(public_base_url() or "/"))


@bp.get("/wards")
def wards():
    """Every ward of the install."""
    return jsonify({"results": [rep.ward(w) for w in all_wards()]})


@bp.get("/wards/<slug>")
def ward_detail(slug):
    """One ward."""
    ward, error = _ward_or_404(slug)
    return error or jsonify(rep.ward(ward))


@bp.get("/wards/<slug>/catalogue")
def procedure_list(slug):
    """The ward's published guides in catalogue order, a page at a time."""
    ward, error = _ward_or_404(slug)
    if error:
        return error
    offset, limit = _paging()
    procedures = catalogue.published_procedures(ward)
    return jsonify({"total": len(procedures),
                    "results": [rep.procedure_summary(p, ward.slug) for p in procedures[offset:offset + limit]]})


@bp.get("/wards/<slug>/procedures/<code>")
def procedure_detail(slug, code):
    """One published guide, with its observed processing time."""
    ward, error = _ward_or_404(slug)
    if error:
        return error
    procedure = catalogue.procedure_by_code(ward, code) if len(code) <= 40 else None
    if procedure is None:
        return jsonify({"error": f"no procedure '{code}'", "status": 404}), 404
    return jsonify(rep.procedure_detail(procedure, ward.slug, observed_time(ward.id, procedure.code)))


@bp.get("/wards/<slug>/figures")
def ward_figures(slug):
    """The ward's figures for a period (``ky`` = thang, quy, nam or tuy-chon; see the figures page)."""
    ward, error = _ward_or_404(slug)
    if error:
        return error
    return jsonify(rep.figures(figures_for([ward.id], _period())))


@bp.get("/figures")
def province_figures():
    """The whole install's figures and the ranking of its wards."""
    period = _period()
    return jsonify({**rep.figures(figures_for(None, period)), "ranking": rep.ranking(ward_ranking(period))})


def _track_limit() -> str:
    return current_app.config.get("TRACK_LIMIT_PER_ADDRESS", "30 per minute;300 per day")


@bp.get("/wards/<slug>/dossiers/<code>")
@limiter.limit(_track_limit)
def dossier_status(slug, code):
    """A dossier's status by its code: nothing personal, as on the tracking page without the phone check."""
    ward, error = _ward_or_404(slug)
    if error:
        return error
    dossier = dossier_queries.dossier_by_code(ward, code) if len(code) <= 60 else None
    if dossier is None:
        return jsonify({"error": "no dossier with this code", "status": 404}), 404
    last = dossier.events[-1].at if dossier.events else dossier.submitted_at
    return jsonify(rep.dossier_status(dossier.code, dossier.status, last))


@bp.get("/wards/<slug>/feedback")
def feedback_list(slug):
    """Answered feedback of the ward, newest answer first, without personal data."""
    ward, error = _ward_or_404(slug)
    if error:
        return error
    offset, limit = _paging()
    return jsonify({"results": [rep.feedback(r) for r in public_reports(ward, limit, offset)]})


@bp.get("/wards/<slug>/feedback/<code>")
def feedback_detail(slug, code):
    """One report by its code (the code is random: whoever holds it may read the report, never who sent it)."""
    ward, error = _ward_or_404(slug)
    if error:
        return error
    report = report_by_code(ward, code)
    if report is None:
        return jsonify({"error": "no feedback with this code", "status": 404}), 404
    return jsonify(rep.feedback(report))
