"""The ``/metrics`` text: the process counters of kernel/metrics.py plus figures read at scrape time.

Figures that live in the database or on this server's disk (dossiers by status per ward, the outbox backlog,
the search index's lag) are read when Prometheus scrapes, so they are right whichever worker answers. The
request and signing counters are per process, unless ``PROMETHEUS_MULTIPROC_DIR`` makes prometheus-client
sum them over every worker (see kernel/metrics.py).
"""

from __future__ import annotations

import logging

from flask import Flask
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import func, select

from wardportal.dossiers.models import Dossier
from wardportal.dossiers.status import DossierStatus
from wardportal.kernel.extensions import db
from wardportal.kernel.metrics import multiprocess_dir
from wardportal.kernel.times import as_utc, now_utc
from wardportal.notifications import outbox
from wardportal.operations.readiness import run_checks, short_read
from wardportal.search import index_sync
from wardportal.staff.models import Ward

log = logging.getLogger(__name__)


def _status_name(code: int) -> str:
    try:
        return DossierStatus(code).name.lower()
    except ValueError:
        return str(code)


def read_figures(app: Flask) -> list:
    """The scrape-time families (raises when the database cannot be read)."""
    with short_read(float(app.config.get("READY_CHECK_TIMEOUT", 2.0))):
        dossiers = db.session.execute(select(Ward.slug, Dossier.status, func.count(Dossier.id))
                                      .join(Ward, Ward.id == Dossier.ward_id)
                                      .group_by(Ward.slug, Dossier.status)).all()
        backlog = outbox.backlog(now_utc())
        behind, oldest = index_sync.lag(db.session, app.extensions["search"].applied_generation())
    now = now_utc()
    by_status = GaugeMetricFamily("wardportal_dossiers", "Dossiers by ward and status.", labels=["ward", "status"])
    for slug, status, count in dossiers:
        by_status.add_metric([slug, _status_name(status)], count)
    messages = GaugeMetricFamily("wardportal_outbox_messages", "E-mails and SMS not sent: pending (to be sent) "
                                 "and dead (given up, waiting for a person).", labels=["state"])
    messages.add_metric(["pending"], backlog.pending)
    messages.add_metric(["dead"], backlog.dead)
    oldest_due = GaugeMetricFamily("wardportal_outbox_oldest_due_age_seconds",
                                   "How long the oldest message due for sending has waited (0: none waits).")
    oldest_due.add_metric([], (now - backlog.oldest_due).total_seconds() if backlog.oldest_due else 0)
    lag_changes = GaugeMetricFamily("wardportal_search_index_lag_changes",
                                    "Catalogue changes this server's search index has not applied yet "
                                    "(it catches up before its next search).")
    lag_changes.add_metric([], behind)
    lag_seconds = GaugeMetricFamily("wardportal_search_index_lag_seconds",
                                    "Age of the oldest catalogue change the index has not applied (0: up to date).")
    lag_seconds.add_metric([], (now - as_utc(oldest)).total_seconds() if behind and oldest else 0)
    return [by_status, messages, oldest_due, lag_changes, lag_seconds]


class DatabaseFigures:
    """A prometheus-client collector reading the figures at scrape time, within the readiness timeout."""

    def __init__(self, app: Flask):
        self.app = app

    def collect(self):
        box = {}

        def figures(app):
            box["families"] = read_figures(app)
            return "ok"

        answer = run_checks(self.app, {"metrics": figures})["metrics"]
        up = GaugeMetricFamily("wardportal_metrics_database_up",
                               "1 when the figures read from the database at this scrape are present.")
        up.add_metric([], 1 if answer == "ok" else 0)
        yield up
        if answer == "ok":
            yield from box["families"]


def exposition(app: Flask) -> bytes:
    """The whole ``/metrics`` text in Prometheus' format."""
    figures = CollectorRegistry(auto_describe=False)
    figures.register(DatabaseFigures(app))
    if multiprocess_dir():
        counters = CollectorRegistry()
        MultiProcessCollector(counters)
    else:
        counters = REGISTRY
    return generate_latest(counters) + generate_latest(figures)
