"""Security headers and caching hints sent with every response."""

from flask import Flask, Response, current_app, request

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


# Areas whose pages and fragments show residents' personal data or staff-only content: the staff pages, the
# one-stop desk (dossiers, files, slips), tracking (after the phone check, and /<ward>/ho-so/<token>) and
# online applications (drafts, receipts). No browser, shared computer or proxy may keep a copy.
PRIVATE_AREAS = frozenset({"staff", "desk", "track", "apply", "payments"})


def is_private_request() -> bool:
    """Whether the current request belongs to an area that shows personal or staff-only data."""
    return request.blueprint in PRIVATE_AREAS


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
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
            response.headers.pop("Expires", None)
        if hsts_wanted():
            response.headers.setdefault("Strict-Transport-Security",
                                        f"max-age={int(current_app.config.get('HSTS_MAX_AGE', 31536000))}")
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.vary.add("HX-Request")
        response.vary.add("Cookie")
        return response
