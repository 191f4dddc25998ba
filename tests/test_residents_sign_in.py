"""Issue 30: residents sign in with a real OpenID Connect provider (authorization code, PKCE, state, nonce)."""

import pytest

from .oidc_support import oidc_issuer, oidc_settings, query_of, sign_in, start_sign_in  # noqa: F401


@pytest.fixture
def app_settings(oidc_issuer):
    return oidc_settings(oidc_issuer)


def test_sign_in_asks_for_a_code_with_pkce_s256_state_and_nonce(client, oidc_issuer):
    location = start_sign_in(client)
    assert location.startswith(f"{oidc_issuer}/auth?")
    query = query_of(location)
    assert query["response_type"] == "code" and query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) >= 43 and len(query["state"]) >= 20 and len(query["nonce"]) >= 20
    assert "openid" in query["scope"].split()


def test_a_resident_signs_in_and_sees_hồ_sơ_của_tôi(client):
    response = sign_in(client, "cong-dan-a")
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert "Hồ sơ của tôi" in page.get_data(as_text=True)
    assert "Nguyễn Văn An" in page.get_data(as_text=True)


def test_a_half_made_configuration_is_named_in_one_line_at_start(instance_path, migrated_db, caplog):
    from .conftest import make_app
    make_app(instance_path, OIDC_ISSUER="https://sso.example.gov.vn", OIDC_CLIENT_ID="portal")
    assert "residents' sign-in is off: OIDC_CLIENT_SECRET not set" in caplog.text


def test_a_provider_that_cannot_be_reached_is_said_so(instance_path, migrated_db):
    import shutil
    import socket

    from .conftest import make_app
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    shutil.copy(migrated_db, instance_path / "wardportal.db")
    app = make_app(instance_path, **oidc_settings(f"http://127.0.0.1:{port}"))
    response = app.test_client().get("/dang-nhap")
    assert response.status_code == 503
    assert "Không kết nối được với cổng định danh" in response.get_data(as_text=True)
