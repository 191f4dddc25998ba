"""A real OpenID Connect provider for the residents' sign-in tests, and a resident's way through it.

The provider is node-oidc-provider (OpenID certified) run by Node with tests/oidc_provider/provider.mjs:
`scripts/run-tests.sh` starts one and sets WARDPORTAL_TEST_OIDC_ISSUER; without it, the session fixture
installs the npm packages from the committed lock (npm ci) and starts its own on a free port. No mock: the
portal discovers it, redirects to it, exchanges codes at its token endpoint and checks its signed ID tokens.
"""

import os
import re
import subprocess
import time
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

PROVIDER_DIR = Path(__file__).parent / "oidc_provider"
CLIENT_ID = "wardportal-test"
CLIENT_SECRET = "wardportal-test-secret-0123456789abcdef"
# The test accounts of provider.mjs and the citizen IDs their provider vouches for.
CITIZEN_IDS = {"cong-dan-a": "001090012345", "cong-dan-b": "079085067890"}
NAMES = {"cong-dan-a": "Nguyễn Văn An", "cong-dan-b": "Trần Thị Bình"}


def _answers(issuer: str) -> bool:
    try:
        return requests.get(f"{issuer}/.well-known/openid-configuration", timeout=3).ok
    except requests.RequestException:
        return False


@pytest.fixture(scope="session")
def oidc_issuer():
    """The issuer URL of a running provider: the test command's, or one started here for the session."""
    issuer = os.environ.get("WARDPORTAL_TEST_OIDC_ISSUER")
    if issuer and _answers(issuer):
        yield issuer.rstrip("/")
        return
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PROVIDER_DIR, check=True)
    process = subprocess.Popen(["node", "provider.mjs"], cwd=PROVIDER_DIR, env=dict(os.environ, PORT="0"),
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = process.stdout.readline()
        match = re.match(r"issuer (\S+)", line)
        assert match, f"the provider did not start: {line!r}"
        yield match[1]
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def oidc_settings(issuer: str, **overrides) -> dict:
    """App settings naming the test provider."""
    return dict({"OIDC_ISSUER": issuer, "OIDC_CLIENT_ID": CLIENT_ID, "OIDC_CLIENT_SECRET": CLIENT_SECRET},
                **overrides)


class ProviderBrowser:
    """The resident's browser at the provider: its own cookies, the provider's login form filled in."""

    def __init__(self):
        self.http = requests.Session()

    def authorize(self, authorize_url: str, account: str, callback_prefix: str) -> str:
        """Follow the authorization request, sign in as ``account``; return the redirect back to the portal."""
        url = authorize_url
        for _ in range(12):
            if url.startswith(callback_prefix):
                return url
            response = self.http.get(url, allow_redirects=False, timeout=10)
            if response.status_code in (302, 303):
                url = urljoin(url, response.headers["Location"])
                continue
            assert response.status_code == 200, (response.status_code, response.text[:500])
            action = re.search(r'<form[^>]*action="([^"]+)"', response.text)[1]
            if 'name="login"' in response.text:
                data = {"prompt": "login", "login": account, "password": "any"}
            else:
                data = {"prompt": "consent"}
            response = self.http.post(urljoin(url, action), data=data, allow_redirects=False, timeout=10)
            assert response.status_code in (302, 303), (response.status_code, response.text[:500])
            url = urljoin(url, response.headers["Location"])
        raise AssertionError("the provider never sent the browser back")

    def end_session(self, logout_url: str) -> requests.Response:
        """Confirm the provider's logout page (RP-initiated logout) and follow it."""
        response = self.http.get(logout_url, allow_redirects=False, timeout=10)
        assert response.status_code == 200, response.status_code
        form = re.search(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', response.text, re.S)
        fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form[2]))
        fields["logout"] = "yes"
        return self.http.post(urljoin(logout_url, form[1]), data=fields, allow_redirects=False, timeout=10)


CALLBACK = "http://localhost/dang-nhap/oidc/ve"


def start_sign_in(client) -> str:
    """The portal's redirect to the provider (the authorization request)."""
    response = client.get("/dang-nhap")
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def provider_answer(client, account: str, browser: ProviderBrowser | None = None) -> str:
    """Start signing in and let ``account`` sign in at the provider; return the callback URL (not opened)."""
    return (browser or ProviderBrowser()).authorize(start_sign_in(client), account, CALLBACK)


def callback_path(url: str) -> str:
    """The callback URL as the test client opens it (path and query)."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def sign_in(client, account: str = "cong-dan-a", browser: ProviderBrowser | None = None):
    """Sign in through the provider as ``account``; return the portal's answer to the callback."""
    return client.get(callback_path(provider_answer(client, account, browser)))


def query_of(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def wait_until(predicate, seconds: float = 5) -> None:
    end = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < end
        time.sleep(0.05)
