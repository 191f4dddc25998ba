"""Shared fixtures: an app on a temporary instance folder, its clients, and data factories."""

import shutil

import pytest
from flask.testing import FlaskClient

from wardportal import create_app
from wardportal.kernel.extensions import db

from .factories import Factories
# Issue 22's guard, autouse: every test fails when slow work runs while its thread holds the write lock.
from .lock_guard import write_lock_guard, write_lock_guard_installed  # noqa: F401

TEST_SETTINGS = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "WTF_CSRF_ENABLED": False,
    "RATELIMIT_ENABLED": False,
    "AUTO_INIT_DB": False,
    "SEED_DEMO_WHEN_EMPTY": False,
    "MAIL_SUPPRESS_SEND": True,
    # Tests move the clock between requests; production looks for due guide publications once a second.
    "SCHEDULED_CHECK_INTERVAL": 0,
}


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory):
    """Run the migrations once per test session; each test starts from a copy of the result."""
    folder = tmp_path_factory.mktemp("template-instance")
    app = make_app(folder)
    with app.app_context():
        from wardportal.kernel.database import init_schema
        init_schema()
        db.engine.dispose()
    return folder / "wardportal.db"


def make_app(instance_path, **overrides):
    """An app bound to ``instance_path`` with the test settings (and any overrides)."""
    settings = dict(TEST_SETTINGS, SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance_path}/wardportal.db")
    settings.update(overrides)
    mp = pytest.MonkeyPatch()
    mp.setenv("WARDPORTAL_INSTANCE_PATH", str(instance_path))
    try:
        return create_app(settings)
    finally:
        mp.undo()


@pytest.fixture
def instance_path(tmp_path):
    """A fresh instance folder for one test."""
    path = tmp_path / "instance"
    path.mkdir()
    return path


@pytest.fixture
def app_settings():
    """Extra settings a test module can override to configure the app fixture."""
    return {}


@pytest.fixture
def app(instance_path, migrated_db, app_settings):
    """An app on a temporary instance folder with the migrated, empty schema."""
    shutil.copy(migrated_db, instance_path / "wardportal.db")
    application = make_app(instance_path, **app_settings)
    with application.app_context():
        yield application
        application.extensions["search"].close_all()
        db.session.remove()
        db.engine.dispose()


class FreshContextClient(FlaskClient):
    """A test client whose every request gets its own app context, as in production.

    The ``app`` fixture keeps an app context open for the factories; without this, requests would reuse
    it and share ``g`` — the cached locale, the signed-in user — from one request to the next.
    """

    def open(self, *args, **kwargs):
        release_test_transaction()
        with self.application.app_context():
            return super().open(*args, **kwargs)


def release_test_transaction() -> None:
    """End the test body's own transaction (keeping loaded objects) before the app handles a request.

    Outside requests, transactions take SQLite's write lock up front (BEGIN IMMEDIATE); a read in the test
    body would otherwise hold it while the request under test waits for it, as two processes never would.
    """
    session = db.session()
    if session.in_transaction():
        session.expire_on_commit = False
        try:
            session.commit()
        finally:
            session.expire_on_commit = True


@pytest.fixture
def client(app):
    """A test client of the app."""
    app.test_client_class = FreshContextClient
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner of the app."""
    return app.test_cli_runner()


@pytest.fixture
def make(app):
    """Factories that create wards, procedures and contacts in the test database."""
    return Factories()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright's own browser download is not available here."""
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium",
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run"]}


@pytest.fixture(scope="session")
def base_url():
    """Browser tests open the live server's absolute URLs, so there is no base URL to configure.

    Defining it here replaces pytest-playwright's fallback fixture, a session fixture bound to a class
    instance, which pytest 9 deprecates (PytestRemovedIn10Warning, an error under filterwarnings).
    """
    return None


@pytest.fixture
def live_server(app):
    """The app served over real HTTP on a free loopback port, for browser tests."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    app.extensions["search"].close_all()
