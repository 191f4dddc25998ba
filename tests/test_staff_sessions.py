"""Issue 10 item 2: staff sessions are revocable server-side; a copied cookie stops working at once.

Each test copies the victim's session cookie into a second client (the attacker), ends the session the way
the test names, and checks the copy no longer opens a dossier, while the rest of the data is unchanged.
"""

import hashlib

import pytest
from sqlalchemy import func, select

from wardportal.kernel.extensions import db
from wardportal.staff import accounts
from wardportal.staff.models import StaffSession, StaffUser

from .staff_factories import DEFAULT_PASSWORD, login, make_staff, settle, totp_code
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)
from .workflow_factories import client, make_dossier  # noqa: F401  (client fixture)


@pytest.fixture
def ward(make):
    return make.ward(slug="phuong-mot")


@pytest.fixture
def dossier(ward):
    return make_dossier(ward)


def dossier_url(dossier) -> str:
    return f"/{dossier.ward.slug}/can-bo/ho-so/{dossier.id}"


def stolen_copy(app, client):
    """A second browser holding an exact copy of ``client``'s session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def assert_locked_out(thief, dossier):
    """The copied cookie is sent to the sign-in page and sees nothing of the dossier."""
    response = thief.get(dossier_url(dossier))
    assert response.status_code == 302 and response.location.endswith("/can-bo/dang-nhap")
    fragment = thief.get(dossier_url(dossier), headers={"HX-Request": "true"})
    assert fragment.headers.get("HX-Redirect", "").endswith("/can-bo/dang-nhap")
    assert dossier.applicant_name not in fragment.text


def test_copied_cookie_stops_working_after_logout(app, client, ward, dossier):
    """The probe's case: the cookie copied before "Đăng xuất" no longer opens the dossier page."""
    officer = make_staff(ward, "officer")
    login(client, officer.email)
    thief = stolen_copy(app, client)
    assert thief.get(dossier_url(dossier)).status_code == 200  # the copy works while the session lives
    assert client.post("/can-bo/dang-xuat").status_code == 302
    assert_locked_out(thief, dossier)
    ended = db.session.scalar(select(func.count()).select_from(StaffSession).where(StaffSession.ended_at.isnot(None)))
    assert ended == 1


def test_session_ids_are_stored_hashed(app, client, ward):
    """A copy of the sessions table signs nobody in: it holds hashes, not the ids the cookies carry."""
    officer = make_staff(ward, "officer")
    login(client, officer.email)
    with client.session_transaction() as session:
        sid = session["staff_sid"]
    stored = db.session.scalars(select(StaffSession.id_hash)).all()
    assert stored == [hashlib.sha256(sid.encode()).hexdigest()] and sid not in stored


def test_password_change_ends_every_other_session(app, client, ward, dossier):
    """The attacker's copy dies when the owner changes the password; the owner's own browser goes on."""
    officer = make_staff(ward, "officer")
    login(client, officer.email)
    thief = stolen_copy(app, client)
    response = client.post("/can-bo/mat-khau", data={"current": DEFAULT_PASSWORD, "password": "song-hong-chay-mai",
                                                     "confirm": "song-hong-chay-mai"})
    assert response.status_code == 302
    assert_locked_out(thief, dossier)
    assert client.get(dossier_url(dossier)).status_code == 200


def test_two_step_reset_by_the_admin_ends_the_members_sessions(app, client, ward, dossier):
    """Resetting a member's two-step sign-in (lost phone) ends the sessions opened with it."""
    officer = make_staff(ward, "officer", totp=True)
    admin = make_staff(ward, "admin")
    login(client, officer.email)
    thief = stolen_copy(app, client)
    admin_client = app.test_client()
    login(admin_client, admin.email)
    assert admin_client.post(f"/phuong-mot/can-bo/nhan-su/{officer.id}/dat-lai-xac-thuc").status_code == 302
    assert_locked_out(thief, dossier)
    assert_locked_out(client, dossier)
    assert db.session.scalar(select(StaffUser.totp_secret).where(StaffUser.id == officer.id)) is None


def test_own_two_step_change_ends_the_other_sessions(app, client, ward, dossier):
    """Renewing one's recovery codes (after a suspected leak) ends every other session of the account."""
    officer = make_staff(ward, "officer", totp=True)
    login(client, officer.email)
    thief = stolen_copy(app, client)
    assert client.post("/can-bo/xac-thuc-hai-buoc/ma-khoi-phuc", data={"code": totp_code(officer)}).status_code == 200
    assert_locked_out(thief, dossier)
    assert client.get(dossier_url(dossier)).status_code == 200


def test_role_removal_ends_the_session_at_once(app, client, ward, dossier):
    """An officer moved to editing only: the session opened as officer stops at once (and the role is gone)."""
    officer = make_staff(ward, "officer")
    admin = make_staff(ward, "admin")
    login(client, officer.email)
    admin_client = app.test_client()
    login(admin_client, admin.email)
    assert admin_client.post(f"/phuong-mot/can-bo/nhan-su/{officer.id}",
                             data={"roles": ["editor"]}).status_code == 302
    assert_locked_out(client, dossier)
    settle()
    login(client, officer.email)
    assert client.get(dossier_url(dossier)).status_code == 404


def test_admin_signs_a_member_out_everywhere(app, client, ward, dossier):
    """"Sign out everywhere" ends all of the member's sessions; the password still works afterwards."""
    officer = make_staff(ward, "officer")
    admin = make_staff(ward, "admin")
    login(client, officer.email)
    other_device = app.test_client()
    login(other_device, officer.email)
    admin_client = app.test_client()
    login(admin_client, admin.email)
    page = admin_client.get(f"/phuong-mot/can-bo/nhan-su/{officer.id}")
    assert "2 phiên" in page.text
    assert admin_client.post(f"/phuong-mot/can-bo/nhan-su/{officer.id}/dang-xuat-moi-noi").status_code == 302
    assert_locked_out(client, dossier)
    assert_locked_out(other_device, dossier)
    assert admin_client.get("/phuong-mot/can-bo/nhan-su/").status_code == 200  # the admin's own session lives
    settle()
    login(client, officer.email)
    assert client.get(dossier_url(dossier)).status_code == 200


def test_other_ward_admin_cannot_sign_out_someone_elses_staff(app, client, make, ward):
    """An admin of another ward gets a 404 and ends nobody's session."""
    officer = make_staff(ward, "officer")
    other_admin = make_staff(make.ward(slug="phuong-hai"), "admin")
    login(client, officer.email)
    attacker = app.test_client()
    login(attacker, other_admin.email)
    assert attacker.post(f"/phuong-hai/can-bo/nhan-su/{officer.id}/dang-xuat-moi-noi").status_code == 404
    assert attacker.post(f"/phuong-mot/can-bo/nhan-su/{officer.id}/dang-xuat-moi-noi").status_code == 404
    live = db.session.scalar(select(func.count()).select_from(StaffSession).where(
        StaffSession.staff_id == officer.id, StaffSession.ended_at.is_(None)))
    assert live == 1
    assert accounts.staff_by_email(officer.email).is_active_account
