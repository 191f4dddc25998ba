"""The OpenAPI 3 document of the open data API and the Open311 GeoReport v2 endpoints."""

from wardportal.kernel.periods import FIRST_YEAR, KINDS

S = {"type": "string"}
NS = {"type": "string", "nullable": True}
I = {"type": "integer"}  # noqa: E741
NUM = {"type": "number", "nullable": True}


def _obj(props: dict, required: list | None = None) -> dict:
    return {"type": "object", "properties": props, "required": list(props) if required is None else required}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int, schema: str = "Error") -> dict:
    text = {400: "Bad parameter", 403: "Not allowed", 404: "Not found", 415: "Body is not a form",
            429: "Rate limit reached",
            503: "Temporarily unavailable"}
    return {str(c): _json(_ref(schema), text[c]) for c in codes}


def _param(name: str, where: str = "query", required: bool = False, schema: dict | None = None,
           description: str = "") -> dict:
    return {"name": name, "in": where, "required": required or where == "path",
            "schema": schema or {"type": "string"}, "description": description}


SLUG = _param("slug", "path", description="Ward slug, e.g. phuong-phuong-lam")
PAGING = [_param("offset", schema={"type": "integer", "minimum": 0, "maximum": 1_000_000}),
          _param("limit", schema={"type": "integer", "minimum": 1, "maximum": 200})]
PERIOD = [_param("ky", schema={"type": "string", "enum": list(KINDS)},
                 description="Period kind: thang (month), quy (quarter), nam (year, default), tuy-chon (custom)"),
          _param("nam", schema={"type": "integer", "minimum": FIRST_YEAR, "maximum": 2100},
                 description="Year (up to the current one)"),
          _param("quy", schema={"type": "integer", "minimum": 1, "maximum": 4}, description="Quarter"),
          _param("thang", schema={"type": "integer", "minimum": 1, "maximum": 12}, description="Month"),
          _param("tu", schema={"type": "string", "format": "date"}, description="Custom period: first day"),
          _param("den", schema={"type": "string", "format": "date"}, description="Custom period: last day")]
JURISDICTION = _param("jurisdiction_id", description="The ward slug (optional when the install has one ward)")

