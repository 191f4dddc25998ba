"""Issue 10 items 3 and 4: the real client behind a reverse proxy, and absolute URLs from the public address.

Every test sends the hostile request (a forged Host, X-Forwarded-Host or X-Forwarded-For header) and checks
that it is refused or ignored, and that nothing it carried was stored, signed or sent.
"""

import logging
import re
import shutil
import subprocess

import pytest
from sqlalchemy import func, select

from wardportal.dossiers.models import ApplicationDraft, Dossier
from wardportal.kernel.extensions import db
from wardportal.kernel.public_address import InvalidBaseUrl, normalise_base_url
from wardportal.notifications import messages as notifications
from wardportal.staff.models import AuditEntry

from .apply_support import fill_draft, start_draft
from .conftest import make_app
from .staff_factories import DEFAULT_PASSWORD, make_staff, settle, totp_code
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)

PUBLIC = "https://dichvucong.example.vn"


@pytest.fixture
def app_settings():
    """The install's public address is configured, as the README's production set-up says."""
    return {"PUBLIC_BASE_URL": PUBLIC + "/"}


@pytest.fixture
def client(client):
    """A browser on the public address; each request ends the test's own transaction first."""
    original = client.open

    def open_on_public_host(*args, **kwargs):
        kwargs.setdefault("base_url", PUBLIC)
        db.session.commit()
        try:
            return original(*args, **kwargs)
        finally:
            db.session.commit()

    client.open = open_on_public_host
    return client


def _pdf_text(tmp_path, data: bytes) -> str:
    path = tmp_path / "receipt.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, timeout=30).stdout


def test_forged_host_is_refused_and_stores_nothing(client, make):
    """``Host: evil.example`` is a 400 before any view runs: no draft, no dossier, no receipt."""
    ward = make.ward()
    procedure = make.procedure(ward)
    for path in (f"/{ward.slug}/thu-tuc/{procedure.code}/nop-ho-so", "/can-bo/dang-nhap"):
        response = client.post(path, headers={"Host": "evil.example"})
        assert response.status_code == 400
        assert "evil.example" not in response.text
    assert client.get(f"/{ward.slug}/", headers={"Host": "evil.example:443"}).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(ApplicationDraft)) == 0
    assert db.session.scalar(select(func.count()).select_from(Dossier)) == 0


def test_receipt_resume_link_api_and_messages_use_the_public_address(client, make, tmp_path, app):
    """Behind a proxy that passes X-Forwarded-Host (ignored), every absolute URL still names PUBLIC."""
    ward = make.ward()
    procedure = make.procedure(ward)
    forged = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"}
    token = start_draft(client, ward, procedure)
    saved = client.get(f"/{ward.slug}/nop-ho-so/{token}/da-luu", headers=forged)
    assert f"{PUBLIC}/{ward.slug}/nop-ho-so/{token}" in saved.text and "evil.example" not in saved.text
    base = fill_draft(client, ward, token)
    assert client.post(f"{base}/nop", headers=forged).status_code == 302
    dossier = db.session.scalar(select(Dossier))
    pdf = client.get(f"/{ward.slug}/ho-so/{dossier.tracking_token}/bien-nhan.pdf").data
    text = _pdf_text(tmp_path, pdf).replace("\n", "").replace(" ", "")
    # (The token itself is not compared: font shaping may turn its "--" into a dash in the extracted text.)
    assert f"{PUBLIC}/{ward.slug}/ho-so/" in text
    assert all(piece in text for piece in dossier.tracking_token.split("-"))
    assert "evil" not in text and "localhost" not in text
    # Messages built outside any request (a CLI job) carry the same link.
    assert notifications.tracking_link(dossier) == f"{PUBLIC}/{ward.slug}/ho-so/{dossier.tracking_token}"
    make.procedure(ward, code="1.000001", title="Chứng thực bản sao")
    api = client.get(f"/api/v1/wards/{ward.slug}/procedures?q=chung+thuc", headers=forged).get_json()
    assert api["results"] and all(r["url"].startswith(PUBLIC + "/") for r in api["results"])


def test_invitation_link_uses_the_public_address(client, make):
    """The one-time link an admin hands out is on the public address, whatever Host the admin's browser sent."""
    ward = make.ward()
    admin = make_staff(ward, "admin")
    client.post("/can-bo/dang-nhap", data={"email": admin.email, "password": DEFAULT_PASSWORD})
    assert client.post("/can-bo/dang-nhap/ma-xac-thuc", data={"code": totp_code(admin)}).status_code == 302
    page = client.post(f"/{ward.slug}/can-bo/nhan-su/moi", headers={"X-Forwarded-Host": "evil.example"},
                       data={"email": "moi@example.vn", "full_name": "Người Mới", "roles": ["editor"]})
    link = re.search(r'class="one-time-link">([^<]+)<', page.text).group(1)
    assert link.startswith(f"{PUBLIC}/can-bo/lien-ket/")


def test_without_public_address_production_answers_loopback_only(instance_path, migrated_db, make, caplog):
    """Unset outside debug/testing: a warning at start, a forged host refused, localhost served with its links."""
    shutil.copy(migrated_db, instance_path / "wardportal.db")
    with caplog.at_level(logging.WARNING, logger="wardportal.public_address"):
        production = make_app(instance_path, TESTING=False, PUBLIC_BASE_URL=None)
    assert "PUBLIC_BASE_URL is not set" in caplog.text
    browser = production.test_client()
    with production.app_context():
        ward = make.ward()
        settle()
        assert browser.get(f"/{ward.slug}/", headers={"Host": "evil.example"}).status_code == 400
        assert browser.get(f"/{ward.slug}/").status_code == 200
        assert browser.get(f"/{ward.slug}/", base_url="http://127.0.0.1:5000").status_code == 200


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "evil.example", "https://", "https://a.vn/?x=1",
                                 "https://user:pw@a.vn", "ftp://a.vn", "https://a.vn:99999"])
