"""Rate limits of the API: counted per API key when a valid one is sent, else per address."""

from flask import current_app, g, request
from flask_limiter.util import get_remote_address

from wardportal.api.keys import client_for_key
from wardportal.kernel.text_input import cleaned_values


def presented_key() -> str | None:
    """The key a client sent: ``X-API-Key`` header, or ``api_key`` (Open311 puts it in the query or form)."""
    return request.headers.get("X-API-Key") or cleaned_values().get("api_key")


def api_client():
    """The client behind this request's key, looked up once per request (None without a valid key)."""
    if "api_client" not in g:
        g.api_client = client_for_key(presented_key())
    return g.api_client


def rate_key() -> str:
    """Limit bucket: the client's id for a valid key; otherwise the address (a made-up key buys nothing)."""
    client = api_client()
    return f"api-client:{client.id}" if client is not None else f"api-addr:{get_remote_address()}"


def rate_limit() -> str:
    """Keyed clients get the larger allowance."""
    if api_client() is not None:
        return current_app.config.get("API_RATE_LIMIT_PER_KEY", "1200 per hour")
    return current_app.config.get("API_RATE_LIMIT_ANONYMOUS", "300 per hour")
