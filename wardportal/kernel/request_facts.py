"""Facts about the request being served that several capabilities record (audit, rate limits, logs)."""

from flask import request


def client_address() -> str:
    """The address the request came from (ProxyFix, when configured, makes it the real client's)."""
    return request.remote_addr or ""
