"""GeoReport v2 endpoints: services, service definitions, requests (list, one, post)."""

import math
from datetime import timedelta

from flask import current_app, request
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from wardportal.api.ratelimit import api_client
from wardportal.catalogue import queries as catalogue
from wardportal.feedback.intake import read_limited, store_photo, take_report
from wardportal.feedback.models import FeedbackReport
from wardportal.feedback.photos import PhotoRefused
from wardportal.feedback.reports import FeedbackError, categories, category_by_code, report_by_code
from wardportal.kernel.extensions import db
from wardportal.kernel.request_args import bounded_float, iso_moment
from wardportal.kernel.text_input import cleaned_args, cleaned_form, cleaned_values
from wardportal.kernel.times import now_utc
from wardportal.open311.blueprint import bp
from wardportal.open311.formats import FORMATS, Open311Error, error_response, render, render_one, w3c
from wardportal.open311.forms import RequestForm
from wardportal.staff.wards import all_wards, ward_by_slug

MAX_RESULTS = 1000
DEFAULT_WINDOW = timedelta(days=90)
PUBLIC = ("answered", "closed")


@bp.errorhandler(Open311Error)
def _open311_error(error: Open311Error):
    return error_response(error.status, error.description, _format_of_request())


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    return error_response(error.code or 500, error.description or error.name, _format_of_request())


def _format_of_request() -> str:
    return "xml" if request.path.endswith(".xml") else "json"


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Open311Error(404, "format must be json or xml")
    return fmt


def _jurisdiction():
    """The ward named by ``jurisdiction_id`` (optional when the install serves one ward)."""
    slug = cleaned_values().get("jurisdiction_id", "").strip()
    if not slug:
        wards = all_wards()
        if len(wards) == 1:
            return wards[0]
        raise Open311Error(400, "jurisdiction_id is required (the ward slug)")
    ward = ward_by_slug(slug) if len(slug) <= 80 else None
    if ward is None:
        raise Open311Error(404, f"unknown jurisdiction_id '{slug[:80]}'")
    return ward


def _service_list(ward) -> list[dict]:
    """Feedback categories (requests accepted) then procedures (information only)."""
    services = [{"service_code": c.code, "service_name": c.name, "description": c.description or c.name,
                 "metadata": False, "type": "realtime", "keywords": "phan-anh", "group": "Phản ánh, kiến nghị"}
                for c in categories(ward)]
    services += [{"service_code": p.code, "service_name": p.title, "description": (p.summary or p.title)[:500],
                  "metadata": False, "type": "blackbox", "keywords": "thu-tuc-hanh-chinh", "group": p.field}
                 for p in catalogue.published_procedures(ward)]
    return services


@bp.get("/services.<fmt>")
def services(fmt):
    """The ward's services."""
    fmt = _format(fmt)
    return render(_service_list(_jurisdiction()), "services", fmt)


@bp.get("/services/<code>.<fmt>")
def service_definition(code, fmt):
    """A service definition: no extra attributes are asked for any service."""
    fmt = _format(fmt)
    ward = _jurisdiction()
    if category_by_code(ward, code) is None and catalogue.procedure_by_code(ward, code[:40]) is None:
        raise Open311Error(404, f"unknown service_code '{code[:60]}'")
    return render_one({"service_code": code, "attributes": []}, "service_definition", fmt)


def _status(report: FeedbackReport) -> str:
    return "closed" if report.status in PUBLIC else "open"


def _request_item(report: FeedbackReport) -> dict:
    """A service request without the reporter's personal data."""
    public = report.is_public
    return {"service_request_id": report.tracking_code, "status": _status(report),
            "status_notes": report.public_answer if public else None,
            "service_name": report.category.name, "service_code": report.category.code,
            "description": report.description, "agency_responsible": report.ward.name,
            "service_notice": None, "requested_datetime": w3c(report.created_at),
            "updated_datetime": w3c(report.updated_at), "expected_datetime": None,
            "address": report.address_text or None, "address_id": None, "zipcode": None,
            "lat": report.latitude, "long": report.longitude, "media_url": None}


def _parse_datetime(name: str):
    raw = cleaned_args().get(name)
    if raw is None:
        return None
    moment = iso_moment(raw)
    if moment is None:
        raise Open311Error(400, f"{name} must be a W3C date-time, e.g. 2026-11-23T09:00:00+07:00")
    return moment


