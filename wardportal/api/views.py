"""API endpoints; every error is answered as JSON with a message, never as an HTML page."""

from flask import jsonify
from werkzeug.exceptions import HTTPException

from wardportal.api.blueprint import bp
from wardportal.kernel.extensions import limiter
from wardportal.kernel.public_address import public_url
from wardportal.kernel.request_args import arg_int
from wardportal.kernel.text_input import cleaned_args
from wardportal.search.catalogue_index import search_backend, ward_synonyms
from wardportal.search.outside import outside_answer
from wardportal.search.views import search_rate_limit
from wardportal.staff.wards import ward_by_slug

MAX_LIMIT = 50


class BadRequest(ValueError):
    """A parameter the client must fix."""


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    return jsonify({"error": error.description or error.name, "status": error.code}), error.code


@bp.errorhandler(BadRequest)
def _bad_request(error: BadRequest):
    return jsonify({"error": str(error), "status": 400}), 400


def _limit() -> int:
    limit = arg_int("limit", minimum=1, maximum=MAX_LIMIT) if "limit" in cleaned_args() else 10
    if limit is None:
        raise BadRequest(f"limit must be a whole number from 1 to {MAX_LIMIT}")
    return limit


@bp.get("/wards/<slug>/procedures")
@limiter.limit(search_rate_limit)
def search_procedures(slug):
    """Ranked procedure guides of one ward for ``q``: ``{"total": N, "results": [...]}``, best first."""
    ward = ward_by_slug(slug)
    if ward is None:
        return jsonify({"error": f"no ward '{slug}'", "status": 404}), 404
    q = cleaned_args().get("q", "").strip()  # control and bidi characters dropped
    if not q:
        raise BadRequest("q is required")
    if len(q) > 200:
        raise BadRequest("q must be at most 200 characters")
    page = search_backend().search(ward.id, q, limit=_limit(), synonyms=ward_synonyms(ward.id))
    if page.degraded:
        return jsonify({"error": "search is temporarily unavailable", "status": 503}), 503
    results = [{"code": r.code, "title": r.title, "field": r.field,
                "url": public_url("site.procedure_guide", ward_slug=ward.slug, code=r.code),
                "score": round(r.score, 4)} for r in page.results]
    outside = outside_answer(ward.id, q, page.results[0].title if page.results else None)
    handled_elsewhere = None if outside is None else {
        "title": outside.service.title, "title_en": outside.service.title_en or None,
        "handled_by": outside.service.handled_by, "where": outside.service.where or None,
        "url": outside.service.url or None, "ward_phone": ward.hotline or None}
    return jsonify({"handled_elsewhere": handled_elsewhere, "total": page.total, "results": results,
                    "suggestion": page.suggestion})
