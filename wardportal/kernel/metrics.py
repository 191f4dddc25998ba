"""The process's Prometheus counters: requests by endpoint, their latency, and failed signatures.

Kept in the kernel so the signing paths (``signing.sign_pdf``, the leaders' signatures in approvals) count
their failures without importing upward; ``/metrics`` (operations/metrics_export.py) exports them together
with the figures it reads from the database at scrape time.

Under several gunicorn workers each process counts on its own; with ``PROMETHEUS_MULTIPROC_DIR`` set (an
empty folder, emptied at each service start) prometheus-client writes the counts to files there and every
worker's ``/metrics`` answers the sum over all workers.
"""

from __future__ import annotations

import functools
import os
import time

from flask import request
from prometheus_client import Counter, Histogram

REQUESTS = Counter("wardportal_http_requests", "HTTP requests answered, by Flask endpoint, method and status.",
                   ["endpoint", "method", "status"])
LATENCY = Histogram("wardportal_http_request_duration_seconds", "Time to answer a request, by Flask endpoint.",
                    ["endpoint"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
SIGNING_ERRORS = Counter("wardportal_signing_errors", "Signatures that failed, by signing path.", ["path"])
# The signing paths, shown at 0 from the start: the ward's seal on receipts, slips and results ("ward"), loading
# the ward's key ("ward_key"), a leader's personal signature ("leader").
SIGNING_PATHS = ("ward", "ward_key", "leader")
for _path in SIGNING_PATHS:
    SIGNING_ERRORS.labels(_path)

_STARTED = "wardportal.metrics.started"
# The methods a client may send are unbounded; anything else is counted as "other".
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def multiprocess_dir() -> str | None:
    """The folder prometheus-client shares between worker processes, or None (each process counts alone)."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.environ.get("prometheus_multiproc_dir") or None


def count_signing_failures(path: str):
    """Decorate a signing function: every exception it raises adds one to ``SIGNING_ERRORS{path=…}``."""

    if path not in SIGNING_PATHS:
        raise ValueError(f"unknown signing path {path!r}: add it to SIGNING_PATHS")

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except Exception:
                SIGNING_ERRORS.labels(path).inc()
                raise
        return wrapper
    return decorate


def request_began(_sender, **_extra):
    """Receiver of Flask's ``request_started``: note when the request began."""
    request.environ[_STARTED] = time.perf_counter()


def request_ended(_sender, response, **_extra):
    """Receiver of Flask's ``request_finished``: count the request and its latency by endpoint name (never
    the raw path: the labels stay few). The signals frame the whole dispatch, so answers given by hooks (a
    cached page, a rate limit, an error page) are counted too; URLs matching no route count as "none"."""
    began = request.environ.pop(_STARTED, None)
    if began is None:
        return
    endpoint = request.endpoint or "none"
    method = request.method if request.method in _METHODS else "other"
    REQUESTS.labels(endpoint, method, str(response.status_code)).inc()
    LATENCY.labels(endpoint).observe(time.perf_counter() - began)
