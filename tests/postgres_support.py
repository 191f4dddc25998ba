"""A PostgreSQL app for the tests that check the multi-server engine (server started by run-tests.sh)."""

import os

import pytest
from sqlalchemy import create_engine, text

from .conftest import make_app


def postgres_url() -> str:
    """The test server's SQLAlchemy URL; tests skip without one, except in CI where that is an error."""
    url = os.environ.get("WARDPORTAL_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("WARDPORTAL_TEST_POSTGRES_URL is not set: run the suite with scripts/run-tests.sh")
        pytest.skip("no PostgreSQL test server (scripts/run-tests.sh starts one)")
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture
def postgres_app(instance_path):
    """An app on an emptied, migrated PostgreSQL database; its connections are closed afterwards."""
    app = fresh_postgres_app(instance_path)
    yield app
    with app.app_context():
        from wardportal.kernel.extensions import db
        db.engine.dispose()


def emptied_postgres() -> str:
    """The test PostgreSQL database with every table dropped (an empty ``public`` schema); its URL."""
    url = postgres_url()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def fresh_postgres_app(instance_path, **settings):
    """An app on an emptied PostgreSQL database, migrated to the newest schema."""
    url = emptied_postgres()
    app = make_app(instance_path, SQLALCHEMY_DATABASE_URI=url, **settings)
    with app.app_context():
        from wardportal.kernel.database import init_schema
        init_schema()
    return app
