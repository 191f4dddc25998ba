"""The one module that speaks to the identity provider (OpenID Connect, through Authlib's Flask client).

Authlib does the protocol: discovery at ``OIDC_ISSUER``, the authorization code flow with PKCE (S256),
``state`` and ``nonce`` kept in the session, the code exchanged at the token endpoint, and the ID token's
signature (the provider's published keys) and claims (issuer, audience, expiry, nonce, at_hash) checked.
This module adds what is the portal's: the discovered issuer must be the configured one, and the citizen ID
must be there and verified. Every refusal becomes `SignInRefused` with a message for the resident; nothing
personal is logged.
"""

import logging
import re
from dataclasses import dataclass
from datetime import date

from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from joserfc.errors import BadSignatureError, ClaimError, ExpiredTokenError, JoseError

log = logging.getLogger(__name__)

EXTENSION = "wardportal_oidc"
_CITIZEN_ID = re.compile(r"^[0-9]{12}$")

REFUSALS = {
    "state": _l("Yêu cầu đăng nhập không khớp với trình duyệt này hoặc đã hết hạn. Vui lòng đăng nhập lại."),
    "code": _l("Mã đăng nhập không hợp lệ, đã hết hạn hoặc đã được dùng. Vui lòng đăng nhập lại."),
    "cancelled": _l("Việc đăng nhập đã bị huỷ hoặc bị từ chối tại cổng định danh."),
    "signature": _l("Chữ ký của thông tin định danh không hợp lệ: thông tin có thể đã bị sửa đổi."),
    "expired": _l("Thông tin định danh đã hết hạn. Vui lòng đăng nhập lại."),
    "aud": _l("Thông tin định danh không được cấp cho cổng dịch vụ này."),
    "nonce": _l("Thông tin định danh không khớp với yêu cầu đăng nhập này (nonce)."),
    "iss": _l("Thông tin định danh không do cổng định danh đã cấu hình cấp."),
    "claims": _l("Thông tin định danh không hợp lệ."),
    "unverified": _l("Số định danh cá nhân của bạn chưa được cổng định danh xác thực, nên không thể dùng để "
                     "đăng nhập. Bạn vẫn có thể nộp và tra cứu hồ sơ mà không cần đăng nhập."),
    "unavailable": _l("Không kết nối được với cổng định danh. Vui lòng thử lại sau."),
}


class SignInRefused(Exception):
    """The provider's answer was not accepted; ``reason`` is a key of REFUSALS."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self):
        return REFUSALS[self.reason]


@dataclass(frozen=True)
class VerifiedIdentity:
    """What the provider vouched for, from the checked ID token."""

    issuer: str
    subject: str
    citizen_id: str
    full_name: str
    birth_date: date | None
    address: str
    id_token: str


def is_configured(app: Flask | None = None) -> bool:
    """Whether an identity provider is configured (issuer, client id and secret all set)."""
    config = (app or current_app).config
    return all(config.get(name) for name in ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"))


def init_provider(app: Flask) -> None:
    """Register the provider's client with Authlib when one is configured (discovery happens at first use).

    A half-made configuration is named in one line at start, and the sign-in stays off.
    """
    names = ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")
    if not is_configured(app):
        missing = [name for name in names if not app.config.get(name)]
        if len(missing) < len(names):
            log.warning("residents' sign-in is off: %s not set", ", ".join(missing))
        return
    if not app.config["OIDC_ISSUER"].startswith("https://") and not (app.testing or app.debug):
        log.warning("OIDC_ISSUER is not an https:// URL: residents' sign-in talks to the provider in clear")
    issuer = app.config["OIDC_ISSUER"].rstrip("/")
    oauth = OAuth(app)
    app.extensions[EXTENSION] = oauth.register(
        "gateway", client_id=app.config["OIDC_CLIENT_ID"], client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": app.config.get("OIDC_SCOPES") or "openid", "code_challenge_method": "S256",
                       "timeout": 10})


def _client():
    return current_app.extensions[EXTENSION]


def _metadata() -> dict:
    """The discovered metadata, refused unless it names the configured issuer (no mix-up of providers)."""
    try:
        metadata = _client().load_server_metadata()
    except Exception as error:  # noqa: BLE001 — network or JSON trouble: the resident is told, the reason logged
        log.warning("identity provider discovery failed: %s", type(error).__name__)
        raise SignInRefused("unavailable") from error
    if metadata.get("issuer", "").rstrip("/") != current_app.config["OIDC_ISSUER"].rstrip("/"):
        raise SignInRefused("iss")
    return metadata


def begin_sign_in(redirect_uri: str):
    """The redirect to the provider's authorization endpoint (state, nonce, PKCE kept in the session)."""
    _metadata()
    return _client().authorize_redirect(redirect_uri)