SCHEMAS = {
    "Error": _obj({"error": S, "status": I}),
    "Ward": _obj({"slug": S, "name": S, "name_en": NS, "province": NS, "address": NS, "hours": NS,
                  "hotline": NS, "email": NS, "url": S}),
    "WardList": _obj({"results": {"type": "array", "items": _ref("Ward")}}),
    "ProcedureSummary": _obj({"code": S, "title": S, "field": S, "processing_days": I,
                              "online_level": {"type": "string", "enum": ["full", "partial", "none"]}, "url": S}),
    "ProcedureList": _obj({"total": I, "results": {"type": "array", "items": _ref("ProcedureSummary")}}),
    "ProcedureDetail": {"allOf": [_ref("ProcedureSummary"), _obj({
        "summary": S, "applicants": S, "steps": S, "requirements": S, "fee": S, "legal_basis": S, "result": S,
        "where_to_submit": S, "implementing_body": S,
        "documents": {"type": "array", "items": _obj({"name": S, "original": {"type": "boolean"}, "copies": I})},
        "observed_processing_days": {**_obj({"cases": I, "median": {"type": "number"}, "p90": {"type": "number"},
                                             "window_days": I}), "nullable": True}})]},
    "SearchResults": _obj({"total": I, "suggestion": NS, "results": {"type": "array", "items": _obj(
        {"code": S, "title": S, "field": S, "url": S, "score": {"type": "number"}})},
        # A service another agency handles that the query names better than any ward guide: say it first.
        "handled_elsewhere": {**_obj({"title": S, "title_en": NS, "handled_by": S, "where": NS, "url": NS,
                                      "ward_phone": NS}), "nullable": True}}),
    "Figures": _obj({
        "period": _obj({"kind": {"type": "string", "enum": list(KINDS)}, "start": S, "end": S}),
        "received": I, "resolved": I, "on_time": I, "late": I, "in_progress": I, "received_online": I,
        "on_time_rate": NUM, "online_share": NUM, "processing_days_average": NUM, "legal_days_average": NUM,
        "satisfaction": _obj({"ratings": I, "average": NUM, "satisfied_rate": NUM,
                              "distribution": {"type": "object", "additionalProperties": I}}),
        "series": {"type": "array", "items": _obj({"date": S, "received": I, "resolved": I, "on_time": I})},
        "top_procedures": {"type": "array", "items": _obj({
            "code": S, "title": S, "received": I, "resolved": I, "on_time": I, "processing_days_average": NUM,
            "legal_days": {"type": "integer", "nullable": True}})}}),
    "ProvinceFigures": {"allOf": [_ref("Figures"), _obj({"ranking": {"type": "array", "items": _obj({
        "rank": I, "ward": S, "name": S, "received": I, "resolved": I, "on_time": I, "on_time_rate": NUM,
        "online_share": NUM, "rating_average": NUM})}})]},
    "DossierStatus": _obj({"code": S, "status": {"type": "integer", "minimum": 1, "maximum": 10},
                           "status_vi": S, "status_en": S, "last_update": NS}),
    "Feedback": _obj({"code": S, "category": S, "category_name": S,
                      "status": {"type": "string", "enum": ["new", "assigned", "answered", "closed"]},
                      "description": NS, "address": NS, "lat": NUM, "long": NUM, "created_at": NS,
                      "updated_at": NS, "answer": NS, "answered_at": NS}),
    "FeedbackList": _obj({"results": {"type": "array", "items": _ref("Feedback")}}),
    "Open311Errors": {"type": "array", "items": _obj({"code": I, "description": S})},
    "Open311Services": {"type": "array", "items": _obj({
        "service_code": S, "service_name": S, "description": S, "metadata": {"type": "boolean"},
        "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]}, "keywords": S, "group": S})},
    "Open311ServiceDefinition": _obj({"service_code": S, "attributes": {"type": "array", "items": {"type": "object"}}}),
    "Open311Requests": {"type": "array", "items": _obj({
        "service_request_id": S, "status": {"type": "string", "enum": ["open", "closed"]}, "status_notes": NS,
        "service_name": S, "service_code": S, "description": S, "agency_responsible": S, "service_notice": NS,
        "requested_datetime": NS, "updated_datetime": NS, "expected_datetime": NS, "address": NS,
        "address_id": NS, "zipcode": NS, "lat": NUM, "long": NUM, "media_url": NS})},
    "Open311PostResponse": {"type": "array", "items": _obj({"service_request_id": S, "service_notice": NS,
                                                            "account_id": NS})},
}


def _get(summary: str, params: list, ok: dict, *errors: int, error_schema: str = "Error", tag: str = "open data"):
    return {"get": {"summary": summary, "tags": [tag], "parameters": params,
                    "responses": {"200": ok, **_errors(*errors, schema=error_schema)}}}


def _open311(summary: str, params: list, schema: str, *errors: int) -> dict:
    return _get(summary, params, _json(_ref(schema), "OK"), *errors, error_schema="Open311Errors", tag="Open311")


def paths() -> dict:
    """Every documented path (Open311 in its JSON form; each also answers as .xml)."""
    code = _param("code", "path")
    return {
        "/api/v1/wards": _get("All wards", [], _json(_ref("WardList"), "Wards"), 429),
        "/api/v1/wards/{slug}": _get("One ward", [SLUG], _json(_ref("Ward"), "The ward"), 404, 429),
        "/api/v1/wards/{slug}/catalogue": _get("The ward's published procedure guides", [SLUG, *PAGING],
                                               _json(_ref("ProcedureList"), "Guides"), 400, 404, 429),
        "/api/v1/wards/{slug}/procedures": _get(
            "Search the ward's guides (ranked, accent-insensitive)",
            [SLUG, _param("q", required=True, schema={"type": "string", "minLength": 1, "maxLength": 200}),
             _param("limit", schema={"type": "integer", "minimum": 1, "maximum": 50})],
            _json(_ref("SearchResults"), "Ranked guides"), 400, 404, 429, 503),
        "/api/v1/wards/{slug}/procedures/{code}": _get(
            "One guide, with the processing time observed over 90 days", [SLUG, code],
            _json(_ref("ProcedureDetail"), "The guide"), 404, 429),
        "/api/v1/wards/{slug}/figures": _get("The ward's figures for a period", [SLUG, *PERIOD],
                                             _json(_ref("Figures"), "Figures"), 400, 404, 429),
        "/api/v1/figures": _get("The province's figures and ward ranking", PERIOD,
                                _json(_ref("ProvinceFigures"), "Figures"), 400, 429),
        "/api/v1/wards/{slug}/dossiers/{code}": _get(
            "A dossier's status by its code (nothing personal, as on the tracking page)", [SLUG, code],
            _json(_ref("DossierStatus"), "Status"), 404, 429),
        "/api/v1/wards/{slug}/feedback": _get("Answered feedback (no personal data)", [SLUG, *PAGING],
                                              _json(_ref("FeedbackList"), "Feedback"), 400, 404, 429),
        "/api/v1/wards/{slug}/feedback/{code}": _get("One feedback report by its code", [SLUG, code],
                                                     _json(_ref("Feedback"), "Feedback"), 404, 429),
        "/open311/v2/services.json": _open311("GeoReport v2 service list", [JURISDICTION], "Open311Services",
                                              400, 404, 429),
        "/open311/v2/services/{service_code}.json": _open311(
            "GeoReport v2 service definition", [_param("service_code", "path"), JURISDICTION],
            "Open311ServiceDefinition", 400, 404, 429),
        "/open311/v2/requests.json": {
            **_open311("GeoReport v2 answered requests", [
                JURISDICTION, _param("service_request_id"), _param("service_code"),
                _param("start_date", schema={"type": "string", "format": "date-time"}),
                _param("end_date", schema={"type": "string", "format": "date-time"}),
                _param("status", schema={"type": "string", "enum": ["open", "closed"]})],
                "Open311Requests", 400, 404, 429),
            "post": {"summary": "Create a feedback report (GeoReport v2 POST service request)", "tags": ["Open311"],
                     "security": [{"apiKeyQuery": []}, {"apiKeyHeader": []}],
                     "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
                         "type": "object", "required": ["service_code", "description"], "properties": {
                             "api_key": S, "jurisdiction_id": S, "service_code": S, "description": S,
                             "lat": {"type": "number"}, "long": {"type": "number"}, "address_string": S,
                             "email": S, "first_name": S, "last_name": S, "phone": S}}}}},
                     "responses": {"201": _json(_ref("Open311PostResponse"), "Created"),
                                   **_errors(400, 403, 404, 415, 429, schema="Open311Errors")}}},
        "/open311/v2/requests/{service_request_id}.json": _open311(
            "One GeoReport v2 request", [_param("service_request_id", "path"), JURISDICTION], "Open311Requests",
            400, 404, 429),
    }


