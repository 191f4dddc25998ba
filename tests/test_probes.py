"""/healthz and /readyz: 200 when the server can serve, 503 naming the failing check otherwise, quickly, never 500.

Each failure is the real thing: the SQLite file removed, a PostgreSQL database dropped or a server not
listening, the files store removed or mounted read-only, the index's follower held up while a catalogue change
ages, a message due for an hour with no worker sending it.
"""

import fcntl
import json
import shutil
import subprocess
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert, text

from wardportal.kernel.extensions import db
from wardportal.kernel.times import now_utc
from wardportal.notifications import messages as notifications
from wardportal.search.models import SearchChange

from .conftest import make_app
from .postgres_support import postgres_url
from .workflow_factories import make_dossier

PROBES = ("/healthz", "/readyz")


def answer(client, url="/readyz", **kwargs):
    """(status, checks) of a readiness answer, checked for the headers every probe answer carries."""
    response = client.get(url, **kwargs)
    assert response.status_code in (200, 503), (url, response.status_code, response.data[:300])
    assert response.headers["Cache-Control"] == "no-store"
    body = json.loads(response.data)
    assert body["status"] == ("ready" if response.status_code == 200 else "not ready")
    return response.status_code, body["checks"]


def test_healthz_is_tiny_and_never_stored(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.data == b"ok\n"
    assert response.headers["Cache-Control"] == "no-store" and response.mimetype == "text/plain"
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_ready_names_every_check(client):
    status, checks = answer(client)
    assert status == 200 and checks == {"database": "ok", "files": "ok", "search_index": "ok", "outbox": "ok"}


def test_probes_skip_the_request_hooks(instance_path, migrated_db):
    """Rate limits, host checks, first-start set-up: none of them answers for a probe (a load balancer asks
    by the server's IP address, many times a second)."""
    shutil.copy(migrated_db, instance_path / "wardportal.db")
    app = make_app(instance_path, RATELIMIT_ENABLED=True, RATELIMIT_DEFAULT="2 per minute",
                   PUBLIC_BASE_URL="https://dichvucong.example.gov.vn", AUTO_INIT_DB=True)
    client = app.test_client()
    assert client.get("/", base_url="http://10.0.0.7").status_code == 400  # a page: host refused
    for _ in range(5):
        assert client.get("/healthz", base_url="http://10.0.0.7").status_code == 200
        assert answer(client, base_url="http://10.0.0.7")[0] == 200


def test_sqlite_database_removed(app, client):
    """The database file is gone: ready says so (and does not recreate it empty); health stays 200."""
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    db.session.remove()
    db.engine.dispose()
    for suffix in ("", "-wal", "-shm"):
        Path(path + suffix).unlink(missing_ok=True)
    status, checks = answer(client)
    assert status == 503 and checks["database"] == checks["outbox"] == checks["search_index"] == "database missing"
    assert checks["files"] == "ok"
    assert not Path(path).exists()
    assert client.get("/healthz").status_code == 200


def test_postgresql_server_not_listening(instance_path):
    """A stopped server (nothing listens on its port): 503 at once, health 200."""
    app = make_app(instance_path, SQLALCHEMY_DATABASE_URI="postgresql+psycopg://wardportal@127.0.0.1:9/gone")
    client = app.test_client()
    began = time.monotonic()
    status, checks = answer(client)
    assert status == 503 and checks["database"].startswith("failed")
    assert checks["outbox"].startswith("failed") and checks["search_index"] != "ok"
    assert time.monotonic() - began < 3
    assert client.get("/healthz").status_code == 200


def test_postgresql_database_dropped_and_locked(instance_path):
    """On the test server: a database of its own, ready; a table locked by another session: 503 within the
    timeout; the database dropped: 503."""
    admin_url = postgres_url()
    name = f"wp_probe_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    try:
        app = make_app(instance_path, SQLALCHEMY_DATABASE_URI=url, READY_CHECK_TIMEOUT=1.0)
        with app.app_context():
            from wardportal.kernel.database import init_schema
            init_schema()
        client = app.test_client()
        assert answer(client)[0] == 200
        locker_engine = create_engine(url)
        locker = locker_engine.connect()
        transaction = locker.begin()
        locker.execute(text("LOCK TABLE ward IN ACCESS EXCLUSIVE MODE"))
        began = time.monotonic()
        status, checks = answer(client)
        assert status == 503 and checks["database"] != "ok" and time.monotonic() - began < 2
        transaction.rollback()
        locker.close()
        locker_engine.dispose()
        time.sleep(0.5)  # the check still waiting for the lock ends (statement timeout) and returns its connection
        with app.app_context():
            db.engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        status, checks = answer(client)
        assert status == 503 and checks["database"].startswith("failed")
        assert client.get("/healthz").status_code == 200
        with app.app_context():
            db.engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_files_store_removed(instance_path, migrated_db, tmp_path):
    shutil.copy(migrated_db, instance_path / "wardportal.db")
    store = tmp_path / "files"
    app = make_app(instance_path, FILES_PATH=str(store))
    client = app.test_client()
    assert answer(client)[0] == 200
    shutil.rmtree(store)
    status, checks = answer(client)
    assert status == 503 and checks["files"] == "failed (FileNotFoundError)" and checks["database"] == "ok"


def test_files_store_read_only(instance_path, migrated_db, tmp_path):
    """A store mounted read-only (as root, file modes would not stop the write: a real read-only mount)."""
    shutil.copy(migrated_db, instance_path / "wardportal.db")
    store = tmp_path / "files"
    store.mkdir()
    app = make_app(instance_path, FILES_PATH=str(store))
    client = app.test_client()
    assert answer(client)[0] == 200
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(store)],
                      capture_output=True).returncode:
        pytest.skip("cannot mount a read-only file system here")
    try:
        status, checks = answer(client)
        assert status == 503 and checks["files"] == "failed (OSError)"
    finally:
        subprocess.run(["umount", str(store)], check=True)


