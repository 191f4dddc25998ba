"""Issue 30, checks: every broken answer of a real provider is refused with a clear message, and signs no one in.

The provider (tests/oidc_provider/provider.mjs) is real; its misbehaving accounts re-sign the ID token with its
own key (wrong audience, expired, another nonce) or break the signature, after the real code flow.
"""

import logging

import pytest

from wardportal.kernel.i18n import LANGUAGE_COOKIE
from wardportal.residents.provider import REFUSALS

from .oidc_support import (CITIZEN_IDS, callback_path, oidc_issuer, oidc_settings,  # noqa: F401
                           provider_answer, query_of, sign_in, start_sign_in)

ENGLISH = {
    "state": "The sign-in request does not match this browser or has expired. Please sign in again.",
    "code": "The sign-in code is invalid, has expired or was already used. Please sign in again.",
    "signature": "The signature of the identity information is invalid: it may have been altered.",
    "expired": "The identity information has expired. Please sign in again.",
    "aud": "The identity information was not issued for this service portal.",
    "nonce": "The identity information does not match this sign-in request (nonce).",
    "unverified": "Your personal identification number has not been verified by the identity gateway, so it "
                  "cannot be used to sign in. You can still submit and track dossiers without signing in.",
}


@pytest.fixture
def app_settings(oidc_issuer):
    return oidc_settings(oidc_issuer)


def _refused(client, response, reason: str) -> None:
    """The answer names the reason in Vietnamese, and nobody is signed in."""
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert str(REFUSALS[reason]) in response.get_data(as_text=True)
    assert client.get("/ho-so-cua-toi").status_code == 401


@pytest.mark.parametrize("account, reason", [
    ("nonce-sai", "nonce"), ("het-han", "expired"), ("gia-mao", "signature"), ("aud-sai", "aud"),
    ("chua-xac-thuc", "unverified"),
])
def test_a_broken_id_token_or_an_unverified_citizen_id_is_refused(client, account, reason):
    _refused(client, sign_in(client, account), reason)


def test_a_wrong_state_is_refused(client):
    answer = provider_answer(client, "cong-dan-a")
    forged = callback_path(answer).replace(f"state={query_of(answer)['state']}", "state=forged-state-value")
    _refused(client, client.get(forged), "state")


def test_an_answer_opened_in_another_browser_is_refused(client, app):
    """The state lives in the browser that asked: a callback link sent to someone else signs no one in."""
    answer = provider_answer(client, "cong-dan-a")
    other = app.test_client()
    _refused(other, other.get(callback_path(answer)), "state")


def test_a_replayed_code_is_refused_by_the_provider(client):
    first = provider_answer(client, "cong-dan-a")
    assert client.get(callback_path(first)).status_code == 302
    # A new sign-in (its own state) handed the code already used: the provider refuses the exchange.
    state = query_of(start_sign_in(client))["state"]
    replay = callback_path(first).replace(f"state={query_of(first)['state']}", f"state={state}")
    client.get("/dang-xuat")  # not a sign-out (GET): the session is still the signed-in one, state and all
    response = client.get(replay)
    assert response.status_code == 400
    assert str(REFUSALS["code"]) in response.get_data(as_text=True)


def test_the_same_callback_twice_signs_in_once(client):
    answer = provider_answer(client, "cong-dan-a")
    assert client.get(callback_path(answer)).status_code == 302
    again = client.get(callback_path(answer))
    assert again.status_code == 400
    assert str(REFUSALS["state"]) in again.get_data(as_text=True)


@pytest.mark.parametrize("account, reason", [
    ("nonce-sai", "nonce"), ("het-han", "expired"), ("gia-mao", "signature"), ("aud-sai", "aud"),
    ("chua-xac-thuc", "unverified"),
])
def test_refusals_read_in_english_on_the_english_pages(client, account, reason):
    client.set_cookie(LANGUAGE_COOKIE, "en")
    response = sign_in(client, account)
    assert response.status_code == 400
    assert ENGLISH[reason] in response.get_data(as_text=True)


def test_state_and_code_refusals_in_english(client):
    client.set_cookie(LANGUAGE_COOKIE, "en")
    answer = provider_answer(client, "cong-dan-a")
    forged = callback_path(answer).replace(f"state={query_of(answer)['state']}", "state=forged")
    assert ENGLISH["state"] in client.get(forged).get_data(as_text=True)
    assert client.get(callback_path(answer)).status_code == 302
    state = query_of(start_sign_in(client))["state"]
    replay = callback_path(answer).replace(f"state={query_of(answer)['state']}", f"state={state}")
    assert ENGLISH["code"] in client.get(replay).get_data(as_text=True)


def test_no_personal_data_in_the_logs(app, client, caplog):
    caplog.set_level(logging.DEBUG)
    assert sign_in(client, "cong-dan-a").status_code == 302
    for account, reason in (("gia-mao", "signature"), ("chua-xac-thuc", "unverified")):
        other = app.test_client()
        _refused(other, sign_in(other, account), reason)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in (*CITIZEN_IDS.values(), "001090099999", "Nguyễn Văn An", "Lê Văn Cường", "eyJ"):
        assert secret not in logged
    assert "resident sign-in refused: signature" in logged
