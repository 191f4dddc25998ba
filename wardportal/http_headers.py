"""Security headers and caching hints sent with every response."""

from flask import Flask, Response

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


def register_security_headers(app: Flask) -> None:
    """Attach the security headers and ``Vary: HX-Request`` (pages and fragments share URLs)."""

    @app.after_request
    def _add_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.vary.add("HX-Request")
        response.vary.add("Cookie")
        return response