def test_search_index_lagging(app, client, make):
    """A catalogue change the index's follower cannot apply (another process holds the sync) fails readiness
    once it is older than READY_SEARCH_MAX_LAG; the index catches up when the follower can run again."""
    ward = make.ward()
    make.procedure(ward, code="1.001")
    assert answer(client)[0] == 200
    backend = app.extensions["search"]
    with open(backend.index_dir.with_name(backend.index_dir.name + ".sync.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        db.session.execute(insert(SearchChange.__table__), [
            {"ward_id": ward.id, "code": "1.001", "changed_at": now_utc() - timedelta(seconds=200)}])
        db.session.commit()
        assert answer(client)[0] == 200  # behind, but for less than READY_SEARCH_MAX_LAG (300 s)
        app.config["READY_SEARCH_MAX_LAG"] = 60
        status, checks = answer(client)
        assert status == 503 and checks["search_index"].startswith("lagging: 1 changes, oldest 2")
        fcntl.flock(lock, fcntl.LOCK_UN)
    assert answer(client)[0] == 200


def test_outbox_stuck(app, client, make):
    """A message due for longer than READY_OUTBOX_MAX_AGE and no worker sending it: 503 until it is sent."""
    ward = make.ward()
    dossier = make_dossier(ward, applicant_email="", phone="0912345678")
    notifications.notify_applicant(dossier, "receive")
    db.session.commit()
    assert answer(client)[0] == 200  # just queued
    app.config["READY_OUTBOX_MAX_AGE"] = 0
    time.sleep(0.01)
    status, checks = answer(client)
    assert status == 503 and checks["outbox"].startswith("stuck: oldest due message waits")
    app.config["SMS_SENDER"] = "tests.test_outbox:KeptSms"
    from wardportal.notifications import outbox
    assert outbox.deliver_pending(app.config) == (1, 0)
    db.session.commit()
    assert answer(client)[0] == 200


def test_a_hung_check_is_answered_within_the_timeout_and_not_run_twice(app):
    """A check that hangs (a stalled network mount) is reported as a timeout, then as busy while it runs."""
    from wardportal.operations.readiness import run_checks
    app.config["READY_CHECK_TIMEOUT"] = 0.3
    release = threading.Event()
    began = time.monotonic()
    assert run_checks(app, {"files": lambda _app: release.wait(5) and "ok"}) == {"files": "timeout after 0.3 s"}
    assert time.monotonic() - began < 1
    assert run_checks(app, {"files": lambda _app: "ok"}) == {"files": "busy: the previous check has not finished"}
    release.set()
    time.sleep(0.05)
    assert run_checks(app, {"files": lambda _app: "ok"}) == {"files": "ok"}
