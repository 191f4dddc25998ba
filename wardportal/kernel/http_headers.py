"""Security headers and caching hints sent with every response."""

from flask import Flask, Response, current_app, request, session

# htmx is served from static/ and configured (meta htmx-config) not to inject inline styles or eval code,
# so the policy needs no 'unsafe-inline' anywhere.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


# Staff pages live under /can-bo/ (sign-in, two-step, account pages) and /<ward>/can-bo/ (everything else).
STAFF_PATH_SEGMENT = "can-bo"
# Applicant-facing areas that show a resident's own personal data: tracking (after the phone check, and
# /<ward>/ho-so/<token>), online applications (drafts, receipts), payments (fee receipts, gateway returns) and
# a signed-in resident's own area (sign-in, "Hồ sơ của tôi").
APPLICANT_AREAS = frozenset({"track", "apply", "payments", "residents"})
# The session keys of a signed-in browser: Flask-Login's staff id, and a resident's session id (the key
# residents/sessions.py writes).
RESIDENT_SESSION_KEY = "resident_sid"
SIGNED_IN_KEYS = ("_user_id", RESIDENT_SESSION_KEY)
# Endpoints whose view cannot carry ``may_be_stored``: Flask's static files, the same for everybody (signed in
# or not) and cached for a year when fingerprinted. Every other opt-out is a decorated view.
STORABLE_ENDPOINTS = frozenset({"static"})
# What a private response says: no browser, shared computer or proxy may keep a copy.
PRIVATE_CACHE_CONTROL = "private, no-store"
# Types that are files rather than pages of the portal (stored files, exports, generated documents).
FILE_TYPE_PREFIXES = ("application/pdf", "image/", "application/msword", "application/vnd.",
                      "application/octet-stream", "text/csv")


def may_be_stored(view):
    """Opt a view out of ``no-store`` (put it right under the route decorator): only for responses that carry
    nothing personal or staff-only, whoever asks. tests/test_private_caching.py lists every opt-out."""
    view.may_be_stored = True
    return view


def is_staff_path(path: str) -> bool:
    """Whether ``path`` is a staff URL: ``/can-bo/...`` or ``/<ward>/can-bo/...`` (matched or not)."""
    return STAFF_PATH_SEGMENT in path.split("/")[1:3]


def signed_in_session() -> bool:
    """Whether the browser carries a signed-in session: Flask-Login keeps a staff id under ``_user_id``, a
    resident's session (residents/sessions.py) its id under ``resident_sid``.

    Read from the session, not from ``current_user``: no database look-up after the request's transaction.
    """
    return any(session.get(key) is not None for key in SIGNED_IN_KEYS)


def opted_out() -> bool:
    """Whether the view that answered declared its responses storable."""
    if request.endpoint in STORABLE_ENDPOINTS:
        return True
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return bool(getattr(view, "may_be_stored", False))


def is_private_request() -> bool:
    """The one rule: every staff URL, every applicant area and every answer to a signed-in staff member is
    ``no-store`` (redirects and error pages included), unless the view opted out with ``may_be_stored``."""
    if opted_out():
        return False
    return is_staff_path(request.path) or request.blueprint in APPLICANT_AREAS or signed_in_session()


def sandbox_files(response: Response) -> None:
    """A response carrying a file (it names one in Content-Disposition, or is not a page of the portal) is
    sandboxed even when a view served it some other way than `file_storage.send_bytes`."""
    is_file = "Content-Disposition" in response.headers or response.mimetype.startswith(FILE_TYPE_PREFIXES)
    if not is_file:
        return
    policy = response.headers.get("Content-Security-Policy")
    if policy is None:
        response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    elif "sandbox" not in (part.split()[0] for part in policy.split(";") if part.strip()):
        response.headers["Content-Security-Policy"] = f"{policy.rstrip('; ')}; sandbox"


def hsts_wanted() -> bool:
    """HSTS for responses served over HTTPS (directly, through ProxyFix, or per the public https address)."""
    config = current_app.config
    enabled = config.get("HSTS_ENABLED")
    if enabled is None:
        enabled = not current_app.debug
    public = config.get("PUBLIC_BASE_URL") or ""
    return bool(enabled) and (request.is_secure or public.startswith("https://"))


def register_security_headers(app: Flask) -> None:
    """Attach the security headers and ``Vary: HX-Request`` (pages and fragments share URLs)."""

    @app.after_request
    def _add_headers(response: Response) -> Response:
        if is_private_request():
            # Replaces send_file's "no-cache" too: an uploaded ID card must not sit in a disk cache.
            response.headers["Cache-Control"] = PRIVATE_CACHE_CONTROL
            response.headers["Pragma"] = "no-cache"
            response.headers.pop("Expires", None)
        if hsts_wanted():
            response.headers.setdefault("Strict-Transport-Security",
                                        f"max-age={int(current_app.config.get('HSTS_MAX_AGE', 31536000))}")
        sandbox_files(response)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.vary.add("HX-Request")
        response.vary.add("Cookie")
        return response
