"""Engine set-up: SQLite pragmas and write locking, schema creation through Alembic."""

import gc
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from flask import Flask, request
from flask_migrate import upgrade
from sqlalchemy import Table, event, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from wardportal.kernel.extensions import db

MIGRATIONS_DIR = Path(__file__).parents[1] / "migrations"


def configure_sqlite(engine: Engine) -> None:
    """Make SQLite safe under several worker processes.

    pysqlite's own transaction handling starts transactions lazily with a plain BEGIN, so two workers
    doing read-then-write both read, then one fails with "database is locked" or an update is lost.
    We switch it off and open every transaction with BEGIN IMMEDIATE, which takes the write lock up
    front and lets ``busy_timeout`` queue the other writers instead of failing them. Safe (GET) requests
    keep a deferred BEGIN so readers do not queue behind each other; they must therefore never write.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        if _is_read_only_request():
            connection.exec_driver_sql("BEGIN DEFERRED")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            _collector.hold(connection.info)

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _on_end(connection):
        _collector.release(connection.info)

    @event.listens_for(engine, "reset")
    def _on_reset(_dbapi_connection, record, _reset_state):
        _collector.release(record.info)  # a transaction ended by the pool, not by commit or rollback


class _CollectorHold:
    """Python's cyclic garbage collector stays off while this process holds SQLite's write lock.

    A full collection walks every object of the process: 100-170 ms of CPU in a worker with a few thousand
    ORM objects loaded (measured in a statement import), and it starts whenever allocations cross its
    threshold — inside a write transaction too, keeping every other writer of the install waiting. Held off,
    it runs at the first allocation after the transaction ends, outside the lock. Write transactions are
    short by design, so little garbage waits. Counted, because threads of one process may overlap; a
    collector someone else switched off stays off.
    """

    _KEY = "wardportal_gc_held"

    def __init__(self):
        self._lock = threading.Lock()
        self._held = 0
        self._disabled_here = False

    def hold(self, info: dict) -> None:
        with self._lock:
            if info.get(self._KEY):
                return
            info[self._KEY] = True
            if self._held == 0 and gc.isenabled():
                gc.disable()
                self._disabled_here = True
            self._held += 1

    def release(self, info: dict) -> None:
        with self._lock:
            if not info.pop(self._KEY, False):
                return
            self._held -= 1
            if self._held == 0 and self._disabled_here:
                self._disabled_here = False
                gc.enable()


_collector = _CollectorHold()


# True while serving a GET or HEAD request: those never write, so they read without taking the write lock.
_read_only: ContextVar[bool] = ContextVar("wardportal_read_only", default=False)


def _is_read_only_request() -> bool:
    return _read_only.get()


def register_request_transactions(app: Flask) -> None:
    """Safe (GET, HEAD) requests run their transactions deferred; everything else takes the write lock.

    Registered as the first URL value preprocessor, because the ward is looked up from the URL before any
    ``before_request`` runs; reset at teardown so the mode never leaks to code that runs after a request in
    the same thread (a CLI command, a test body).
    """

    @app.url_value_preprocessor
    def _mark(_endpoint, _values):
        _read_only.set(request.method in ("GET", "HEAD"))

    @app.teardown_request
    def _reset(_exc):
        _read_only.set(False)


@contextmanager
def writing():
    """Let a block inside a GET request write (first-start set-up), taking the write lock as usual."""
    token = _read_only.set(False)
    try:
        yield
    finally:
        _read_only.reset(token)


@contextmanager
def reading():
    """Let a block of a write request (or a CLI command) read without taking the write lock.

    For long read-only work inside a POST or a command — a statement import matches thousands of lines
    before it writes, check-storage hashes every stored file — so other writers are not kept waiting
    meanwhile. The block must not write. The transaction open before it is committed first, and the
    block's own reads end with it.
    """
    db.session.commit()
    token = _read_only.set(True)
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        _read_only.reset(token)


def insert_with_conflicts(session: Session, table: Table):
    """An INSERT into ``table`` that can say ON CONFLICT …: SQLite's or PostgreSQL's, the two engines served."""
    dialect = session.get_bind().dialect.name
    insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}.get(dialect)
    if insert is None:
        raise RuntimeError(f"the portal needs SQLite or PostgreSQL, not {dialect}")
    return insert(table)


def next_in_series(session: Session, table: Table, key: dict) -> int:
    """Take the next number of the counter row ``key`` of ``table`` (its ``last_number``, created at 1).

    One upsert (``INSERT … ON CONFLICT DO UPDATE … RETURNING``) inside the caller's write transaction: atomic
    on SQLite, whose write transaction holds the lock, and on PostgreSQL, where the upsert locks the row until
    the transaction ends; a rolled-back transaction gives its number back.
    """
    statement = (insert_with_conflicts(session, table).values(**key, last_number=1)
                 .on_conflict_do_update(index_elements=[table.c[name] for name in key],
                                        set_={"last_number": table.c.last_number + 1})
                 .returning(table.c.last_number))
    return session.execute(statement).scalar_one()


def end_read_transaction() -> None:
    """Commit the session's transaction so slow work that follows holds no lock, keeping loaded objects usable.

    On SQLite a non-GET request's transaction holds the install-wide write lock from its first query (BEGIN
    IMMEDIATE), so hashing a password, decoding a picture or signing a PDF inside it keeps every other writer
    waiting (issue 22). What was looked up stays loaded, not expired, so the slow work can read it without
    starting a new transaction; the next query starts a fresh, short one.
    """
    session = db.session()
    if not session.in_transaction():
        return
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def init_schema() -> bool:
    """Bring the schema to the newest revision; return True when the database was empty before."""
    was_empty = not inspect(db.engine).has_table("ward")
    upgrade(directory=str(MIGRATIONS_DIR), revision="head")
    return was_empty
