"""Staff accounts for tests: ``make_staff(ward, role)``, ``login(client, email, password)`` and ``settle()``.

Admins must use two-step sign-in, so ``make_staff`` gives every admin (and province admin) a TOTP secret
and ``login`` answers the code prompt from it (``totp_code(user)`` gives a fresh code for your own posts).
Others get a secret only with ``totp=True``.

Outside a request, ``wardportal.database`` opens write transactions (BEGIN IMMEDIATE), and the flag that
makes GET requests read-only leaks from the last request into the test body. A read in the test body can
therefore hold SQLite's write lock, and the next POST from the client fails with "database is locked".
So: test modules import the autouse fixture ``unexpiring_session`` (objects made by the factories stay
loaded after their commit); ``settle(*objects)`` loads the given objects and ends the test's transaction
without expiring them (the helpers here call it; call it after your own reads, before the next POST); to
see what a request changed, select columns (``select(Procedure.title)``) rather than ``expire_all()``,
which unloads the test's objects so that the next attribute access reopens a locking transaction.
"""

import itertools
import time
from datetime import datetime, timezone

import pyotp
import pytest
from flask import url_for
from sqlalchemy import select

from wardportal.kernel.extensions import db
from wardportal.staff import accounts, totp_seeds
from wardportal.staff.models import TotpUse

DEFAULT_PASSWORD = "cay-lua-xanh-mua-thu"
_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def unexpiring_session(app):
    """Import into a test module: commits in the test body keep objects loaded (no lazy, locking reloads)."""
    session = db.session()
    session.expire_on_commit = False
    yield
    session.expire_on_commit = True


def settle(*objects) -> None:
    """Load ``objects`` (e.g. what ``make.procedure`` returned), then end the test's transaction unexpired."""
    session = db.session()
    for obj in objects:
        session.refresh(obj)
    previous, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = previous


def make_staff(ward, role="editor", email=None, password=DEFAULT_PASSWORD, full_name="Trần Văn Bình",
               totp=None, province_admin=False, roles=None, email_proved=False):
    """Create and commit a staff member holding ``role`` (or ``roles``) in ``ward`` (ward may be None).

    ``email_proved``: as if the owner had followed a link e-mailed to the address (needed to accept offers).
    """
    roles = tuple(roles or ((role,) if role and ward is not None else ()))
    email = email or f"{'-'.join(roles) or 'staff'}.{next(_counter)}@example.vn"
    db.session.commit()  # the password's scrypt runs outside a write transaction, as in the portal's commands
    user = accounts.create_staff(email, full_name, password, ward=ward, roles=roles, province_admin=province_admin)
    if totp if totp is not None else ("admin" in roles or province_admin):
        user.totp_secret = totp_seeds.seal(pyotp.random_base32())  # stored sealed, as enable_totp does
    if email_proved:
        user.email_verified_at = datetime.now(timezone.utc)
    db.session.flush()
    list(user.memberships)
    settle()
    return user


def totp_code(user) -> str:
    """A code for ``user`` that the replay check still accepts (the next unused step of the ±1 window).

    Near a 30-second boundary it first waits for the boundary to pass: a code of the previous step made just
    before it would be two steps old when posted, and refused (this made a CI run fail once)."""
    secret = totp_seeds.unseal(db.session.scalar(select(accounts.StaffUser.totp_secret)
                                                 .where(accounts.StaffUser.id == user.id)))
    last_step = db.session.scalar(select(TotpUse.last_step).where(TotpUse.staff_id == user.id))
    settle()
    totp = pyotp.TOTP(secret)
    left_in_step = totp.interval - time.time() % totp.interval
    if left_in_step < 3:
        time.sleep(left_in_step + 0.05)
    current = totp.timecode(datetime.now(timezone.utc))
    step = current - 1 if last_step is None else max(current - 1, last_step + 1)
    assert step <= current + 1, "all TOTP codes of this 90-second window are used; log this user in less often"
    return totp.generate_otp(step)


def login(client, email, password=DEFAULT_PASSWORD, follow_redirects=False):
    """Sign in through the real pages, answering the TOTP prompt when the account has 2FA on."""
    host = client.environ_base.get("HTTP_HOST", "localhost")  # a trusted host when PUBLIC_BASE_URL is set
    with client.application.test_request_context(base_url=f"https://{host}"):
        login_url = url_for("staff.login")
        verify_url = url_for("staff.totp_verify")
    settle()
    response = client.post(login_url, data={"email": email, "password": password})
    if response.status_code == 302 and response.location.endswith(verify_url):
        user = accounts.staff_by_email(email)
        response = client.post(verify_url, data={"code": totp_code(user)})
        assert response.status_code == 302, "the TOTP code was refused"
    if follow_redirects and response.status_code == 302:
        response = client.get(response.location)
    return response
