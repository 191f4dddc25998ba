"""Public page caching that stays correct with several servers, plus conditional requests (ETag, 304).

The public pages are the same for every anonymous visitor of a ward in a language and change only when staff
change the catalogue. Each server keeps the rendered pages in memory, keyed by the ward's content generation
(``generations``), which the request reads with the ward row it loads anyway: a change committed on any
server bumps the generation in the same transaction, so the next request on every server renders afresh.

Never cached: anything for a session that holds more than the CSRF token (signed-in staff, flashed messages),
responses that set cookies, pages whose forms embed a real CSRF token. The page layout's htmx CSRF header is
rendered as a placeholder and replaced with the visitor's own token when the page is served; the cached pages
have no form that posts, so a first-time visitor gets none and no session cookie at all.

A hit costs one small query for the generations (memoised for ``PAGE_CACHE_GENERATION_TTL`` seconds, 1 by
default: another server's change shows within that time, this server's own at once) and no ORM work: the
lookup runs before the ward is loaded.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from flask import Flask, Response, current_app, g, request, session
from flask_wtf.csrf import generate_csrf

from wardportal.kernel.i18n import select_locale
from wardportal.publications.queries import seconds_until_next_change
from wardportal.site.page_cache.generations import GenerationMemo
from wardportal.site.page_cache.store import CachedPage, PageStore

CSRF_PLACEHOLDER = "__wardportal_csrf_token_placeholder_5f0c1e__"
_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()
# Session keys an anonymous visitor may carry and still get the shared page (the token is substituted;
# Flask-Login leaves ``_fresh`` behind after a sign-out, with no user id).
_ANONYMOUS_SESSION_KEYS = frozenset({"csrf_token", "_permanent", "_fresh"})


@dataclass(frozen=True)
class Rule:
    """How one endpoint is cached: by its ward's generation or all wards', with an optional time limit."""

    scope: str  # "ward": the ward in the URL (``ward_slug``, or ``slug`` for the API); "install": every ward
    ttl: float = math.inf


# Search results also depend on the search index, which another server may bring up to date a moment after
# the generation moves; figures come from dossiers, which move without any publishing. Both get a short life.
RULES = {
    "site.ward_home": Rule("ward"),
    "site.list_procedures": Rule("ward"),
    "site.field_procedures": Rule("ward"),
    "site.procedure_guide": Rule("ward"),
    "site.contacts": Rule("ward"),
    "site.list_wards": Rule("install"),
    "stats.figures": Rule("ward", ttl=60.0),
    "search.results": Rule("ward", ttl=10.0),
    "search.all_wards": Rule("install", ttl=10.0),
    "api.search_procedures": Rule("ward", ttl=10.0),
}


def register_page_cache(app: Flask) -> None:
    """Serve repeat public page views from memory; send ETag and Last-Modified so revisits get 304.

    Call before ``register_ward_context``: the lookup must run before the ward is loaded.
    """
    app.extensions["page_cache"] = PageStore(int(app.config.get("PAGE_CACHE_MAX_ENTRIES", 2000)),
                                             int(app.config.get("PAGE_CACHE_MAX_BYTES", 64 * 1024 * 1024)))
    app.extensions["page_cache_generations"] = GenerationMemo(
        float(app.config.get("PAGE_CACHE_GENERATION_TTL", 1.0)))

    def csrf_token() -> str:
        # While a cacheable page renders, the token is a placeholder; the visitor's own replaces it on serving.
        if g.get("page_cache_key") is not None:
            return CSRF_PLACEHOLDER
        return generate_csrf()

    # Flask-WTF offers generate_csrf both as a global and through a context processor; replace both.
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})
    app.url_value_preprocessor(_look_up)
    app.before_request(_serve_hit)
    app.after_request(_store_and_validate)


def page_store() -> PageStore:
    """The current app's page store."""
    return current_app.extensions["page_cache"]


def _eligible(rule: Rule | None) -> bool:
    """Whether this request may be answered with (and its answer kept as) the shared page."""
    if rule is None or not current_app.config.get("PAGE_CACHE_ENABLED", True):
        return False
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.environ:
        return False
    if request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")):
        return False
    return set(session.keys()) <= _ANONYMOUS_SESSION_KEYS


def _generation(rule: Rule, values: dict | None) -> tuple | None:
    """The content generation the page depends on (None: unknown ward, let the view answer)."""
    wards = current_app.extensions["page_cache_generations"].wards()
    if rule.scope == "install":
        return tuple(sorted(wards.values()))
    values = values or {}
    return wards.get(values.get("ward_slug") or values.get("slug"))


