"""The database URL: PostgreSQL from ``DATABASE_URL`` (checked at start), else SQLite in the instance folder."""

from __future__ import annotations

import os

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from wardportal.kernel.settings_table import SettingError

POSTGRES_EXTRA = "pip install -c requirements.lock \"wardportal[postgres]\""


def database_url(configured: str | None, instance_path: str, name: str = "DATABASE_URL") -> str:
    """The SQLAlchemy URL for the configured ``DATABASE_URL`` (``name``: how the message names it)."""
    if not configured:
        return "sqlite:///" + os.path.join(instance_path, "wardportal.db")
    # Heroku-style URLs name the old driver; SQLAlchemy wants psycopg 3 spelled out.
    url = configured.replace("postgres://", "postgresql+psycopg://", 1).replace(
        "postgresql://", "postgresql+psycopg://", 1)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as error:
        raise SettingError(f"{name}: not a database URL ({error}); expected "
                           "postgresql://user:password@host:5432/database") from None
    if parsed.get_backend_name() not in ("postgresql", "sqlite"):
        raise SettingError(f"{name}: {parsed.get_backend_name()} is not supported; use postgresql://… "
                           "(or leave it unset for SQLite)")
    if parsed.get_backend_name() == "postgresql":
        if not parsed.database:
            raise SettingError(f"{name}: the URL names no database (postgresql://user:password@host/database)")
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise SettingError(f"{name}: PostgreSQL needs its driver, not installed: {POSTGRES_EXTRA}") from None
    return url


def shown(url: str | None) -> str:
    """A URL with its password masked, for logs and `flask settings`."""
    if not url:
        return ""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "(unreadable URL)"