@bp.get("/requests.<fmt>")
def list_requests(fmt):
    """Published (answered) requests, newest first; filters as in the spec."""
    fmt = _format(fmt)
    ward = _jurisdiction()
    query = select(FeedbackReport).where(FeedbackReport.ward_id == ward.id, FeedbackReport.status.in_(PUBLIC),
                                         FeedbackReport.public_answer != "")
    ids = [i.strip().upper() for i in cleaned_args().get("service_request_id", "").split(",") if i.strip()]
    if ids:
        query = query.where(FeedbackReport.tracking_code.in_(ids[:MAX_RESULTS]))
    else:
        start, end = _parse_datetime("start_date"), _parse_datetime("end_date")
        if start is None and end is None:
            start = now_utc() - DEFAULT_WINDOW
        if start is not None:
            query = query.where(FeedbackReport.created_at >= start)
        if end is not None:
            query = query.where(FeedbackReport.created_at <= end)
        codes = [c.strip() for c in cleaned_args().get("service_code", "").split(",") if c.strip()]
        if codes:
            wanted = [c.id for c in categories(ward, include_inactive=True) if c.code in codes]
            query = query.where(FeedbackReport.category_id.in_(wanted))
        status = cleaned_args().get("status")
        if status is not None and status not in ("open", "closed"):
            raise Open311Error(400, "status must be open or closed")
        if status == "open":
            return render([], "service_requests", fmt)  # only answered (closed) requests are published
    reports = db.session.scalars(query.order_by(FeedbackReport.created_at.desc()).limit(MAX_RESULTS))
    return render([_request_item(r) for r in reports], "service_requests", fmt)


@bp.get("/requests/<request_id>.<fmt>")
def get_request(request_id, fmt):
    """One request by its id (the tracking code)."""
    fmt = _format(fmt)
    report = report_by_code(_jurisdiction(), request_id)
    if report is None:
        raise Open311Error(404, "unknown service_request_id")
    return render([_request_item(report)], "service_requests", fmt)


def _coordinate(name: str, low: float, high: float):
    raw = cleaned_form().get(name)
    if raw is None or raw.strip() == "":
        return None
    value = bounded_float(raw, minimum=-math.inf, maximum=math.inf)  # finite: nan, inf and sNaN refused
    if value is None:
        raise Open311Error(400, f"{name} must be a number")
    if not low <= value <= high:
        raise Open311Error(400, f"{name} must be from {low:g} to {high:g}")
    return value


@bp.post("/requests.<fmt>")
def post_request(fmt):
    """Create a feedback report (an API key of the ward is required)."""
    fmt = _format(fmt)
    if request.is_json:
        # GeoReport v2 posts a form; a JSON body would reach the text checks by another road, so it is refused.
        raise Open311Error(415, "post the fields as a form (application/x-www-form-urlencoded or "
                                "multipart/form-data), as GeoReport v2 does")
    ward = _jurisdiction()
    client = api_client()
    if client is None:
        raise Open311Error(403, "a valid api_key is required to post requests")
    if client.ward_id != ward.id:
        raise Open311Error(403, "this api_key is not valid for this jurisdiction_id")
    code = cleaned_form().get("service_code", "").strip()
    category = category_by_code(ward, code) if code else None
    if category is None:
        raise Open311Error(400 if not code else 404, "service_code must be a feedback category of this "
                                                     "jurisdiction (procedures accept no requests)")
    lat, lon = _coordinate("lat", -90, 90), _coordinate("long", -180, 180)
    form = RequestForm()
    if not form.validate():
        raise Open311Error(400, form.problems())
    upload = request.files.get("media")
    photo = read_limited(upload.stream, current_app.config.get("MAX_FILE_BYTES", 10 * 1024 * 1024)) \
        if upload and upload.filename else None
    try:
        # decoded before the report's transaction: the photo's CPU time holds no write lock
        stored_photo = store_photo(photo) if photo else None
        report = take_report(ward, category, form.description.data, now=now_utc(), photo=stored_photo,
                             address_text=form.address_string.data or "", latitude=lat, longitude=lon,
                             reporter_name=form.reporter_name(), reporter_phone=form.phone.data or "",
                             reporter_email=form.email.data or "", source="open311", api_client_id=client.id)
    except (FeedbackError, PhotoRefused) as error:
        db.session.rollback()
        raise Open311Error(400, str(error)) from None
    code = report.tracking_code
    db.session.commit()
    return render([{"service_request_id": code, "service_notice": None, "account_id": None}],
                  "service_requests", fmt, 201)
