"""Issue 10 item 6: pages with personal data are never cached; HSTS over HTTPS.

The attack is the next person at a shared counter PC (or a caching proxy) replaying what the browser kept:
every response that can carry personal data must say ``Cache-Control: no-store``.
"""

from datetime import datetime, timezone

import pytest

from wardportal.dossiers import workflow

from .conftest import make_app
from .staff_factories import login, make_staff
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
    assert response.headers["Cache-Control"] == "no-store", response.request.path
    assert "Expires" not in response.headers


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
