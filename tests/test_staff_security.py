"""CSRF on every state change (htmx included), login rate limits, cookie flags and security headers."""

import re

import pytest

from .conftest import make_app
from .staff_factories import DEFAULT_PASSWORD, make_staff, settle, totp_code
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)


@pytest.fixture
def app_settings():
    """CSRF and rate limiting on, with small login limits so a test can reach them."""
    return {"WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": True,
            "STAFF_LOGIN_LIMIT_ACCOUNT": "3 per minute", "STAFF_LOGIN_LIMIT_ADDRESS": "6 per minute"}


def csrf_token(client, path="/can-bo/dang-nhap") -> str:
    """The token the page embeds in its forms."""
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(path).text).group(1)


def sign_in(client, user, address="10.0.0.1"):
    """Sign in with real CSRF tokens (and the TOTP step when on)."""
    env = {"REMOTE_ADDR": address}
    token = csrf_token(client)
    response = client.post("/can-bo/dang-nhap", data={"email": user.email, "password": DEFAULT_PASSWORD,
                                                      "csrf_token": token}, environ_base=env)
    if response.location.endswith("/ma-xac-thuc"):
        token = csrf_token(client, "/can-bo/dang-nhap/ma-xac-thuc")
        response = client.post("/can-bo/dang-nhap/ma-xac-thuc", data={"code": totp_code(user), "csrf_token": token},
                               environ_base=env)
    assert response.status_code == 302
    return response


def test_login_without_csrf_token_is_refused(client, make):
    """A sign-in form posted from elsewhere (no token) is a 400."""
    user = make_staff(make.ward(), "editor")
    response = client.post("/can-bo/dang-nhap", data={"email": user.email, "password": DEFAULT_PASSWORD},
                           environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert response.status_code == 400


def test_state_changes_need_the_token_htmx_sends_it_in_a_header(client, make):
    """Staff POSTs without a token are refused; htmx's X-CSRFToken header (from <body hx-headers>) works."""
    ward = make.ward()
    user = make_staff(ward, "editor")
    sign_in(client, user, "10.0.0.3")
    page = client.get(f"/{ward.slug}/can-bo/thu-tuc/moi")
    header_token = re.search(r'"X-CSRFToken": "([^"]+)"', page.text).group(1)
    data = {"code": "1.000777", "title": "Cấp bản sao trích lục", "field": "Hộ tịch", "processing_days": "1",
            "online_level": "none", "documents-0-name": "Tờ khai"}
    assert client.post(f"/{ward.slug}/can-bo/thu-tuc/moi", data=data).status_code == 400
    assert client.post(f"/{ward.slug}/can-bo/thu-tuc/moi", data=dict(data, add_document="1"),
                       headers={"HX-Request": "true"}).status_code == 400
    added = client.post(f"/{ward.slug}/can-bo/thu-tuc/moi", data=dict(data, add_document="1"),
                        headers={"HX-Request": "true", "X-CSRFToken": header_token})
    assert added.status_code == 200 and "documents-1-name" in added.text
    assert client.post("/can-bo/dang-xuat").status_code == 400
    saved = client.post(f"/{ward.slug}/can-bo/thu-tuc/moi", data=dict(data, csrf_token=header_token))
    assert saved.status_code == 302


def test_login_rate_limited_per_account(client, make):
    """Guessing one account's password from many addresses hits the per-account limit."""
    user = make_staff(make.ward(), "editor", email="bi.do@example.vn")
    responses = []
    for n in range(4):
        token = csrf_token(client)
        responses.append(client.post("/can-bo/dang-nhap", data={"email": user.email, "password": f"sai-{n}-mat-khau",
                                                                "csrf_token": token},
                                     environ_base={"REMOTE_ADDR": f"10.1.0.{n}"}))
    assert [r.status_code for r in responses] == [422, 422, 422, 429]
    assert "Quá nhiều lần thử" in responses[-1].text
    # Even the right password is refused while the account is limited.
    right = client.post("/can-bo/dang-nhap", data={"email": user.email, "password": DEFAULT_PASSWORD,
                                                   "csrf_token": csrf_token(client)},
                        environ_base={"REMOTE_ADDR": "10.1.0.9"})
    assert right.status_code == 429


def test_login_rate_limited_per_address(client, make):
    """Trying many accounts from one address hits the per-address limit."""
    statuses = []
    for n in range(7):
        token = csrf_token(client)
        statuses.append(client.post("/can-bo/dang-nhap", data={"email": f"nguoi{n}@example.vn",
                                                               "password": "sai-mat-khau", "csrf_token": token},
                                    environ_base={"REMOTE_ADDR": "10.2.0.1"}).status_code)
    assert statuses[:6] == [422] * 6 and statuses[6] == 429


def test_session_cookie_flags_in_production(instance_path, migrated_db, make):
    """Outside debug and tests the session cookie is Secure, HttpOnly and SameSite=Lax."""
    import shutil
    shutil.copy(migrated_db, instance_path / "wardportal.db")
    production = make_app(instance_path, TESTING=False, WTF_CSRF_ENABLED=False)
    assert production.config["SESSION_COOKIE_SECURE"] is True
    with production.app_context():
        user = make_staff(make.ward(), "editor")
        settle()
        response = production.test_client().post("/can-bo/dang-nhap", base_url="https://localhost",
                                                 data={"email": user.email, "password": DEFAULT_PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_staff_pages_carry_security_headers(client, make):
    """The sign-in page sends a CSP without unsafe-inline, no-sniff, frame denial and noindex."""
    response = client.get("/can-bo/dang-nhap")
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "script-src 'self'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert '<meta name="robots" content="noindex">' in response.text
    assert "style=" not in response.text and "<script>" not in response.text