def finish_sign_in() -> VerifiedIdentity:
    """Check the provider's answer on the callback request and return the verified identity."""
    metadata = _metadata()
    try:
        token = _client().authorize_access_token(
            # The audience is checked here: Authlib's ID token class only asks for ``azp`` when ``aud`` is not
            # this client, so a token for another service carrying this client as ``azp`` would pass.
            claims_options={"iss": {"essential": True, "values": [metadata["issuer"]]},
                            "aud": {"essential": True, "values": [_client().client_id]},
                            "sub": {"essential": True}}, leeway=60)
    except MismatchingStateError as error:
        raise _refused("state", error)
    except OAuthError as error:
        reason = "cancelled" if error.error in ("access_denied", "login_required", "consent_required") else "code"
        raise _refused(reason, error)
    except BadSignatureError as error:
        raise _refused("signature", error)
    except ExpiredTokenError as error:
        raise _refused("expired", error)
    except ClaimError as error:
        claim = getattr(error, "claim", "")
        raise _refused(claim if claim in ("aud", "nonce", "iss") else "claims", error)
    except JoseError as error:
        raise _refused("signature", error)
    except OSError as error:  # requests' errors: the provider went away between the redirect and the callback
        raise _refused("unavailable", error)
    claims = token.get("userinfo")
    if not claims:
        raise SignInRefused("claims")
    return _identity(metadata["issuer"], claims, token.get("id_token", ""))


def _refused(reason: str, error: Exception) -> SignInRefused:
    """Log the refusal (its kind only, nothing the token said) and return it to raise."""
    log.info("resident sign-in refused: %s (%s)", reason, type(error).__name__)
    return SignInRefused(reason)


def _identity(issuer: str, claims: dict, id_token: str) -> VerifiedIdentity:
    """The verified identity from checked claims; an unverified or malformed citizen ID is refused."""
    config = current_app.config
    citizen_id = str(claims.get(config.get("OIDC_CITIZEN_ID_CLAIM") or "citizen_id") or "")
    if claims.get(config.get("OIDC_CITIZEN_ID_VERIFIED_CLAIM") or "citizen_id_verified") is not True:
        log.info("resident sign-in refused: unverified (citizen ID claim not verified)")
        raise SignInRefused("unverified")
    if not _CITIZEN_ID.match(citizen_id):
        log.info("resident sign-in refused: claims (citizen ID claim missing or malformed)")
        raise SignInRefused("claims")
    address = claims.get("address") or {}
    return VerifiedIdentity(
        issuer=issuer, subject=str(claims["sub"]), citizen_id=citizen_id,
        full_name=str(claims.get("name") or "")[:200], birth_date=_birth_date(claims.get("birthdate")),
        address=str(address.get("formatted") if isinstance(address, dict) else address or "")[:1000],
        id_token=id_token)


def _birth_date(value) -> date | None:
    """An OpenID ``birthdate`` (YYYY-MM-DD); anything else is left out."""
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def logout_url(id_token: str, post_logout_redirect_uri: str) -> str | None:
    """The provider's end-session URL (RP-initiated logout), or None when it advertises none."""
    try:
        metadata = _metadata()
    except SignInRefused:
        return None
    if not metadata.get("end_session_endpoint"):
        return None
    return _client().create_logout_url(post_logout_redirect_uri=post_logout_redirect_uri,
                                       id_token_hint=id_token or None, client_id=_client().client_id)["url"]
