"""Signing in and out, password rules and hashing, sessions, one-time links."""

import re
import time
from datetime import datetime, timedelta, timezone

import pytest
from flask import url_for

from wardportal.kernel.extensions import db
from wardportal.staff import access, accounts
from wardportal.staff.models import AccountToken, AuditEntry, StaffUser

from .staff_factories import DEFAULT_PASSWORD, login, make_staff, settle
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)


def urls(app, endpoint, **values):
    """A URL built outside a request."""
    with app.test_request_context():
        return url_for(endpoint, **values)


def test_password_is_stored_as_a_modern_kdf_hash(make):
    """The stored hash is scrypt with a salt; the clear password appears nowhere."""
    user = make_staff(make.ward(), "editor")
    assert user.password_hash.startswith("scrypt:")
    assert DEFAULT_PASSWORD not in user.password_hash
    other = make_staff(make.ward(), "editor")
    assert other.password_hash != user.password_hash  # salted


@pytest.mark.parametrize("password, problem", [
    ("short7!", "too_short"), ("x" * 129, "too_long"), ("password1", "common"), ("Iloveyou123", "common"),
    ("lan.nguyen@example.vn", "like_email"),
])
def test_password_policy_refuses(password, problem):
    """Too short, too long, common, or the e-mail itself."""
    assert accounts.password_problem(password, "lan.nguyen@example.vn") == problem


def test_password_policy_accepts_long_passphrases():
    """64+ characters are allowed, and so is an uncommon 8-character password."""
    assert accounts.password_problem("mot-cau-rat-dai-de-nho " * 3, "a@b.vn") is None
    assert len("mot-cau-rat-dai-de-nho " * 3) > 64
    assert accounts.password_problem("Hoa!sen9", "a@b.vn") is None


def test_common_password_list_is_shipped():
    """Thousands of common passwords are known."""
    assert len(accounts.common_passwords()) > 3000
    assert "12345678" in accounts.common_passwords()


def test_login_and_logout(client, make):
    """An editor signs in, reaches their ward's dashboard, signs out and is locked out again."""
    ward = make.ward()
    user = make_staff(ward, "editor")
    response = login(client, user.email)
    assert response.status_code == 302
    page = client.get(response.location, follow_redirects=True)
    assert page.status_code == 200 and ward.name in page.text
    assert client.post(urls(client.application, "staff.logout")).status_code == 302
    again = client.get(urls(client.application, "staff.dashboard", ward_slug=ward.slug))
    assert again.status_code == 302 and "/can-bo/dang-nhap" in again.location


def test_login_error_is_generic(client, make):
    """A wrong password and an unknown e-mail give the very same message."""
    user = make_staff(make.ward(), "editor")
    wrong = login(client, user.email, "not-the-password")
    unknown = login(client, "nobody@example.vn", "not-the-password")
    assert wrong.status_code == unknown.status_code == 422
    assert "Email hoặc mật khẩu không đúng." in wrong.text
    # CSRF tokens carry a timestamp, so two pages a second apart differ there and only there.
    assert without_tokens(wrong.text.replace(user.email, "X")) == \
        without_tokens(unknown.text.replace("nobody@example.vn", "X"))


def without_tokens(html: str) -> str:
    """The page with its CSRF tokens blanked out."""
    html = re.sub(r'"X-CSRFToken": "[^"]+"', '"X-CSRFToken": ""', html)
    return re.sub(r'name="csrf_token" type="hidden" value="[^"]+"|name="csrf_token" value="[^"]+"', "", html)


def test_deactivated_account_cannot_sign_in(client, make):
    """A deactivated account gets the generic error."""
    user = make_staff(make.ward(), "editor")
    user.is_active_account = False
    settle()
    assert login(client, user.email).status_code == 422


def test_session_rotated_at_login(client, make):
    """Whatever the visitor's session held before signing in is gone afterwards, with a new session id."""
    user = make_staff(make.ward(), "editor")
    with client.session_transaction() as session:
        session["planted"] = "by-an-attacker"
    login(client, user.email)
    with client.session_transaction() as session:
        assert "planted" not in session
        first_sid = session[access.SESSION_SID]
    client.post(urls(client.application, "staff.logout"))
    login(client, user.email)
    with client.session_transaction() as session:
        assert session[access.SESSION_SID] != first_sid


@pytest.mark.parametrize("key, age", [(access.SESSION_LAST_SEEN, access.DEFAULT_IDLE_TIMEOUT + 5),
                                      (access.SESSION_SIGNED_IN_AT, access.DEFAULT_ABSOLUTE_TIMEOUT + 5)])
def test_idle_and_absolute_timeouts(client, make, key, age):
    """A session idle too long, or signed in too long ago, is sent back to the sign-in page."""
    ward = make.ward()
    user = make_staff(ward, "editor")
    login(client, user.email)
    dashboard = urls(client.application, "staff.dashboard", ward_slug=ward.slug)
    assert client.get(dashboard).status_code == 200
    with client.session_transaction() as session:
        session[key] = time.time() - age
    response = client.get(dashboard)
    assert response.status_code == 302 and "/can-bo/dang-nhap" in response.location
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_activity_keeps_the_session_alive(client, make):
    """Each request moves the idle clock forward."""
    ward = make.ward()
    login(client, make_staff(ward, "editor").email)
    with client.session_transaction() as session:
        session[access.SESSION_LAST_SEEN] = time.time() - access.DEFAULT_IDLE_TIMEOUT + 60
    client.get(urls(client.application, "staff.dashboard", ward_slug=ward.slug))
    with client.session_transaction() as session:
        assert time.time() - session[access.SESSION_LAST_SEEN] < 5