def test_unusable_public_addresses_are_refused(bad):
    """Only http(s) addresses with a host and nothing else pass."""
    with pytest.raises(InvalidBaseUrl):
        normalise_base_url(bad)


def test_init_records_the_public_address(runner, app, instance_path):
    """``flask init --public-base-url`` writes it to instance/config.py (replacing an earlier value); a bad
    value is refused and nothing is written; without a terminal, init never waits for an answer."""
    config_file = instance_path / "config.py"
    result = runner.invoke(args=["init", "--public-base-url", "javascript:alert(1)"])
    assert result.exit_code == 2 and not config_file.exists()
    result = runner.invoke(args=["init", "--public-base-url", "https://DichVuCong.example.vn/"])
    assert result.exit_code == 0, result.output
    assert "PUBLIC_BASE_URL = 'https://dichvucong.example.vn'" in config_file.read_text()
    runner.invoke(args=["init", "--public-base-url", "https://moi.example.vn"])
    assert config_file.read_text().count("PUBLIC_BASE_URL") == 1 and "moi.example.vn" in config_file.read_text()
    result = runner.invoke(args=["init"], input="")
    assert result.exit_code == 0 and "Public address: https://dichvucong.example.vn" in result.output


@pytest.fixture
def proxied(instance_path, migrated_db):
    """An app behind one reverse proxy (PROXY_COUNT=1) with rate limits on."""
    shutil.copy(migrated_db, instance_path / "wardportal.db")
    return make_app(instance_path, PUBLIC_BASE_URL=PUBLIC, PROXY_COUNT=1, RATELIMIT_ENABLED=True,
                    STAFF_LOGIN_LIMIT_ADDRESS="3 per minute", STAFF_LOGIN_LIMIT_ACCOUNT="100 per minute")


def _wrong_login(browser, client_ip=None, spoofed=None, proxy="10.0.0.1"):
    """A failed sign-in as it reaches the app: from the proxy, which appends the client's address."""
    forwarded = ", ".join(x for x in (spoofed, client_ip) if x)
    headers = {"X-Forwarded-For": forwarded, "X-Forwarded-Proto": "https"} if forwarded else {}
    return browser.post("/can-bo/dang-nhap", base_url=PUBLIC, headers=headers, environ_base={"REMOTE_ADDR": proxy},
                        data={"email": "ai@example.vn", "password": "sai-mat-khau-roi"}).status_code


def test_behind_the_proxy_limits_count_per_real_client(proxied, make):
    """One client guessing passwords is limited by its own address: the others behind the same proxy are
    not locked out, and forging X-Forwarded-For does not buy the guesser a fresh count."""
    browser = proxied.test_client()
    with proxied.app_context():
        assert [_wrong_login(browser, "203.0.113.7") for _ in range(4)] == [422, 422, 422, 429]
        assert _wrong_login(browser, "203.0.113.7", spoofed="198.51.100.99") == 429
        assert _wrong_login(browser, "198.51.100.20") == 422  # another resident's office, same proxy


def test_without_proxy_count_forwarded_headers_are_ignored(instance_path, migrated_db):
    """PROXY_COUNT=0 (the default): a client rotating X-Forwarded-For still hits its own limit."""
    shutil.copy(migrated_db, instance_path / "wardportal.db")
    direct = make_app(instance_path, RATELIMIT_ENABLED=True, STAFF_LOGIN_LIMIT_ADDRESS="3 per minute",
                      STAFF_LOGIN_LIMIT_ACCOUNT="100 per minute")
    browser = direct.test_client()
    with direct.app_context():
        codes = [browser.post("/can-bo/dang-nhap", headers={"X-Forwarded-For": f"192.0.2.{n}"},
                              environ_base={"REMOTE_ADDR": "203.0.113.7"},
                              data={"email": "ai@example.vn", "password": "sai-mat-khau-roi"}).status_code
                 for n in range(4)]
    assert codes == [422, 422, 422, 429]


def test_behind_the_proxy_audit_and_cookies_see_the_real_client(proxied, make):
    """The audit log records the client's address, not the proxy's; HTTPS at the proxy makes cookies Secure."""
    browser = proxied.test_client()
    with proxied.app_context():
        user = make_staff(make.ward(), "editor")
        settle()
        response = browser.post("/can-bo/dang-nhap", base_url="http://dichvucong.example.vn",
                                headers={"X-Forwarded-For": "198.51.100.99, 203.0.113.7",
                                         "X-Forwarded-Proto": "https"},
                                environ_base={"REMOTE_ADDR": "10.0.0.1"},
                                data={"email": user.email, "password": DEFAULT_PASSWORD})
        assert response.status_code == 302
        assert db.session.scalar(select(AuditEntry.ip_address).where(AuditEntry.action == "staff.login")) \
            == "203.0.113.7"
        language = browser.get("/ngon-ngu/en?next=/", base_url="http://dichvucong.example.vn",
                               headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"},
                               environ_base={"REMOTE_ADDR": "10.0.0.1"})
        assert "Secure" in language.headers["Set-Cookie"]
        assert "Strict-Transport-Security" in language.headers
