"""Ward Portal: the website a Vietnamese ward or commune runs for its residents."""

import logging
import os
import secrets
from pathlib import Path

from flask import Flask

from wardportal import config as default_config
from wardportal.kernel.extensions import babel, csrf, db, htmx, limiter, login_manager, migrate
from wardportal.kernel.file_modes import private_database, private_folder, restrict_umask
from wardportal.kernel.package_files import STATIC_DIR, TEMPLATES_DIR, default_instance_path


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure an app: defaults, then ``instance/config.py``, then the environment.

    A setting the portal cannot use stops the process with one line naming it (exit status 4, which also
    stops gunicorn's master); with ``test_config`` the SettingError is raised for the test to see.
    """
    restrict_umask()  # before anything is written: every file 0600, every folder 0700
    if test_config is not None:
        return _create_app(test_config)
    from wardportal.kernel.settings_env import exit_on_setting_error
    with exit_on_setting_error():
        return _create_app(None)


def _create_app(test_config: dict | None) -> Flask:
    app = Flask(__name__, instance_path=default_instance_path(), instance_relative_config=True,
                template_folder=str(TEMPLATES_DIR), static_folder=str(STATIC_DIR))
    private_folder(Path(app.instance_path), "instance folder")

    app.config.from_object(default_config)
    if test_config is None:
        from wardportal.kernel.settings_env import load_settings
        load_settings(app)  # instance/config.py, then WARDPORTAL_<NAME> parsed by kernel/settings_table.py
    else:
        app.config.from_mapping(test_config)
    from wardportal.kernel.logs import configure_logging
    from wardportal.kernel.settings_env import warn_unknown_settings
    configure_logging(app)
    warn_unknown_settings(app)
    for name, instead in default_config.RETIRED_SETTINGS.items():
        if name in app.config:
            logging.getLogger(__name__).warning("%s is no longer used: %s", name, instead)
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", _database_url(app))
    # Uploads, generated documents, signing keys and the generated secret key live in the files store,
    # shared by every server of a multi-server install (a network mount); default: the instance folder.
    files_path = os.path.abspath(app.config.get("FILES_PATH") or app.instance_path)
    app.config["FILES_PATH"] = files_path
    private_folder(Path(files_path), "files store")
    private_database(app.config["SQLALCHEMY_DATABASE_URI"])
    if test_config is None:  # before any key is made: a server on another server's database shares its store
        from wardportal.kernel.files_store_claim import claim
        from wardportal.kernel.settings_env import env_name
        claim(app.config["SQLALCHEMY_DATABASE_URI"], files_path, env_name(app, "DATABASE_URL"))
    if not app.config.get("SECRET_KEY"):  # Flask presets the key to None, so setdefault would never apply
        app.config["SECRET_KEY"] = _shared_secret_key(files_path)

    from wardportal.kernel.public_address import configure_public_address
    configure_public_address(app)
    _trust_proxies(app)

    from wardportal.kernel.request_args import install_converters
    install_converters(app)  # before any route: `<int:…>` is bounded to what the database stores
    _init_extensions(app)
    from wardportal.kernel.startup_line import log_startup_line
    log_startup_line(app)
    _register_events(app)
    _register_blueprints(app)
    from wardportal.operations.probes import register_probes
    register_probes(app)  # /healthz, /readyz, /metrics answered before the request hooks, beneath the proxy fix
    from wardportal.kernel.database import register_request_transactions
    from wardportal.demo.loader import register_first_request_setup
    from wardportal.error_pages import register_error_pages
    from wardportal.kernel.http_headers import register_security_headers
    from wardportal.site.ward_context import register_ward_context
    from wardportal.kernel.static_assets import register_static_assets
    # Registered first so its after-request hooks run last, after the security headers set Vary.
    register_static_assets(app)
    register_security_headers(app)
    register_error_pages(app)
    register_request_transactions(app)
    register_first_request_setup(app)
    from wardportal.catalogue.guide_drafts import register_scheduled_publication
    register_scheduled_publication(app)  # before the page cache: a due publication changes the pages
    from wardportal.site.page_cache import register_page_cache
    register_page_cache(app)  # before the ward context: a page served from memory needs no ward
    register_ward_context(app)
    from wardportal.kernel.working_days import warn_missing_holidays
    warn_missing_holidays(app)
    from wardportal.staff.totp_seeds import warn_unreadable_seeds
    warn_unreadable_seeds(app)
    from wardportal.kernel.trust_list import warn_at_start as warn_trust_settings
    warn_trust_settings(app)
    if not (app.testing or app.debug or app.config.get("CA_KEY_PASSPHRASE")):
        logging.getLogger(__name__).warning(
            "WARDPORTAL_CA_KEY_PASSPHRASE is not set: the root CA private key is stored unencrypted")
    from wardportal.cli import register_commands
    register_commands(app)
    from wardportal.kernel.settings_cli import register_settings_command
    register_settings_command(app)
    from wardportal.operations import register_commands as register_operations
    register_operations(app)

    return app


def _trust_proxies(app: Flask) -> None:
    """Behind ``PROXY_COUNT`` reverse proxies, take the client's address and scheme from their headers.

    Only X-Forwarded-For and -Proto: the host is never taken from a header (``PUBLIC_BASE_URL`` names it).
    With the default 0 the headers are ignored, so a client cannot pick its own address.
    """
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count < 0:
        from wardportal.kernel.settings_table import SettingError
        raise SettingError(f"PROXY_COUNT: 0 or more is expected, not {count}")
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=0, x_port=0, x_prefix=0)


def _database_url(app: Flask) -> str:
    """``DATABASE_URL`` selects PostgreSQL (checked: a URL, its driver installed); else SQLite in the instance."""
    from wardportal.kernel.database_url import database_url
    from wardportal.kernel.settings_env import env_name
    return database_url(app.config.get("DATABASE_URL"), app.instance_path, env_name(app, "DATABASE_URL"))


def _shared_secret_key(files_path: str) -> str:
    """A secret key made once per install and kept in the shared files store, the same on every server,
    so a form from one server posts fine to another."""
    from wardportal.kernel.key_files import read_or_create
    return read_or_create(Path(files_path) / "secret_key", lambda: secrets.token_hex(32))


def _init_extensions(app: Flask) -> None:
    """Bind the extensions to this app and make SQLite safe for several workers."""
    from wardportal.kernel.database import configure_sqlite
    import wardportal.models  # noqa: F401  (every capability's tables, before the mapper is configured)
    from wardportal.staff import auth  # noqa: F401  (registers the user loader)
    from wardportal.kernel.i18n import select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True)
    with app.app_context():
        configure_sqlite(db.engine)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    htmx.init_app(app)
    login_manager.init_app(app)
    # One Limiter object serves every app of a process (tests and scripts make many): the default and
    # application-wide limits it kept from an earlier app's settings must not apply to this one.
    limiter.limit_manager.set_default_limits([])
    limiter.limit_manager.set_application_limits([])
    limiter.init_app(app)
    from wardportal.kernel.rate_limit_store import warn_if_split
    warn_if_split(app)  # memory counts per process: one line when several processes serve
    from wardportal.kernel.i18n import register_template_helpers
    from wardportal.search.catalogue_index import init_search
    register_template_helpers(app)
    init_search(app)
    from wardportal.residents.provider import init_provider
    init_provider(app)  # residents' sign-in, when an identity provider is configured


def _register_events(app: Flask) -> None:
    """Every session listener and signal receiver of the portal, one capability a line (see its events.py)."""
    from wardportal.approvals import events as approvals_events
    from wardportal.catalogue import events as catalogue_events
    from wardportal.dossiers import events as dossiers_events
    from wardportal.kernel import events as kernel_events
    from wardportal.notifications import events as notifications_events
    from wardportal.payments import events as payments_events
    from wardportal.publications import events as publications_events
    from wardportal.residents import events as residents_events
    from wardportal.search import events as search_events
    from wardportal.site import events as site_events
    from wardportal.staff import events as staff_events

    kernel_events.register(app)          # files written in a rolled-back transaction are removed
    staff_events.register(app)           # a ward's notice rendered at save
    catalogue_events.register(app)       # guides rendered at save; guides and contacts named in the audit log
    dossiers_events.register(app)        # working days kept up to date; row locks end with the transaction
    search_events.register(app)          # guide changes logged for the index followers; index kept in step
    payments_events.register(app)        # a submitted dossier gets its bill and delivery
    approvals_events.register(app)       # citizens' signatures checked after commit; signed forms at upload
    publications_events.register(app)    # documents to sign join the leaders' approval queue
    notifications_events.register(app)   # the applicant is told of every step
    site_events.register(app)            # changed wards' cached pages expire on every server
    residents_events.register(app)       # signed-in residents read their own dossiers; their reports listed


def _register_blueprints(app: Flask) -> None:
    """One blueprint per area of the site."""
    from wardportal.site.web import bp as site_bp

    app.register_blueprint(site_bp)
    # Each area registers its blueprint on its own line below.
    from wardportal.staff.web import bp as staff_bp
    # Pages answering under the staff area from elsewhere: the guide editor and the outbox pages live in
    # their capabilities, the staff start page (guides and dossiers at a glance) in the desk web area.
    from wardportal.catalogue import views_editor  # noqa: F401
    from wardportal.desk import views_dashboard  # noqa: F401
    from wardportal.notifications import views_outbox  # noqa: F401
    app.register_blueprint(staff_bp)
    from wardportal.track.web import bp as track_bp
    app.register_blueprint(track_bp)
    from wardportal.desk.web import bp as desk_bp
    app.register_blueprint(desk_bp)
    from wardportal.apply.web import bp as apply_bp
    app.register_blueprint(apply_bp)
    from wardportal.search.web import bp as search_bp
    app.register_blueprint(search_bp)
    from wardportal.api.web import bp as api_bp
    app.register_blueprint(api_bp)
    from wardportal.stats.web import bp as stats_bp
    app.register_blueprint(stats_bp)
    from wardportal.payments.web import bp as payments_bp
    app.register_blueprint(payments_bp)
    from wardportal.feedback.web import bp as feedback_bp
    app.register_blueprint(feedback_bp)
    from wardportal.api.views_keys import bp as api_keys_bp
    app.register_blueprint(api_keys_bp)
    from wardportal.open311.web import bp as open311_bp
    app.register_blueprint(open311_bp)
    from wardportal.approvals.web import bp as approvals_bp
    app.register_blueprint(approvals_bp)
    from wardportal.publications.web import bp as publications_bp
    app.register_blueprint(publications_bp)
    from wardportal.residents.web import bp as residents_bp
    app.register_blueprint(residents_bp)
