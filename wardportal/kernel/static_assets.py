"""Compressed responses and fingerprinted static files, so a repeat visit on a slow phone fetches only the HTML.

On the embedded default there is no reverse proxy to compress or to set cache lifetimes, so the app does
both: Flask-Compress (zstd, Brotli or gzip, whichever the browser accepts) for pages, CSS and JavaScript,
and ``url_for('static', ...)`` adds ``?v=<content hash>``. A request carrying the file's current hash is
answered with a one-year ``immutable`` lifetime; when the file changes its URL changes, so no one keeps a
stale copy. Without the hash (an old bookmark), the file is revalidated with its ETag as before.
"""

import hashlib
import os
import threading

from flask import Flask, Response, request

from wardportal.kernel.extensions import compress
from wardportal.kernel.text_input import cleaned_args

ONE_YEAR = 365 * 24 * 3600


class StaticFingerprints:
    """Short content hashes of static files, computed once per file version (keyed by size and mtime)."""

    def __init__(self, folder: str):
        self.folder = folder
        self._cache: dict[str, tuple[tuple[int, int], str]] = {}
        self._lock = threading.Lock()

    def fingerprint(self, filename: str) -> str | None:
        """The first 12 hex digits of the file's SHA-256, or None when there is no such file."""
        path = os.path.realpath(os.path.join(self.folder, filename))
        if not path.startswith(os.path.realpath(self.folder) + os.sep):
            return None
        try:
            stat = os.stat(path)
        except OSError:
            return None
        key = (stat.st_size, stat.st_mtime_ns)
        cached = self._cache.get(filename)
        if cached is not None and cached[0] == key:
            return cached[1]
        with open(path, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()[:12]
        with self._lock:
            self._cache[filename] = (key, digest)
        return digest


def register_static_assets(app: Flask) -> None:
    """Compress responses, fingerprint static URLs and let fingerprinted files be cached for a year."""
    app.config.setdefault("COMPRESS_ALGORITHM", ["zstd", "br", "gzip"])
    # Level 4 Brotli is as fast as gzip -6 and smaller; pages are built per request, so speed matters.
    app.config.setdefault("COMPRESS_BR_LEVEL", 4)
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    compress.init_app(app)
    fingerprints = StaticFingerprints(app.static_folder)
    app.extensions["wardportal.static_fingerprints"] = fingerprints

    app.wsgi_app = _StaticVary(app.wsgi_app, app.static_url_path.rstrip("/") + "/")

    @app.url_defaults
    def _fingerprint_static(endpoint, values):
        if endpoint == "static" and "v" not in values and "filename" in values:
            digest = fingerprints.fingerprint(values["filename"])
            if digest:
                values["v"] = digest

    @app.after_request
    def _cache_static(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        if response.status_code == 200 and response.is_streamed:
            # Read the (small) file into the response so Flask-Compress compresses it as a whole: its
            # streaming path replaces the file iterator without closing the file.
            response.direct_passthrough = False
            response.make_sequence()
        filename = (request.view_args or {}).get("filename", "")
        version = cleaned_args().get("v")
        if version and version == fingerprints.fingerprint(filename):
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.immutable = True
            response.cache_control.no_cache = None
        return response


class _StaticVary:
    """WSGI wrapper: static files vary only by Accept-Encoding.

    A static file is the same for every visitor and for htmx, but the session machinery adds ``Vary:
    Cookie`` after every after-request hook has run; with it, Chromium revalidates its cached copy as soon
    as the first page has set a cookie, and the repeat visit costs a round trip per file.
    """

    def __init__(self, wsgi_app, prefix: str):
        self.wsgi_app = wsgi_app
        self.prefix = prefix

    def __call__(self, environ, start_response):
        if not environ.get("PATH_INFO", "").startswith(self.prefix):
            return self.wsgi_app(environ, start_response)

        def _start(status, headers, exc_info=None):
            kept = []
            for name, value in headers:
                if name.lower() == "vary":
                    value = ", ".join(v.strip() for v in value.split(",")
                                      if v.strip().lower() not in ("cookie", "hx-request"))
                    if not value:
                        continue
                kept.append((name, value))
            return start_response(status, kept, exc_info) if exc_info else start_response(status, kept)

        return self.wsgi_app(environ, _start)