def test_htmx_request_without_session_gets_hx_redirect(client, make):
    """htmx requests are told to load the sign-in page instead of swapping it into a fragment."""
    ward = make.ward()
    response = client.get(urls(client.application, "staff.procedures", ward_slug=ward.slug),
                          headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"].endswith("/can-bo/dang-nhap")


def test_login_returns_to_the_page_asked_for(client, make):
    """After signing in, the editor lands where they were going."""
    ward = make.ward()
    user = make_staff(ward, "editor")
    target = urls(client.application, "staff.procedures", ward_slug=ward.slug)
    client.get(target)
    assert login(client, user.email).location.endswith(target)


def test_change_password_ends_other_sessions(app, make):
    """After a password change the old password fails and another signed-in browser is signed out."""
    ward = make.ward()
    user = make_staff(ward, "editor")
    first, second = app.test_client(), app.test_client()
    login(first, user.email)
    login(second, user.email)
    response = first.post(urls(app, "staff.change_password"), data={
        "current": DEFAULT_PASSWORD, "password": "mat-khau-moi-rat-dai", "confirm": "mat-khau-moi-rat-dai"})
    assert response.status_code == 302
    dashboard = urls(app, "staff.dashboard", ward_slug=ward.slug)
    assert first.get(dashboard).status_code == 200
    assert second.get(dashboard).status_code == 302
    assert login(app.test_client(), user.email).status_code == 422
    assert login(app.test_client(), user.email, "mat-khau-moi-rat-dai").status_code == 302


def test_change_password_refuses_common_password(client, make):
    """The policy applies to password changes, with the reason shown."""
    user = make_staff(make.ward(), "editor")
    login(client, user.email)
    response = client.post(urls(client.application, "staff.change_password"), data={
        "current": DEFAULT_PASSWORD, "password": "password123", "confirm": "password123"})
    assert response.status_code == 422 and "quá phổ biến" in response.text


def test_reset_link_is_one_time_and_stored_hashed(client, make):
    """A reset token works once, only its hash is in the database, and an expired one is refused."""
    ward = make.ward()
    admin = make_staff(ward, "admin")
    user = make_staff(ward, "officer")
    now = datetime.now(timezone.utc)
    token = accounts.issue_token(user, "reset", admin, now)
    db.session.commit()
    stored = db.session.scalar(db.select(AccountToken))
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    settle()
    link = urls(client.application, "staff.accept_link", token=token)
    assert client.get(link).status_code == 200
    response = client.post(link, data={"password": "hoa-mai-no-som", "confirm": "hoa-mai-no-som"})
    assert response.status_code == 302
    assert client.get(link).status_code == 404
    assert login(client, user.email, "hoa-mai-no-som").status_code == 302
    late = accounts.issue_token(user, "reset", admin, now - timedelta(days=2))
    db.session.commit()
    assert client.get(urls(client.application, "staff.accept_link", token=late)).status_code == 404


def test_login_is_audited_with_address(client, make):
    """A sign-in writes an audit entry naming the account and the address."""
    user = make_staff(make.ward(), "editor")
    login(client, user.email)
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "staff.login"))
    assert entry.actor_email == user.email and entry.ip_address == "127.0.0.1"


def test_create_admin_command(runner, make):
    """The CLI creates a ward admin with a prompted password (typed twice)."""
    ward = make.ward()
    result = runner.invoke(args=["create-admin", "--ward", ward.slug, "--email", "Chu.Tich@Example.vn"],
                           input="mot-mat-khau-tot\nmot-mat-khau-tot\n")
    assert result.exit_code == 0, result.output
    user = accounts.staff_by_email("chu.tich@example.vn")
    assert user.roles_in(ward.id) == {"admin"}
    assert accounts.authenticate("chu.tich@example.vn", "mot-mat-khau-tot") is not None
    weak = runner.invoke(args=["create-admin", "--ward", ward.slug, "--email", "b@example.vn"],
                         input="12345678\n12345678\n")
    assert weak.exit_code != 0 and "too common" in weak.output
    missing = runner.invoke(args=["create-admin", "--ward", "khong-co", "--email", "c@example.vn"],
                            input="mot-mat-khau-tot\nmot-mat-khau-tot\n")
    assert missing.exit_code != 0
    assert db.session.scalar(db.select(db.func.count()).select_from(StaffUser)) == 1


def test_create_province_admin_command(runner):
    """The CLI creates a province administrator, who has no ward role but the province flag."""
    result = runner.invoke(args=["create-province-admin", "--email", "tinh@example.vn"],
                           input="quan-tri-cap-tinh\nquan-tri-cap-tinh\n")
    assert result.exit_code == 0, result.output
    user = accounts.staff_by_email("tinh@example.vn")
    assert user.is_province_admin and not user.memberships
    assert access.needs_totp_setup(user)
