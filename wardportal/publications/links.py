"""Absolute addresses of the site's pages: the public base URL and the canonical link of a page."""

from __future__ import annotations

from flask import request

from wardportal.kernel.public_address import public_base_url


def public_base() -> str:
    """The site's public origin without a trailing slash (``public_address``: never an untrusted Host)."""
    return (public_base_url() or "").rstrip("/")


def absolute(path: str) -> str:
    """An absolute URL for a path of this site (``url_for`` result)."""
    return public_base() + path


def canonical_url() -> str:
    """The page's canonical address: public origin plus path, without query string or fragment."""
    return absolute(request.path)
