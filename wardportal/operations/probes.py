"""``/healthz``, ``/readyz`` and ``/metrics``: what load balancers, service managers and Prometheus ask.

They are answered by a thin layer in front of Flask's request handling (beneath the reverse-proxy fix, so the
client address is the one the kernel computes): none of the portal's request hooks run — first-start set-up,
scheduled publication, page cache, rate limits, host checks, sign-in — so a probe never waits for, nor fails
because of, the database unless it checks the database, and a gone database gives 503, never 500. The rules
are also registered with Flask, so ``url_for``, ``flask routes`` and the route enumerations know them.
"""

from __future__ import annotations

import ipaddress
import json
import logging

from flask import Blueprint, Flask, Response, current_app
from werkzeug.middleware.proxy_fix import ProxyFix

from wardportal.kernel.request_facts import client_address
from wardportal.operations.metrics_export import exposition
from wardportal.operations.readiness import OK, run_checks

log = logging.getLogger(__name__)
bp = Blueprint("probes", __name__)
# The security headers' hook does not run for probes: their answers carry their own, the strictest.
_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox"}


@bp.get("/healthz")
def healthz():
    """The process is up and answering (no database, no disk)."""
    return Response("ok\n", mimetype="text/plain", headers=_HEADERS)


@bp.get("/readyz")
def readyz():
    """200 when every check passes, else 503; a short JSON body names each check's answer."""
    checks = run_checks(current_app._get_current_object())
    ready = all(answer == OK for answer in checks.values())
    body = json.dumps({"status": "ready" if ready else "not ready", "checks": checks})
    return Response(body + "\n", status=200 if ready else 503, mimetype="application/json", headers=_HEADERS)


@bp.get("/metrics")
def metrics():
    """Prometheus text, for the addresses of ``METRICS_ALLOWED_NETWORKS`` only (others: 404)."""
    if not metrics_allowed(client_address(), current_app.extensions["metrics.networks"]):
        return Response("Not Found\n", status=404, mimetype="text/plain", headers=_HEADERS)
    return Response(exposition(current_app._get_current_object()), headers=_HEADERS,
                    mimetype="text/plain; version=0.0.4; charset=utf-8")


def parse_networks(value) -> tuple:
    """``METRICS_ALLOWED_NETWORKS``: a list of networks (CIDR) or one string of them separated by commas."""
    items = value.split(",") if isinstance(value, str) else list(value or ())
    try:
        return tuple(ipaddress.ip_network(str(item).strip(), strict=False) for item in items if str(item).strip())
    except ValueError as exc:
        raise ValueError(f"METRICS_ALLOWED_NETWORKS: {exc}") from None


def metrics_allowed(address: str, networks: tuple) -> bool:
    """Whether a client address lies in one of the networks (an IPv4-mapped IPv6 address counts as IPv4)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip.version == net.version and ip in net for net in networks)


class ProbeLayer:
    """WSGI middleware answering the probe paths with their views, in a request context of their own."""

    def __init__(self, app: Flask, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        self.views = {"/healthz": healthz, "/readyz": readyz, "/metrics": metrics}

    def __call__(self, environ, start_response):
        view = self.views.get(environ.get("PATH_INFO", ""))
        if view is None:
            return self.wsgi_app(environ, start_response)
        with self.app.request_context(environ):
            if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
                response = Response("Method Not Allowed\n", status=405, mimetype="text/plain",
                                    headers={**_HEADERS, "Allow": "GET, HEAD"})
            else:
                try:
                    response = view()
                except Exception:  # noqa: BLE001 — a probe is never a 500
                    log.exception("probe %s failed", environ.get("PATH_INFO"))
                    response = Response("error\n", status=503, mimetype="text/plain", headers=_HEADERS)
            return response(environ, start_response)


def register_probes(app: Flask) -> None:
    """Register the probe routes and put their layer beneath the proxy fix (call after ``_trust_proxies``)."""
    app.extensions["metrics.networks"] = parse_networks(app.config.get("METRICS_ALLOWED_NETWORKS"))
    app.register_blueprint(bp)
    if isinstance(app.wsgi_app, ProxyFix):
        app.wsgi_app.app = ProbeLayer(app, app.wsgi_app.app)
    else:
        app.wsgi_app = ProbeLayer(app, app.wsgi_app)
