"""Engine set-up: SQLite pragmas and write locking, schema creation through Alembic."""

from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from flask import Flask, request
from flask_migrate import upgrade
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine

from .extensions import db

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


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
        connection.exec_driver_sql("BEGIN DEFERRED" if _is_read_only_request() else "BEGIN IMMEDIATE")


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
