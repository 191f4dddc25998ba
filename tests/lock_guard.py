"""Issue 22 on by default: no slow work while this thread holds SQLite's write lock, checked in every test.

Every non-GET request's transaction is BEGIN IMMEDIATE (`wardportal.database`), so from its first query to
its commit it keeps every other writer of the install waiting. The guard wraps each slow primitive listed in
`SLOW_PRIMITIVES`; when one is called while the calling thread has a write transaction open on an SQLite
engine, and another connection to that file really cannot take the lock (`lock_timers.lock_is_free`
asks it), it records a violation naming the primitive and the code that called it. The
test then fails at teardown with the list. A new upload, signature or send path is covered without
asking: what is listed here is what is slow, wherever it is called from.

Cheap by design: transactions are tracked through the engine's begin/commit/rollback events, and the
database is only probed when the calling thread has one open.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
import threading
import traceback
from dataclasses import dataclass

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from wardportal.kernel.database import _is_read_only_request

from .lock_timers import lock_is_free

# (module, attribute, why it is slow). A name another module imported (`from x import y`) is replaced there
# too, so each primitive is listed once, where it is defined.
SLOW_PRIMITIVES = [
    # image decoding
    ("wardportal.kernel.image_intake", "clean", "decodes every pixel, resamples and re-encodes (ms to seconds)"),
    ("wardportal.kernel.image_intake", "verify", "reads and checksums the whole image stream"),
    ("wardportal.approvals.pdf_signatures", "clean_png",
     "decodes and re-encodes a signature or seal image"),
    # PDF checks
    ("wardportal.kernel.pdf_safety", "check_pdf", "parses the whole PDF object graph (up to 200,000 objects)"),
    ("wardportal.kernel.signing", "is_signed", "parses the PDF's cross-reference tables and signature fields"),
    # signing and signature validation (pyHanko: signing ~80-300 ms, validation ~10-50 ms per signature)
    ("wardportal.kernel.signing", "outside_event_loop", "the funnel every pyHanko sign and validate call goes through"),
    ("wardportal.kernel.signing", "sign_pdf", "PAdES signature with a visible stamp"),
    ("wardportal.kernel.signature_policy", "verify", "validates every signature of a PDF (cached by content)"),
    ("wardportal.kernel.signature_policy", "verify_pdf", "validates every signature of a PDF (cached by content)"),
    ("wardportal.kernel.signature_policy", "certificate_problem", "validates a certificate's path and revocation"),
    ("wardportal.dossiers.slips", "render_and_sign", "renders a slip with fpdf2 and signs it"),
    ("wardportal.approvals.result_documents", "render_result", "draws a result PDF with fpdf2 (about 70 ms)"),
    ("wardportal.approvals.pdf_signatures", "sign_as_leader", "leader's signature (PKCS#11 token or PKCS#12)"),
    ("wardportal.approvals.pdf_signatures", "seal_as_ward", "ward's seal signature"),
    ("wardportal.approvals.pdf_signatures", "check_upload", "validates a citizen's signed PDF"),
    ("wardportal.publications.signing", "sign_for_publication", "reads and seals a document's PDF"),
    ("wardportal.publications.signing", "signature_status", "reads and validates a published PDF"),
    # password hashing: scrypt is slow on purpose (~140 ms)
    ("werkzeug.security", "generate_password_hash", "scrypt key derivation"),
    ("werkzeug.security", "check_password_hash", "scrypt key derivation"),
    # uploads: reading the body from the client's connection, then fsync
    ("wardportal.kernel.file_storage", "store_upload", "reads the upload from the network, checks it and fsyncs it"),
    ("wardportal.kernel.file_storage", "sha256_of", "reads a whole stored file from disk"),
]
# Factories whose product's ``send`` is a provider call (SMTP, an SMS gateway), with a timeout of seconds.
SENDER_FACTORIES = [("wardportal.kernel.senders", "email_sender"), ("wardportal.kernel.senders", "sms_sender")]


@dataclass(frozen=True)
class Violation:
    """A slow primitive called while the calling thread held the write lock."""

    primitive: str
    caller: str
    began_at: str

    def __str__(self) -> str:
        return f"{self.primitive} called from {self.caller}\n      in a write transaction begun at {self.began_at}"


violations: list[Violation] = []
# id(connection) -> (thread id, database file, where the transaction began) of open SQLite transactions.
_open: dict[int, tuple[int, str, str]] = {}
_local = threading.local()


TEST_CODE = "(test code)"


def _where(depth: int = 3) -> str:
    """The innermost portal frames of the current stack (the project's own code, not libraries or tests)."""
    frames = [f for f in traceback.extract_stack(limit=60)
              if "/wardportal/" in f.filename and "/site-packages/" not in f.filename]
    return " <- ".join(f"{f.filename.rsplit('/wardportal/', 1)[1]}:{f.lineno} {f.name}"
                       for f in reversed(frames[-depth:])) or TEST_CODE


def _began(connection) -> None:
    if connection.engine.dialect.name != "sqlite":
        return
    database = connection.engine.url.database
    if not database or database == ":memory:" or _is_read_only_request():
        # a GET's deferred read transaction holds no write lock: another thread's write must not count
        return
    _open[id(connection)] = (threading.get_ident(), database, _where())


def _ended(connection) -> None:
    _open.pop(id(connection), None)


def _check(primitive: str) -> bool:
    """Record a violation when this thread's open transaction holds the write lock; say whether the call is
    settled (reported, or made by test code itself), so that the primitives it calls are not judged again."""
    me = threading.get_ident()
    for thread, database, began_at in list(_open.values()):
        if thread == me and not lock_is_free(database):
            caller = _where()
            if caller == TEST_CODE:  # a test signing or hashing for itself: not a path of the portal's
                return True
            violations.append(Violation(primitive, caller, began_at))
            return True
    return False


def guarded(primitive: str, func):
    """``func`` checked on entry; calls nested in another guarded call are not reported twice."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        # Checked at every level (an outer primitive may end the read transaction, then read again and
        # sign inside the new one); once a call is reported, what runs inside it is not reported again.
        depth = getattr(_local, "depth", 0)
        if depth == 0:
            _local.reported = False
        if _open and not _local.reported:
            _local.reported = _check(primitive)
        _local.depth = depth + 1
        try:
            return func(*args, **kwargs)
        finally:
            _local.depth = depth

    wrapper.lock_guarded = True
    return wrapper


def _guarded_factory(name: str, factory):
    """A sender factory whose senders' ``send`` is guarded (the SMS class is the install's choice)."""

    @functools.wraps(factory)
    def wrapper(*args, **kwargs):
        sender = factory(*args, **kwargs)
        sender.send = guarded(f"{type(sender).__name__}.send", sender.send)
        return sender

    wrapper.lock_guarded = True
    return wrapper


def _replace_everywhere(module_name: str, original, replacement, undo: list) -> None:
    """Swap ``original`` for ``replacement`` in its module and in every portal module that imported it."""
    for name, module in list(sys.modules.items()):
        if module is None or not (name == module_name or name.startswith("wardportal")):
            continue
        for attr, value in list(vars(module).items()):
            if value is original:
                undo.append((module, attr, original))
                setattr(module, attr, replacement)


def install() -> list:
    """Wrap every listed primitive and start tracking transactions; return what `uninstall` needs."""
    import wardportal  # noqa: F401 — the app's modules must be imported before their names are swapped

    undo: list = []
    for module_name, attr, _why in SLOW_PRIMITIVES:
        original = getattr(importlib.import_module(module_name), attr)
        _replace_everywhere(module_name, original, guarded(f"{module_name}.{attr}", original), undo)
    for module_name, attr in SENDER_FACTORIES:
        original = getattr(importlib.import_module(module_name), attr)
        _replace_everywhere(module_name, original, _guarded_factory(attr, original), undo)
    event.listen(Engine, "begin", _began)
    event.listen(Engine, "commit", _ended)
    event.listen(Engine, "rollback", _ended)
    return undo


def uninstall(undo: list) -> None:
    """Put every original back and stop tracking."""
    event.remove(Engine, "begin", _began)
    event.remove(Engine, "commit", _ended)
    event.remove(Engine, "rollback", _ended)
    for module, attr, original in reversed(undo):
        setattr(module, attr, original)


@pytest.fixture(scope="session", autouse=True)
def write_lock_guard_installed():
    """The guard's wrappers, installed once for the whole session."""
    undo = install()
    yield
    uninstall(undo)


@pytest.fixture(autouse=True)
def write_lock_guard(write_lock_guard_installed, request):
    """Fail the test when slow work ran while its thread held SQLite's write lock (issue 22)."""
    violations.clear()
    _open.clear()
    yield violations
    found, _ = list(violations), violations.clear()
    survey = os.environ.get("WARDPORTAL_LOCK_GUARD_SURVEY")
    if found and survey:  # a whole run lists every violation instead of failing at the first tests
        with open(survey, "a", encoding="utf-8") as out:
            out.writelines(f"{request.node.nodeid}\t{v.primitive}\t{v.caller}\t{v.began_at}\n" for v in found)
        return
    if found:
        pytest.fail("slow work while holding the write lock (issue 22):\n"
                    + "\n".join(f"  {v}" for v in found), pytrace=False)
