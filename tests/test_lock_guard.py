"""The write-lock guard (tests/lock_guard.py) can fail, names what it catches, and covers every listed primitive."""

import importlib
import io

from PIL import Image
from sqlalchemy import text

from wardportal.feedback.photos import clean_photo
from wardportal.kernel import image_intake, senders
from wardportal.kernel.extensions import db
from wardportal.staff import accounts

from . import lock_guard


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (40, 20), (0, 0, 0, 0)).save(out, "PNG")
    return out.getvalue()


def test_slow_work_inside_a_write_transaction_is_reported(app, write_lock_guard):
    db.session.execute(text("SELECT 1"))  # outside a GET request: BEGIN IMMEDIATE, the write lock is held
    accounts.hash_password("một mật khẩu dài")
    clean_photo(png_bytes(), 10**6, 10**6)
    found = [(v.primitive, v.caller) for v in write_lock_guard]
    write_lock_guard.clear()  # reported as expected: this test must not fail at teardown
    db.session.rollback()
    assert [primitive for primitive, _ in found] == [
        "werkzeug.security.generate_password_hash", "wardportal.kernel.image_intake.clean"]
    # the caller is named: the portal function that called the primitive
    assert "accounts.py" in found[0][1] and "hash_password" in found[0][1]
    assert "feedback/photos.py" in found[1][1] and "clean_photo" in found[1][1]


def test_a_test_doing_slow_work_itself_is_not_the_portals_doing(app, write_lock_guard):
    # Only the portal's own paths count: a test may sign or send for itself inside its transaction.
    db.session.execute(text("SELECT 1"))
    image_intake.clean(png_bytes(), ("PNG",), image_intake.Budget(), 100)
    senders.email_sender(app.config).send(
        senders.Message("P1", "received", "dan@example.vn", "Hồ sơ", "Đã nhận"))
    db.session.rollback()
    assert write_lock_guard == []


def test_the_same_work_after_the_commit_is_not_reported(app, write_lock_guard):
    db.session.execute(text("SELECT 1"))
    db.session.commit()
    accounts.hash_password("một mật khẩu dài")
    image_intake.clean(png_bytes(), ("PNG",), image_intake.Budget(), 100)
    assert write_lock_guard == []


def test_a_read_transaction_does_not_count(app, write_lock_guard):
    # A GET request's deferred transaction that only reads holds no write lock: the probe says so.
    with app.test_request_context("/", method="GET"):
        app.preprocess_request()
        db.session.execute(text("SELECT 1"))
        accounts.hash_password("một mật khẩu dài")
        db.session.rollback()
    assert write_lock_guard == []


def test_every_listed_primitive_is_wrapped_wherever_it_was_imported():
    """Enumeration: each listed primitive, and each module-level name bound to it in the portal, is guarded."""
    import sys

    for module_name, attr, why in lock_guard.SLOW_PRIMITIVES + [(m, a, "sender") for m, a in
                                                                   lock_guard.SENDER_FACTORIES]:
        assert why, f"{module_name}.{attr}: say why it is slow"
        wrapped = getattr(importlib.import_module(module_name), attr)
        assert getattr(wrapped, "lock_guarded", False), f"{module_name}.{attr} is not guarded"
        original = wrapped.__wrapped__
        for name, module in list(sys.modules.items()):
            if module is not None and name.startswith("wardportal"):
                holders = [key for key, value in vars(module).items() if value is original]
                assert not holders, f"{name}.{holders[0]} still holds the unguarded {module_name}.{attr}"
