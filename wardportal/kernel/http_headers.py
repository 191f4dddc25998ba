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


# Types that are files rather than pages of the portal (stored files, exports, generated documents).
FILE_TYPE_PREFIXES = ("application/pdf", "image/", "application/msword", "application/vnd.",
                      "application/octet-stream", "text/csv")


# Areas whose pages and fragments show residents' personal data or staff-only content: the staff pages, the
# one-stop desk (dossiers, files, slips), tracking (after the phone check, and /<ward>/ho-so/<token>) and
# online applications (drafts, receipts). No browser, shared computer or proxy may keep a copy.
PRIVATE_AREAS = frozenset({"staff", "desk", "track", "apply", "payments"})


def is_private_request() -> bool:
    """Whether the current request belongs to an area that shows personal or staff-only data."""
    return request.blueprint in PRIVATE_AREAS


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
            response.headers["Cache-Control"] = "no-store"
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
