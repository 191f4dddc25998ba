"""First start: create the schema and, on an empty database, load the demo ward."""

import json
import threading
from importlib import resources

import click
from flask import Flask

from sqlalchemy import select

from wardportal.catalogue.models import Contact
from wardportal.catalogue.procedure_import import (ensure_ward, parse_outside_services, parse_procedures,
    upsert_outside_services, upsert_procedures)
from wardportal.demo.history import load_history
from wardportal.demo.leader import ensure_demo_leader
from wardportal.feedback.reports import categories, save_category
from wardportal.kernel.database import end_read_transaction, init_schema, writing
from wardportal.kernel.extensions import db
from wardportal.kernel.times import local_day, now_utc
from wardportal.kernel.working_days import current_calendar
from wardportal.payments.ledger import payment_account
from wardportal.payments.models import WardPaymentAccount
from wardportal.publications.demo import load_demo_publications
from wardportal.search.catalogue_index import search_backend
from wardportal.staff.models import Ward

DEMO_FILES = ("phuong-lam.json",)


def register_first_request_setup(app: Flask) -> None:
    """On the embedded default, the first request creates the schema (and under ``flask run``, the demo).

    That is what makes ``flask --app wardportal run`` work on a fresh machine. A PostgreSQL install runs
    ``flask --app wardportal init`` instead (``AUTO_INIT_DB`` overrides either way). The demo ward loads by
    itself only under ``flask run`` (``SEED_DEMO_WHEN_EMPTY`` unset), never under gunicorn: a production
    install that starts on an empty database stays empty (``flask seed-demo`` loads it when asked).
    """
    auto = app.config.get("AUTO_INIT_DB", app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"))
    seed_demo = demo_when_empty(app)
    done = threading.Event()
    lock = threading.Lock()

    # A URL value preprocessor, not before_request: those run after the ward is looked up from the URL,
    # and that lookup already needs the schema and the right transaction mode.
    @app.url_value_preprocessor
    def _prepare(_endpoint, _values):
        if auto and not done.is_set():
            with lock, writing():
                if not done.is_set():
                    prepare_database(seed_demo=seed_demo)
                    done.set()


def demo_when_empty(app: Flask) -> bool:
    """Whether an empty database gets the demo ward: as set, else only when `flask run` started the app."""
    asked = app.config.get("SEED_DEMO_WHEN_EMPTY")
    if asked is not None:
        return bool(asked)
    context = click.get_current_context(silent=True)
    return context is not None and context.info_name == "run"


def prepare_database(seed_demo: bool) -> None:
    """Bring the schema and the search index up to date; load the demo data when there is no ward yet."""
    init_schema()
    search_backend().ensure()
    if seed_demo and db.session.scalar(select(Ward.id).limit(1)) is None:
        load_demo()


DEMO_FEEDBACK_CATEGORIES = (
    ("Hạ tầng, giao thông", "Đường, ngõ hỏng; đèn chiếu sáng; cống, rãnh thoát nước."),
    ("Vệ sinh môi trường", "Rác thải, nước thải, tiếng ồn, cây xanh."),
    ("Trật tự đô thị", "Lấn chiếm vỉa hè, xây dựng không phép, quảng cáo sai quy định."),
    ("Thủ tục hành chính", "Thái độ phục vụ, hồ sơ chậm, yêu cầu giấy tờ ngoài quy định."),
)


def load_demo(history: bool = True) -> list[tuple[Ward, bool]]:
    """Load (or refresh) the demo wards with their guides, forms and contact directory.

    With ``history``, also a year of fictitious dossiers (demo/history.py) and the feedback categories.
    Returns each ward with whether it was already there (a refresh).
    """
    # Imported here, not at the top: python-docx brings ~100 modules that only a demo load needs, and this
    # module is imported by every app at start (the first-request setup).
    from wardportal.demo.forms import build_form

    wards = []
    for name in DEMO_FILES:
        payload = json.loads(resources.files("wardportal.demo").joinpath(name).read_text(encoding="utf-8"))
        end_read_transaction()  # the forms' safety check parses them: no write lock held meanwhile
        records = parse_procedures(payload, lambda file_name: build_form(file_name)[0])
        details = dict(payload["ward"])
        account = details.pop("payment_account", None)
        existed = db.session.scalar(select(Ward.id).where(Ward.slug == details["slug"])) is not None
        ward = ensure_ward(details.pop("slug"), details.pop("name"), **details)
        for key, value in details.items():
            setattr(ward, key, value)
        ward.contacts = [Contact(position=n, name=c["name"], role=c["role"], field=c.get("field", ""),
                                 phone=c["phone"], email=c.get("email", ""))
                         for n, c in enumerate(payload.get("contacts", []))]
        if account:
            _set_demo_account(ward, account)
        db.session.flush()  # a new ward needs its id
        upsert_outside_services(ward, parse_outside_services(payload))
        upsert_procedures(ward, records)
        if not categories(ward, include_inactive=True):
            for category_name, description in DEMO_FEEDBACK_CATEGORIES:
                save_category(ward, category_name, description)
        if history:
            load_history(ward, current_calendar(), local_day(now_utc()))
        load_demo_publications(ward)
        db.session.commit()
        ensure_demo_leader(ward)  # signs results that verify: its certificate chains to the install's root
        wards.append((ward, existed))
    return wards


def _set_demo_account(ward: Ward, details: dict) -> None:
    """The demo ward's (fictitious) treasury account, so the demo shows VietQR codes."""
    account = payment_account(ward) if ward.id else None
    if account is None:
        account = WardPaymentAccount()
        db.session.add(account)
    account.ward = ward
    for key, value in details.items():
        setattr(account, key, value)
