"""The package's shape (issue 23): hooks registered where they can be seen, templates fed by their views,
and the kernel's rules defined once. The import contract itself runs in the test command (lint-imports)."""

import ast
import re
from pathlib import Path

import pytest
from sqlalchemy import event

import wardportal
from wardportal.kernel.extensions import db

from .publication_support import notice
from .staff_factories import login, make_staff
from .workflow_factories import client, make_dossier  # noqa: F401  (client fixture)

SOURCE = Path(wardportal.__file__).parent
MODULES = sorted(p for p in SOURCE.rglob("*.py") if "migrations" not in p.parts)


def _relative(path: Path) -> str:
    return str(path.relative_to(SOURCE))


# ---------------------------------------------------------------- hooks: one visible place per capability

# Engine-level listeners are set up with the engine itself (per engine, not global to every session).
ENGINE_LISTENERS = {"kernel/database.py"}
# SQLAlchemy listeners, blinker receivers, and kernel.hooks' listen/receive (what events modules call).
HOOK_CALL = re.compile(r"listens_for\(|event\.listen\(|(?<!sqlite3)\.connect\(|\.connect_via\(|(?<![\w.])(?<!def )(listen|receive)\(")


def test_every_session_listener_and_signal_receiver_is_registered_in_an_events_module():
    found = [(_relative(p), n) for p in MODULES for n, line in enumerate(p.read_text().splitlines(), 1)
             if HOOK_CALL.search(line) and not line.lstrip().startswith("#")]
    outside = [(where, n) for where, n in found if not where.endswith("events.py")
               and where not in ENGINE_LISTENERS and where != "kernel/hooks.py"]
    assert outside == []
    assert len({where for where, _n in found if where.endswith("events.py")}) >= 9  # the scan sees them


def test_create_app_wires_every_events_module():
    wiring = ast.get_source_segment((SOURCE / "__init__.py").read_text(), next(
        node for node in ast.parse((SOURCE / "__init__.py").read_text()).body
        if isinstance(node, ast.FunctionDef) and node.name == "_register_events"))
    events_modules = sorted(p.parent.name for p in SOURCE.rglob("events.py"))
    assert len(events_modules) >= 9
    for capability in events_modules:
        assert f"from wardportal.{capability} import events as {capability}_events" in wiring
        assert f"{capability}_events.register(app)" in wiring


def test_registering_the_hooks_again_adds_nothing(app):
    """Apps are made many times in one process (tests, scripts): a second app must not listen twice."""
    from sqlalchemy.orm import Session

    from wardportal.dossiers.signals import dossier_changed
    from wardportal.site.page_cache import generations

    receivers = len(dossier_changed.receivers)
    wardportal.create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert len(dossier_changed.receivers) == receivers == 1
    assert event.contains(Session, "after_commit", generations.after_commit)


# ---------------------------------------------------------------- templates get their data from the view

def _portal_helpers(app) -> dict:
    """Every template global and filter the portal itself provides (not Flask's, Jinja's or Babel's)."""
    env = app.jinja_env
    helpers = {}
    for kind, table in (("global", env.globals), ("filter", env.filters)):
        for name, value in table.items():
            module = getattr(value, "__module__", "") or ""
            if callable(value) and module.startswith("wardportal"):
                helpers[(kind, name)] = value
    return helpers


@pytest.fixture
def watched_helpers(app):
    """Wrap every portal template helper; collect (helper, SQL) for each statement run while one runs."""
    running, queries, called = [], [], set()

    def wrap(key, fn):
        def helper(*args, **kwargs):
            running.append(key)
            called.add(key)
            try:
                return fn(*args, **kwargs)
            finally:
                running.pop()
        return helper

    saved = {}
    for key, fn in _portal_helpers(app).items():
        table = app.jinja_env.globals if key[0] == "global" else app.jinja_env.filters
        saved[key] = fn
        table[key[1]] = wrap(key, fn)

    def before_execute(_conn, _cursor, statement, *_args):
        if running:
            queries.append((running[-1], statement.split("\n")[0][:80]))

    event.listen(db.engine, "before_cursor_execute", before_execute)
    yield queries, called
    event.remove(db.engine, "before_cursor_execute", before_execute)
    for key, fn in saved.items():
        (app.jinja_env.globals if key[0] == "global" else app.jinja_env.filters)[key[1]] = fn


def test_no_template_global_or_filter_queries_the_database(app, client, make, watched_helpers):
    queries, called = watched_helpers
    ward = make.ward(slug="phuong-mot")
    procedure = make.procedure(ward, code="1.001193", title="Đăng ký khai sinh")
    officer = make_staff(ward, "officer", email="officer@example.vn")
    make_staff(ward, "leader", email="leader@example.vn")
    editor = make_staff(ward, "editor", email="editor@example.vn")
    dossier = make_dossier(ward, procedure)
    notice(ward, editor, title="Thông báo khai sinh lưu động", publish_at=None)
    db.session.commit()
    public = ["/phuong-mot/", "/phuong-mot/thu-tuc/", f"/phuong-mot/thu-tuc/{procedure.code}",
              "/phuong-mot/tim-kiem?q=khai+sinh", "/phuong-mot/tra-cuu", "/phuong-mot/so-lieu",
              f"/phuong-mot/ho-so/{dossier.tracking_token}"]
    for path in public:
        assert client.get(path).status_code in (200, 302), path
    login(client, officer.email)
    for path in ["/phuong-mot/can-bo/", "/phuong-mot/can-bo/ho-so/", f"/phuong-mot/can-bo/ho-so/{dossier.id}"]:
        assert client.get(path).status_code == 200, path
    client.post("/can-bo/dang-xuat")
    login(client, "leader@example.vn")
    assert client.get("/phuong-mot/can-bo/phe-duyet/").status_code == 200
    assert queries == []
    assert len(called) >= 8  # the pages did use the helpers this test watches


# ---------------------------------------------------------------- the kernel's rules, defined once

# What only the kernel's time and request-facts modules may write (the rest call now_utc, as_utc, VIETNAM_TZ and
# client_address): a copy elsewhere is how two zones or two "nows" came to exist before.
KERNEL_ONLY = {
    re.compile(r"datetime\.now\("): "kernel/times.py",
    re.compile(r"\.replace\(tzinfo=(dt\.)?timezone\.utc\)"): "kernel/times.py",
    re.compile(r"ZoneInfo\("): "kernel/times.py",
    re.compile(r"request\.remote_addr"): "kernel/request_facts.py",
}


def test_time_and_the_client_address_are_written_only_in_the_kernel():
    found = {}
    for path in MODULES:
        for pattern, home in KERNEL_ONLY.items():
            if pattern.search(path.read_text()):
                found.setdefault(pattern.pattern, set()).add(_relative(path))
    assert found == {pattern.pattern: {home} for pattern, home in KERNEL_ONLY.items()}
