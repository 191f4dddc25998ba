"""Two-step sign-in: TOTP for everybody, required for admins, replay refused, recovery codes."""

import re
from datetime import datetime, timezone

import pyotp
import pytest
from flask import url_for

from wardportal.kernel.extensions import db
from wardportal.staff import accounts, totp_seeds
from wardportal.staff.models import RecoveryCode
from wardportal.staff.views_auth import SESSION_TOTP_SETUP

from .staff_factories import DEFAULT_PASSWORD, login, make_staff, settle, totp_code
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)


def url(app, endpoint, **values):
    """A URL built outside a request."""
    with app.test_request_context():
        return url_for(endpoint, **values)


def secret_of(user):
    """The account's TOTP secret, read fresh from the database and unsealed (None when two-step is off)."""
    sealed = db.session.scalar(db.select(accounts.StaffUser.totp_secret).where(accounts.StaffUser.id == user.id))
    return totp_seeds.unseal(sealed) if sealed else None


def test_password_alone_does_not_sign_in_when_totp_is_on(client, make):
    """With 2FA on, the password leads to the code prompt and staff pages stay closed."""
    ward = make.ward()
    user = make_staff(ward, "editor", totp=True)
    response = client.post(url(client.application, "staff.login"),
                           data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.location.endswith(url(client.application, "staff.totp_verify"))
    assert client.get(url(client.application, "staff.dashboard", ward_slug=ward.slug)).status_code == 302
    wrong = client.post(url(client.application, "staff.totp_verify"), data={"code": "000000"})
    assert wrong.status_code == 422
    settle()
    right = client.post(url(client.application, "staff.totp_verify"), data={"code": totp_code(user)})
    assert right.status_code == 302
    assert client.get(url(client.application, "staff.dashboard", ward_slug=ward.slug)).status_code == 200


def test_totp_code_cannot_be_replayed(make):
    """The same code is accepted once."""
    user = make_staff(make.ward(), "editor", totp=True)
    now = datetime.now(timezone.utc)
    code = pyotp.TOTP(totp_seeds.unseal(user.totp_secret)).at(now)
    assert accounts.verify_totp(user, code, now)
    assert not accounts.verify_totp(user, code, now)


def test_admin_without_totp_must_set_it_up_first(client, make):
    """An admin without 2FA is sent to set-up by every staff page until it is on."""
    ward = make.ward()
    admin = make_staff(ward, "admin", totp=False)
    response = login(client, admin.email)
    setup = url(client.application, "staff.totp_setup")
    assert response.location.endswith(setup)
    for endpoint in ("staff.dashboard", "staff.staff_list", "staff.audit_log"):
        blocked = client.get(url(client.application, endpoint, ward_slug=ward.slug))
        assert blocked.status_code == 302 and blocked.location.endswith(setup)
    page = client.get(setup)
    assert page.status_code == 200 and "data:image/svg+xml" in page.text
    with client.session_transaction() as session:
        secret = session[SESSION_TOTP_SETUP]
    done = client.post(setup, data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    codes = re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", done.text)
    assert len(codes) == accounts.RECOVERY_CODE_COUNT
    assert client.get(url(client.application, "staff.staff_list", ward_slug=ward.slug)).status_code == 200
    assert secret_of(admin) == secret
    stored = db.session.scalars(db.select(RecoveryCode.code_hash)).all()
    assert not set(codes) & set(stored)  # only hashes are kept
    settle()


def test_recovery_code_signs_in_once(client, make):
    """A recovery code replaces the app code once; the same code is refused the second time."""
    user = make_staff(make.ward(), "editor", totp=True)
    codes = accounts.new_recovery_codes(user)
    settle()
    login_url, verify_url = url(client.application, "staff.login"), url(client.application, "staff.totp_verify")
    for expected in (302, 422):
        client.post(login_url, data={"email": user.email, "password": DEFAULT_PASSWORD})
        response = client.post(verify_url, data={"code": codes[0].upper()})
        assert response.status_code == expected
        client.post(url(client.application, "staff.logout"))
    assert accounts.recovery_codes_left(user) == accounts.RECOVERY_CODE_COUNT - 1
    settle()


def test_admin_cannot_turn_totp_off_but_editor_can(client, make):
    """2FA is optional for editors and officers, required for admins."""
    ward = make.ward()
    admin = make_staff(ward, "admin")
    with pytest.raises(accounts.AccountError):
        accounts.disable_totp(admin)
    settle()
    editor = make_staff(ward, "editor", totp=True)
    login(client, editor.email)
    assert client.post(url(client.application, "staff.totp_disable")).status_code == 302
    assert secret_of(editor) is None
    settle()


def test_code_prompt_expires(client, make):
    """A password entered long ago no longer lets the code prompt finish the sign-in."""
    user = make_staff(make.ward(), "editor", totp=True)
    client.post(url(client.application, "staff.login"), data={"email": user.email, "password": DEFAULT_PASSWORD})
    with client.session_transaction() as session:
        session["staff_pending_at"] -= 3600
    response = client.post(url(client.application, "staff.totp_verify"), data={"code": totp_code(user)})
    assert response.status_code == 302 and response.location.endswith(url(client.application, "staff.login"))
