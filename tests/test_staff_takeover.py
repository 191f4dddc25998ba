"""Issue 10 item 1: an admin of one ward cannot take over another ward's account; two-step sign-in policy.

Each test is the hostile request first, then what it must not have changed.
"""

import pytest
from sqlalchemy import func, select

from wardportal.kernel.extensions import db
from wardportal.kernel.times import now_utc
from wardportal.staff import accounts, totp_seeds
from wardportal.staff.models import AccountToken, MembershipOffer, StaffUser, WardMembership

from .staff_factories import login, make_staff, settle
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)
from .workflow_factories import client, make_dossier  # noqa: F401  (client fixture)


@pytest.fixture
def wards(make):
    """Ward A (the attacker administers it) and ward B (the victim officer works there)."""
    return make.ward(slug="phuong-a"), make.ward(slug="phuong-b")


def _memberships(user) -> set[tuple[int, str]]:
    return set(db.session.execute(select(WardMembership.ward_id, WardMembership.role)
                                  .where(WardMembership.staff_id == user.id)).all())


def _sign_out(client):
    client.post("/can-bo/dang-xuat")


def test_adding_another_wards_officer_only_offers_and_nothing_changes_until_the_owner_accepts(client, wards):
    """The attack: A's admin "invites" B's officer's existing account. Nothing is granted, no link is made."""
    ward_a, ward_b = wards
    admin_a = make_staff(ward_a, "admin")
    victim = make_staff(ward_b, "officer", full_name="Nạn Nhân", email_proved=True)
    login(client, admin_a.email)
    response = client.post("/phuong-a/can-bo/nhan-su/moi",
                           data={"email": victim.email.upper(), "full_name": "Kẻ Gian", "roles": ["officer", "admin"]})
    assert response.status_code == 302
    assert _memberships(victim) == {(ward_b.id, "officer")}
    assert db.session.scalar(select(func.count()).select_from(AccountToken)) == 0
    assert db.session.scalar(select(StaffUser.full_name).where(StaffUser.id == victim.id)) == "Nạn Nhân"
    # Still not a member, so no reset link can be asked for the account from ward A either.
    assert client.post(f"/phuong-a/can-bo/nhan-su/{victim.id}/dat-lai-mat-khau").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(AccountToken)) == 0
    _sign_out(client)

    # Another officer cannot answer the offer made to the victim.
    intruder = make_staff(ward_b, "officer")
    offer_id = db.session.scalar(select(MembershipOffer.id))
    settle()
    login(client, intruder.email)
    assert client.post(f"/can-bo/loi-moi/{offer_id}", data={"answer": "accept"}).status_code == 404
    assert _memberships(intruder) == {(ward_b.id, "officer")}
    _sign_out(client)

    # The owner sees the offer after signing in and decides.
    login(client, victim.email)
    home = client.get("/can-bo/")
    assert home.status_code == 200 and ward_a.name in home.text
    assert client.post(f"/can-bo/loi-moi/{offer_id}", data={"answer": "accept"}).status_code == 302
    assert _memberships(victim) == {(ward_b.id, "officer"), (ward_a.id, "officer"), (ward_a.id, "admin")}
    assert db.session.scalar(select(func.count()).select_from(MembershipOffer)) == 0


def test_declined_offer_grants_nothing(client, wards):
    """The owner declines: no role anywhere new, the offer is gone."""
    ward_a, ward_b = wards
    admin_a = make_staff(ward_a, "admin")
    victim = make_staff(ward_b, "officer")
    with client.application.test_request_context():
        accounts.invite_staff(ward_a, victim.email, "", {"officer"}, admin_a, now_utc())
    db.session.commit()
    offer_id = db.session.scalar(select(MembershipOffer.id))
    settle()
    login(client, victim.email)
    assert client.post(f"/can-bo/loi-moi/{offer_id}", data={"answer": "decline"}).status_code == 302
    assert _memberships(victim) == {(ward_b.id, "officer")}
    assert db.session.scalar(select(func.count()).select_from(MembershipOffer)) == 0