# The HTTP server, before the app, refuses a request line longer than it reads (gunicorn: 4094 bytes; a reverse
# proxy: its header buffers) with its own HTML page. Every operation may answer it, so every one documents it.
URI_TOO_LONG = {"description": "URI too long: the web server refuses the request before the API sees it",
                "content": {"text/html": {"schema": S}}}


def with_server_refusals(operations: dict) -> dict:
    """Every operation of every path, with the web server's 414 added to its responses."""
    for path in operations.values():
        for operation in path.values():
            operation["responses"].setdefault("414", {"$ref": "#/components/responses/UriTooLong"})
    return operations


def openapi_document(server_url: str) -> dict:
    """The whole document, with the install's public address as its base."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Ward Portal open data API", "version": "1.0.0",
                 "description": "Wards, procedure guides, transparency figures, dossier status by code and "
                                "residents' feedback; Open311 GeoReport v2 (each .json path also answers as .xml). "
                                "An API key (X-API-Key header or api_key parameter) raises the rate limit and is "
                                "required to post feedback."},
        "servers": [{"url": server_url}],
        "paths": with_server_refusals(paths()),
        "components": {"schemas": SCHEMAS, "responses": {"UriTooLong": URI_TOO_LONG}, "securitySchemes": {
            "apiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            "apiKeyQuery": {"type": "apiKey", "in": "query", "name": "api_key"}}},
    }
