"""Issue 10 item 6 and issue 24 item 3: staff and personal pages are never cached; HSTS over HTTPS.

The attack is the next person at a shared counter PC (or a caching proxy) replaying what the browser kept:
every staff response (every ``/can-bo/`` route, its redirects and error pages, and anything answered to a
signed-in staff member) and every response that can carry personal data must say ``no-store``.
"""

from datetime import datetime, timezone

import pytest

from wardportal.dossiers import workflow
from wardportal.kernel import http_headers

from .conftest import make_app
from .staff_factories import login, make_staff
from .staff_routes import StaffWorld, staff_rules
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)
from .workflow_factories import client, make_dossier, stored_file  # noqa: F401  (client fixture)


@pytest.fixture
def ward(make):
    return make.ward(slug="phuong-mot")


@pytest.fixture
def officer(ward):
    return make_staff(ward, "officer")


@pytest.fixture
def dossier(ward, officer):
    dossier = make_dossier(ward)
    workflow.receive(dossier, officer, now=datetime(2026, 11, 23, 2, tzinfo=timezone.utc))
    return dossier


def assert_not_stored(response):
    directives = {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= directives, (response.request.path, response.status_code, directives)
    assert "Expires" not in response.headers

# Endpoints that opted out of no-store (``http_headers.may_be_stored`` or STORABLE_ENDPOINTS), and why; a new
# entry must carry nothing personal or staff-only for whoever asks.
EXPECTED_OPT_OUTS = {"static",  # fingerprinted CSS/JS, the same for everybody
                     "apply.revocation_list"}  # the install CA's CRL: public, the same for everybody


def test_the_opt_outs_are_exactly_the_listed_ones(app):
    """Every view that may be stored is named here, so a new opt-out is a reviewed change."""
    opted = {endpoint for endpoint, view in app.view_functions.items() if getattr(view, "may_be_stored", False)}
    assert opted | set(http_headers.STORABLE_ENDPOINTS) == EXPECTED_OPT_OUTS


def test_every_staff_route_answers_no_store_signed_in_and_signed_out(app, make, client):
    """Walk the url_map: every /can-bo/ rule, GET as a user holding every role (200, redirect, 404 or 405 alike)
    and GET signed out (the redirect to sign-in), answers ``private, no-store``."""
    world = StaffWorld(app, make, client)
    rules = staff_rules(app)
    assert len(rules) >= 90 and {rule.endpoint.split(".")[0] for rule in rules} >= {
        "staff", "desk", "approvals", "api_keys", "feedback", "publications", "search", "payments"}
    anonymous = app.test_client()
    for rule in rules:
        assert_not_stored(anonymous.get(world.url(rule)))
    login(client, world.user.email)
    answered = {}
    for rule in rules:
        response = client.get(world.url(rule))
        assert_not_stored(response)
        answered[rule.endpoint] = response.status_code
    # The walk reaches the pages themselves, not only refusals: every GET page with its rows answers 200.
    for endpoint in ("staff.dashboard", "desk.dossier", "desk.view_file", "desk.slip", "feedback.staff_report",
                     "feedback.staff_photo", "publications.staff_edit", "search.search_analytics", "search.synonyms",
                     "search.outside_services",
                     "api_keys.key_list", "approvals.queue", "staff.audit_log", "staff.totp_setup",
                     "payments.reconcile", "staff.edit_staff"):
        assert answered[endpoint] == 200, (endpoint, answered[endpoint])
    for path in ("/phuong-mot/can-bo/khong-co-trang-nay", "/can-bo/khong-co", "/phuong-khong-co/can-bo/"):
        missing = client.get(path)
        assert missing.status_code == 404
        assert_not_stored(missing)


def test_the_page_showing_a_new_api_key_in_clear_is_not_stored(app, make, client):
    """The API-key creation response shows the key once: it must not stay in any cache."""
    world = StaffWorld(app, make, client)
    login(client, world.user.email)
    created = client.post("/phuong-mot/can-bo/khoa-api/", data={"name": "Ứng dụng bản đồ"})
    assert created.status_code == 200 and "Ứng dụng bản đồ" in created.text
    assert_not_stored(created)


def test_public_pages_answered_to_signed_in_staff_are_not_stored(app, make, client):
    """A signed-in staff member's copy of a public page is theirs alone; static files stay cacheable."""
    world = StaffWorld(app, make, client)
    login(client, world.user.email)
    assert_not_stored(client.get("/phuong-mot/"))
    assert_not_stored(client.get("/phuong-mot/thu-tuc/"))
    with app.test_request_context():
        from flask import url_for
        css = url_for("static", filename="css/site.css")
    static = client.get(css)
    static.close()
    assert static.status_code == 200 and "immutable" in static.headers["Cache-Control"]
    assert "no-store" not in static.headers["Cache-Control"]


def test_tracking_pages_after_the_phone_check_are_not_stored(client, dossier):
    """The full dossier after the phone check, its QR page and the lookup answer all say no-store."""
    page = f"/phuong-mot/ho-so/{dossier.tracking_token}"
    answered = client.post(page, data={"phone_suffix": "5678"})
    assert_not_stored(answered)
    opened = client.get(page)
    assert dossier.applicant_name in opened.text
    assert_not_stored(opened)
    assert_not_stored(client.post("/phuong-mot/tra-cuu", data={"code": dossier.code, "phone_suffix": "5678"}))


def test_staff_dossier_pages_fragments_and_files_are_not_stored(app, client, dossier, officer):
    """Queue, dossier page, its htmx fragment and an attachment: none may stay in a cache."""
    file = stored_file(app, dossier)
    login(client, officer.email)
    base = f"/phuong-mot/can-bo/ho-so/{dossier.id}"
    for response in (client.get("/phuong-mot/can-bo/ho-so/"),
                     client.get("/phuong-mot/can-bo/ho-so/?q=Tr", headers={"HX-Request": "true",
                                                                           "HX-Target": "queue-results"}),
                     client.get(base), client.get(base, headers={"HX-Request": "true"}),
                     client.get(f"{base}/tep/{file.id}?tai=1"), client.get("/can-bo/mat-khau")):
        assert response.status_code == 200, response.request.path
        assert_not_stored(response)


def test_public_pages_stay_cacheable(client, ward):
    """The guides and the home page carry no personal data, so they keep normal caching."""
    response = client.get("/phuong-mot/")
    assert response.status_code == 200 and "no-store" not in response.headers.get("Cache-Control", "")


def test_hsts_over_https_only_and_not_in_debug(instance_path, migrated_db, ward, client):
    """HSTS is sent on HTTPS responses; not over plain HTTP, not in debug, not when switched off."""
    assert "Strict-Transport-Security" in client.get("/phuong-mot/", base_url="https://localhost").headers
    assert "Strict-Transport-Security" not in client.get("/phuong-mot/").headers
    for settings in ({"DEBUG": True}, {"HSTS_ENABLED": False}):
        other = make_app(instance_path, **settings)
        with other.app_context():
            response = other.test_client().get("/", base_url="https://localhost")
        assert "Strict-Transport-Security" not in response.headers
    public = make_app(instance_path, PUBLIC_BASE_URL="https://dichvucong.example.vn")
    with public.app_context():
        # TLS ends at the proxy, which did not say so: the public address being https is enough.
        response = public.test_client().get("/", base_url="http://dichvucong.example.vn")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
