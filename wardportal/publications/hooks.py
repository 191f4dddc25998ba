"""Small helpers the shared templates call: the public base URL, the canonical link, the home page's
latest notices and the publications section of the search results page."""

from __future__ import annotations


from flask import render_template, request
from markupsafe import Markup

from wardportal.kernel.public_address import public_base_url
from wardportal.kernel.times import now_utc
from wardportal.publications import queries
from wardportal.publications.search import search_publications


def public_base() -> str:
    """The site's public origin without a trailing slash (``public_address``: never an untrusted Host)."""
    return (public_base_url() or "").rstrip("/")


def absolute(path: str) -> str:
    """An absolute URL for a path of this site (``url_for`` result)."""
    return public_base() + path


def canonical_url() -> str:
    """The page's canonical address: public origin plus path, without query string or fragment."""
    return absolute(request.path)


def latest_notices(ward, limit: int = 5):
    """The ward's newest public notices, for the home page."""
    return queries.latest(ward, now_utc(), "notice", limit)


def publication_search_section(ward, query: str) -> Markup:
    """The search page's section of matching notices, news and documents, grouped by kind."""
    if ward is None or not (query or "").strip():
        return Markup("")
    grouped = search_publications(ward, query, now_utc())
    return Markup(render_template("publications/_search_section.html", grouped=grouped, query=query))
