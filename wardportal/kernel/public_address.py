"""The install's public address: every absolute URL it prints, signs or sends is built from it.

A link inside a signed receipt, a QR code, a desk slip, an e-mail, an SMS, a resume, invitation or reset link,
or an API ``url`` field must not come from the request's ``Host`` header, which the client chooses: with
``Host: evil.example`` the ward would sign a receipt pointing to an attacker's site. So:

- ``PUBLIC_BASE_URL`` (env ``WARDPORTAL_PUBLIC_BASE_URL``, e.g. ``https://dichvucong.example.gov.vn``) is the
  only source of absolute URLs, and once it is set Flask's ``TRUSTED_HOSTS`` refuses (400) requests for any
  other host.
- Unset (development, the embedded first run): the request's own address is used only in debug or testing
  mode or when the host is a loopback name (``localhost``, ``127.0.0.1``). Outside debug/testing
  the app then answers loopback hosts only, and logs a warning at start-up saying how to set the address.
"""

import ipaddress
import logging
from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, request, url_for

logger = logging.getLogger("wardportal.public_address")

# "[::1]" cannot be listed: Werkzeug compares trusted hosts without their brackets.
LOOPBACK_HOSTS = ["localhost", "127.0.0.1"]


class InvalidBaseUrl(ValueError):
    """A public base URL the install cannot use (``str()`` says why)."""


def normalise_base_url(value: str) -> str:
    """``https://host[:port][/path]`` without a trailing slash; raises InvalidBaseUrl for anything else."""
    value = (value or "").strip()
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError as exc:
        raise InvalidBaseUrl(f"'{value}' is not a URL") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidBaseUrl(f"'{value}' must start with https:// (or http://) and name a host")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise InvalidBaseUrl(f"'{value}' must not contain a user name, a query or a fragment")
    if any(ch.isspace() for ch in value):
        raise InvalidBaseUrl(f"'{value}' must not contain spaces")
    return f"{parts.scheme}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def _is_loopback(host: str) -> bool:
    """Whether a host name (without port) is this machine."""
    host = host.lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def configure_public_address(app: Flask) -> None:
    """Validate ``PUBLIC_BASE_URL`` and derive ``TRUSTED_HOSTS`` from it (or loopback only, when unset)."""
    base = app.config.get("PUBLIC_BASE_URL")
    if base:
        base = app.config["PUBLIC_BASE_URL"] = normalise_base_url(base)
        host = urlsplit(base).hostname
        extra = list(app.config.get("TRUSTED_HOSTS") or [])
        app.config["TRUSTED_HOSTS"] = [host] + [h for h in extra if h != host]
        return
    app.config["PUBLIC_BASE_URL"] = None
    if app.debug or app.testing or app.config.get("TRUSTED_HOSTS"):
        return
    app.config["TRUSTED_HOSTS"] = list(LOOPBACK_HOSTS)
    logger.warning("PUBLIC_BASE_URL is not set: answering only requests for localhost. Set "
                   "WARDPORTAL_PUBLIC_BASE_URL=https://<the site's address> (or run `flask --app wardportal init "
                   "--public-base-url URL`) so that links in receipts, slips and messages point to the site.")


def public_base_url() -> str | None:
    """The address absolute URLs start with: the configured one, else the request's own when allowed.

    None when there is none to trust (no setting, and outside a request, or a host nobody vouched for
    outside debug/testing): callers then leave the link out rather than print one the client chose.
    """
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base
    if not has_request_context():
        return None
    # A non-empty TRUSTED_HOSTS has already refused any other host before the view ran.
    trusted = current_app.debug or current_app.testing or bool(current_app.config.get("TRUSTED_HOSTS"))
    if trusted or _is_loopback(_host_name(request.host)):
        return request.host_url.rstrip("/")
    return None


def _host_name(host: str) -> str:
    """The name part of a Host header: ``[::1]:5000`` → ``::1``, ``example.vn:8080`` → ``example.vn``."""
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def public_url(endpoint: str, **values) -> str:
    """The absolute URL of an endpoint on the public address (``url_for`` with a trusted origin).

    Raises RuntimeError when there is no trusted address (see ``public_base_url``).
    """
    base = public_base_url()
    if base is None:
        raise RuntimeError("PUBLIC_BASE_URL is not set")
    path = url_for(endpoint, **values)
    # url_for includes the mount point (SCRIPT_NAME); the base URL names the site's root, mount point included.
    root = request.script_root if has_request_context() else ""
    if root and path.startswith(root):
        path = path[len(root):]
    return base + path


def public_path_url(path: str) -> str | None:
    """The absolute URL of a path of the site (``/<ward>/ho-so/<token>``), or None without a trusted address."""
    base = public_base_url()
    return base + path if base else None