def _last_modified(generation: tuple):
    """The latest content change among the wards the page depends on."""
    rows = generation if generation and isinstance(generation[0], tuple) else (generation,)
    times = [row[2] for row in rows if row and row[2] is not None]
    return max(times) if times else None


def _key() -> tuple:
    # Read from the WSGI environ directly: this runs on every hit, and the parsed forms cost more.
    environ = request.environ
    return (request.endpoint, request.scheme, environ.get("HTTP_HOST", ""), environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""), select_locale(),
            environ.get("HTTP_HX_REQUEST", ""), environ.get("HTTP_HX_TARGET", ""),
            environ.get("HTTP_HX_BOOSTED", ""))


def _look_up(endpoint, values) -> None:
    """Find the shared page before anything else loads; remember a hit, or what to store after a miss."""
    rule = RULES.get(endpoint)
    if not _eligible(rule):
        return
    generation = _generation(rule, values)
    if generation is None:
        return
    key = _key()
    page = page_store().get(key, generation)
    if page is None:
        g.page_cache_key, g.page_cache_generation, g.page_cache_ttl = key, generation, rule.ttl
        return
    if page.on_serve is not None:
        page.on_serve()  # e.g. count the search: served from memory, still asked for by a resident
    response = current_app.response_class(page.body, status=page.status, content_type=page.content_type)
    g.page_cache_hit = _finish(response, page.etag, page.last_modified, page.has_placeholder)


def page_cache_hit() -> bool:
    """Whether the current request is answered from the cache (the ward need not be loaded then)."""
    return g.get("page_cache_hit") is not None


def _serve_hit():
    return g.get("page_cache_hit")


def _store_and_validate(response: Response) -> Response:
    key = g.pop("page_cache_key", None)
    if key is None or page_cache_hit():
        return response
    generation = g.pop("page_cache_generation")
    # A real token in the body (a form), a flash, a cookie set by the view: this answer is not for everyone.
    storable = (request.method == "GET" and response.status_code == 200 and not response.direct_passthrough
                and "csrf_token" not in g and "_flashes" not in session
                and "Set-Cookie" not in response.headers)
    if not storable:
        if not response.direct_passthrough:  # error pages rendered meanwhile carry the placeholder too
            _substitute_token(response)
        return response
    body = response.get_data()
    page = CachedPage(generation=generation, body=body, status=response.status_code,
                      content_type=response.content_type, etag=hashlib.sha256(body).hexdigest()[:32],
                      last_modified=_last_modified(generation), expires=time.monotonic() + _lifetime(generation),
                      has_placeholder=_PLACEHOLDER_BYTES in body, on_serve=g.pop("page_cache_on_serve", None))
    page_store().put(key, page)
    return _finish(response, page.etag, page.last_modified, page.has_placeholder)


def _lifetime(generation: tuple) -> float:
    """The rule's time limit, cut to when a scheduled publication of the page's ward becomes (or stops being)
    public: that happens by the clock, with no write to move the generation."""
    ttl = g.page_cache_ttl
    if generation and not isinstance(generation[0], tuple):

        ttl = min(ttl, seconds_until_next_change(generation[0]))
    return ttl


def _finish(response: Response, etag: str, last_modified, has_placeholder: bool) -> Response:
    """Validators and revalidation hint, 304 when the visitor's copy is current, then the visitor's token."""
    # The ETag hashes the page with the placeholder, so it is the same on every server and for every visitor.
    response.set_etag(etag, weak=True)
    if last_modified is not None:
        response.last_modified = last_modified
    # A browser may keep the page but must ask again each time; shared proxies must not (the CSRF token).
    response.headers["Cache-Control"] = "private, no-cache"
    environ = request.environ
    if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
        response.make_conditional(request)
    if response.status_code == 200 and has_placeholder:
        _substitute_token(response)
    return response


def _substitute_token(response: Response) -> None:
    """Put the visitor's own token where the placeholder is: none for a visitor without a session yet.

    The cached pages have no form that posts, so a first-time visitor needs no token, and not creating one
    spares them a session cookie (and the server the signing).
    """
    body = response.get_data()
    if _PLACEHOLDER_BYTES in body:
        token = generate_csrf() if "csrf_token" in session else ""
        response.set_data(body.replace(_PLACEHOLDER_BYTES, token.encode()))
