"""Whether this server can serve: the checks behind ``/readyz``, each bounded in time.

Each check runs in its own thread and is waited for at most ``READY_CHECK_TIMEOUT`` seconds, because what
they touch can hang rather than fail (a PostgreSQL server behind a dropped firewall rule, a stalled network
mount): the answer then says "timeout" and the thread finishes on its own; while it still runs, the next
probe reports "busy" instead of piling up more threads. Database reads take no write lock (SQLite) and carry
a statement timeout (PostgreSQL). A failure is named in a few words, never with the error's text (it may hold
a host name or a path): the log gets the details.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import select, text

from wardportal.kernel.database import reading
from wardportal.kernel.extensions import db
from wardportal.kernel.file_storage import files_root
from wardportal.kernel.times import as_utc, now_utc
from wardportal.notifications import outbox
from wardportal.search import index_sync
from wardportal.staff.models import Ward

log = logging.getLogger(__name__)
OK = "ok"
_running_lock = threading.Lock()


class DatabaseMissing(RuntimeError):
    """The SQLite database file is not there (connecting would create it empty)."""


@contextmanager
def short_read(seconds: float):
    """A read-only transaction (no SQLite write lock) whose statements PostgreSQL stops after ``seconds``;
    raises DatabaseMissing rather than let SQLite create an empty file where the database was."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:" \
            and not os.path.exists(url.database):
        raise DatabaseMissing(url.database)
    with reading():
        if db.session.get_bind().dialect.name == "postgresql":
            db.session.execute(text(f"SET LOCAL statement_timeout = {max(int(seconds * 1000), 1)}"))
        yield


def check_database(app: Flask) -> str:
    """The portal's tables answer (an SQLite file that was removed is not recreated empty)."""
    with short_read(_timeout(app)):
        db.session.scalar(select(Ward.id).limit(1))
    return OK


def check_files(_app: Flask) -> str:
    """A file can be written, flushed to disk and removed in the files store (a `.tmp-` name: check-storage
    removes one left behind)."""
    fd, name = tempfile.mkstemp(prefix=".tmp-ready-", dir=files_root())
    try:
        os.write(fd, b"ready\n")
        os.fsync(fd)
    finally:
        os.close(fd)
        Path(name).unlink(missing_ok=True)
    return OK


def check_search_index(app: Flask) -> str:
    """The index catches up as a search would (rebuilding a missing or damaged one), then must be readable
    and hold every catalogue change older than ``READY_SEARCH_MAX_LAG`` seconds."""
    backend, follower = app.extensions["search"], app.extensions["search.follower"]
    with short_read(_timeout(app)):
        follower.sync()
        behind, oldest = index_sync.lag(db.session, backend.applied_generation())
    if backend.needs_rebuild():
        return "unreadable"
    limit = timedelta(seconds=float(app.config.get("READY_SEARCH_MAX_LAG", 300)))
    if behind and oldest is not None and now_utc() - as_utc(oldest) > limit:
        return f"lagging: {behind} changes, oldest {_seconds(now_utc() - as_utc(oldest))} s"
    return OK


def check_outbox(app: Flask) -> str:
    """The oldest message due for sending waits less than ``READY_OUTBOX_MAX_AGE`` seconds (else the worker
    is down or every send fails)."""
    with short_read(_timeout(app)):
        waiting = outbox.backlog(now_utc()).oldest_due
    limit = timedelta(seconds=float(app.config.get("READY_OUTBOX_MAX_AGE", 900)))
    if waiting is not None and now_utc() - waiting > limit:
        return f"stuck: oldest due message waits {_seconds(now_utc() - waiting)} s"
    return OK


CHECKS = {"database": check_database, "files": check_files, "search_index": check_search_index,
          "outbox": check_outbox}


def run_checks(app: Flask, checks: dict | None = None) -> dict[str, str]:
    """Every check's answer ("ok" or a few words), all of them within ``READY_CHECK_TIMEOUT`` seconds."""
    deadline = time.monotonic() + _timeout(app)
    started = {name: _start(app, name, check) for name, check in (checks or CHECKS).items()}
    results = {}
    for name, job in started.items():
        if isinstance(job, str):
            results[name] = job
            continue
        thread, box = job
        thread.join(max(deadline - time.monotonic(), 0))
        results[name] = box.get("result", f"timeout after {_timeout(app):g} s")
    return results


def _start(app: Flask, name: str, check):
    """Start one check in a thread of its own, unless its previous run has not finished yet."""
    running = app.extensions.setdefault("readiness.running", {})
    with _running_lock:
        previous = running.get(name)
        if previous is not None and previous.is_alive():
            return "busy: the previous check has not finished"
        box: dict = {}
        thread = threading.Thread(target=_run, args=(app, name, check, box), name=f"readyz-{name}", daemon=True)
        running[name] = thread
        thread.start()
    return thread, box


def _run(app: Flask, name: str, check, box: dict) -> None:
    with app.app_context():
        try:
            box["result"] = check(app)
        except DatabaseMissing:
            box["result"] = "database missing"
        except Exception as exc:  # noqa: BLE001 — a probe answers 503, never 500
            log.warning("readiness check %s failed: %s: %s", name, type(exc).__name__, str(exc)[:300])
            box["result"] = f"failed ({type(exc).__name__})"


def _timeout(app: Flask) -> float:
    return float(app.config.get("READY_CHECK_TIMEOUT", 2.0))


def _seconds(delta) -> int:
    return int(delta.total_seconds())