def test_admin_cannot_reset_an_account_that_also_works_in_another_ward(client, wards):
    """The attack: the account accepted A's offer, so A's admin tries its password reset and 2FA reset.

    Both are refused (403), no reset link exists afterwards and the account's two-step secret is unchanged;
    a province administrator may still do it.
    """
    ward_a, ward_b = wards
    admin_a = make_staff(ward_a, "admin")
    shared = make_staff(ward_b, "officer", totp=True)
    accounts.set_roles(ward_a, shared, {"officer"})
    db.session.commit()
    secret = shared.totp_secret
    settle()
    login(client, admin_a.email)
    page = client.get(f"/phuong-a/can-bo/nhan-su/{shared.id}")
    assert page.status_code == 200 and "dat-lai-mat-khau" not in page.text
    refused = client.post(f"/phuong-a/can-bo/nhan-su/{shared.id}/dat-lai-mat-khau")
    assert refused.status_code == 403 and "lien-ket/" not in refused.text
    assert client.post(f"/phuong-a/can-bo/nhan-su/{shared.id}/dat-lai-xac-thuc").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(AccountToken)) == 0
    assert db.session.scalar(select(StaffUser.totp_secret).where(StaffUser.id == shared.id)) == secret
    _sign_out(client)

    # A province administrator's account is out of reach of ward admins too.
    province = make_staff(None, province_admin=True)
    accounts.set_roles(ward_a, province, {"editor"})
    db.session.commit()
    settle()
    login(client, admin_a.email)
    assert client.post(f"/phuong-a/can-bo/nhan-su/{province.id}/dat-lai-mat-khau").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(AccountToken)) == 0
    _sign_out(client)

    # Only-here accounts stay manageable, and the province administrator can reset the shared one.
    own = make_staff(ward_a, "officer")
    login(client, admin_a.email)
    assert client.post(f"/phuong-a/can-bo/nhan-su/{own.id}/dat-lai-mat-khau").status_code == 200
    _sign_out(client)
    login(client, province.email)
    assert client.post(f"/phuong-a/can-bo/nhan-su/{shared.id}/dat-lai-mat-khau").status_code == 404  # not an admin
    assert accounts.may_manage_account(province, shared)


def test_province_admin_adds_an_existing_account_directly(make):
    """Province administrators create wards with existing accounts as their admins, without an offer."""
    ward = make.ward()
    province = make_staff(None, province_admin=True)
    existing = make_staff(make.ward(), "officer")
    user, token, waits = accounts.invite_staff(ward, existing.email, "", {"admin"}, province, now_utc())
    db.session.flush()
    assert (token, waits) == (None, False) and "admin" in user.roles_in(ward.id)


def test_ward_requiring_two_step_stops_officers_without_it(client, wards):
    """With the ward's rule on, an officer without two-step sign-in sees no dossier until it is set up,
    and cannot turn it off afterwards; editors (no personal data) are not concerned."""
    ward_a, _ = wards
    admin = make_staff(ward_a, "admin")
    officer = make_staff(ward_a, "officer")
    editor = make_staff(ward_a, "editor")
    dossier = make_dossier(ward_a)
    # The attack first: an officer tries to switch the rule off (admins only).
    login(client, officer.email)
    assert client.post("/phuong-a/can-bo/nhan-su/xac-thuc-hai-buoc", data={}).status_code == 404
    _sign_out(client)
    login(client, admin.email)
    assert client.post("/phuong-a/can-bo/nhan-su/xac-thuc-hai-buoc",
                       data={"require_two_step": "y"}).status_code == 302
    _sign_out(client)
    assert db.session.scalar(select(accounts.Ward.require_two_step).where(accounts.Ward.id == ward_a.id))
    settle()

    login(client, officer.email)
    response = client.get(f"/phuong-a/can-bo/ho-so/{dossier.id}")
    assert response.status_code == 302 and response.location.endswith("/can-bo/xac-thuc-hai-buoc")
    assert dossier.applicant_name not in client.get(response.location).text
    _sign_out(client)

    login(client, editor.email)
    assert client.get("/phuong-a/can-bo/thu-tuc/").status_code == 200
    _sign_out(client)

    user = db.session.get(StaffUser, officer.id)
    user.totp_secret = totp_seeds.seal(accounts.new_totp_secret())
    db.session.commit()
    settle(user, ward_a)
    with pytest.raises(accounts.AccountError):
        accounts.disable_totp(user)
    login(client, officer.email)
    assert client.get(f"/phuong-a/can-bo/ho-so/{dossier.id}").status_code == 200
    client.post("/can-bo/xac-thuc-hai-buoc/tat", data={})
    assert db.session.scalar(select(StaffUser.totp_secret).where(StaffUser.id == officer.id))


def test_officers_are_offered_two_step_sign_in(client, wards):
    """Any officer can open the two-step page and turn it on, required or not."""
    officer = make_staff(wards[0], "officer")
    login(client, officer.email)
    page = client.get("/can-bo/xac-thuc-hai-buoc")
    assert page.status_code == 200 and "otpauth" not in page.text  # the QR code, not the raw address
    assert "data:image/svg+xml" in page.text
