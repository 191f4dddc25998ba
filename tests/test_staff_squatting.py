"""Issue 24 item 7: an admin of one ward cannot squat the account of another ward's future hire.

The attack: an admin of ward B "invites" the address a future hire of ward A will use, keeps the one-time
link shown to the inviter, and sets the password; when ward A later invites that address, the squatter
accepts the offer and gets ward A's desk. Accepting now needs an account that proved its address, links
go only to the address once mail is configured, and the address's owner takes the account back.
"""

import re

import pyotp
from flask import url_for
from sqlalchemy import select

from wardportal.kernel.extensions import db
from wardportal.staff.models import AccountToken, MembershipOffer, StaffUser, WardMembership
from wardportal.staff.views_auth import SESSION_TOTP_SETUP

from .staff_factories import login, make_staff, settle
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)
from .test_staff_mail import LINK, _body, _link_pages, smtp_server  # noqa: F401  (fixture)

HIRE = "nguoi.moi@example.vn"
SQUATTER_PASSWORD = "mat-khau-cua-ke-gian"
OWNER_PASSWORD = "mat-khau-chu-that-su"
NO_MAIL_WARNING = "Cổng chưa cấu hình gửi thư (MAIL_SERVER)"


def _shown_link(page_text: str) -> str:
    return re.search(r"http://localhost(/can-bo/lien-ket/[\w-]+)", page_text).group(1)


def _roles_of(email: str) -> set[tuple[int, str]]:
    """(ward id, role) of every role the account holds, read fresh."""
    rows = db.session.execute(select(WardMembership.ward_id, WardMembership.role).join(StaffUser)
                              .where(StaffUser.email == email)).all()
    settle()
    return set(rows)


def _turn_on_two_step(browser) -> None:
    """The signed-in squatter sets up two-step sign-in through the page (so the seed is theirs)."""
    assert browser.get("/can-bo/xac-thuc-hai-buoc").status_code == 200
    with browser.session_transaction() as session:
        secret = session[SESSION_TOTP_SETUP]
    assert browser.post("/can-bo/xac-thuc-hai-buoc", data={"code": pyotp.TOTP(secret).now()}).status_code == 200


def test_squatter_cannot_accept_another_wards_offer_and_the_owner_takes_the_account_back(app, client, make,
                                                                                         smtp_server):
    ward_a, ward_b = make.ward(slug="phuong-a"), make.ward(slug="phuong-b")
    admin_a, admin_b = make_staff(ward_a, "admin"), make_staff(ward_b, "admin")
    a_officer = {(ward_a.id, "officer")}

    # 1. The install sends no mail yet: B's admin invites the address, keeps the link, sets the password.
    login(client, admin_b.email)
    page = client.post("/phuong-b/can-bo/nhan-su/moi", data={"email": HIRE, "full_name": "Kẻ Chiếm",
                                                             "roles": ["editor"]})
    assert NO_MAIL_WARNING in page.text
    squatter = app.test_client()
    assert squatter.post(_shown_link(page.text), data={"full_name": "Kẻ Chiếm", "password": SQUATTER_PASSWORD,
                                                       "confirm": SQUATTER_PASSWORD}).status_code == 302
    assert login(squatter, HIRE, SQUATTER_PASSWORD).status_code == 302
    _turn_on_two_step(squatter)
    client.post("/can-bo/dang-xuat")

    # 2. Mail is configured; ward A invites its hire: the account exists, so it is an offer, e-mailed.
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.server_address[1], MAIL_SUPPRESS_SEND=False)
    login(client, admin_a.email)
    assert client.post("/phuong-a/can-bo/nhan-su/moi", data={"email": HIRE, "full_name": "Người Thật",
                                                              "roles": ["officer"]}).status_code == 302
    (offer_mail,) = smtp_server.messages
    assert offer_mail["To"] == HIRE and ward_a.name in _body(offer_mail)
    offer_link = LINK.search(_body(offer_mail)).group(0)
    offer_id = db.session.scalar(select(MembershipOffer.id))
    settle()

    # 3. The squatter sees the offer but cannot accept it; asking for a confirmation mails the owner.
    home = squatter.get("/can-bo/")
    assert ward_a.name in home.text and "Gửi thư xác nhận" in home.text
    refused = squatter.post(f"/can-bo/loi-moi/{offer_id}", data={"answer": "accept"})
    assert refused.status_code == 403 and "chưa xác nhận email" in refused.text
    assert _roles_of(HIRE) & a_officer == set()
    assert squatter.post("/can-bo/xac-nhan-email").status_code == 302
    confirm_mail = smtp_server.messages[-1]
    assert confirm_mail["To"] == HIRE and len(smtp_server.messages) == 2
    assert squatter.post(f"/can-bo/loi-moi/{offer_id}", data={"answer": "accept"}).status_code == 403
    assert _roles_of(HIRE) & a_officer == set()

    # 4. The owner reads the mailbox: the latest link (the first was replaced) sets the password.
    owner = app.test_client()
    assert owner.get(offer_link.removeprefix("http://localhost")).status_code == 404
    link = LINK.search(_body(confirm_mail)).group(0).removeprefix("http://localhost")
    assert owner.post(link, data={"password": OWNER_PASSWORD, "confirm": OWNER_PASSWORD}).status_code == 302
    # The squatter is out: session ended, password gone, two-step seed gone with the proof.
    assert squatter.get("/can-bo/").status_code == 302
    assert login(squatter, HIRE, SQUATTER_PASSWORD).status_code == 422
    assert db.session.scalar(select(StaffUser.totp_secret).where(StaffUser.email == HIRE)) is None
    settle()
    signed_in = login(owner, HIRE, OWNER_PASSWORD)
    assert signed_in.status_code == 302 and "ma-xac-thuc" not in signed_in.location
    assert owner.post(f"/can-bo/loi-moi/{offer_id}", data={"answer": "accept"}).status_code == 302
    assert a_officer <= _roles_of(HIRE)


def test_without_mail_links_are_shown_with_a_warning_and_prove_nothing(app, client, make):
    """An install without mail shows every one-time link to its maker, with a warning; such a link does not
    prove the address, so the account cannot accept another ward's offer (and is told whom to ask)."""
    pages = list(_link_pages(client, make))
    assert len(pages) == 3
    for what, page, address in pages:
        assert page.status_code == 200, what
        assert NO_MAIL_WARNING in page.text and address in page.text, what
        assert _shown_link(page.text), what
    assert db.session.scalars(select(AccountToken.emailed)).all() == [False, False, False]
    invite_link = _shown_link(pages[0][1].text)
    settle()
    newcomer = app.test_client()
    assert newcomer.post(invite_link, data={"full_name": "Lý Thu", "password": OWNER_PASSWORD,
                                            "confirm": OWNER_PASSWORD}).status_code == 302
    account = db.session.scalar(select(StaffUser).where(StaffUser.email == "thu.moi@example.vn"))
    assert account.email_verified_at is None
    # A shown reset link un-proves an address proved before: its maker may have chosen the password.
    reset_for = pages[1][2]
    assert db.session.scalar(select(StaffUser.email_verified_at).where(StaffUser.email == reset_for)) is not None
    settle()
    assert newcomer.post(_shown_link(pages[1][1].text), data={"password": OWNER_PASSWORD,
                                                              "confirm": OWNER_PASSWORD}).status_code == 302
    assert db.session.scalar(select(StaffUser.email_verified_at).where(StaffUser.email == reset_for)) is None
    other_ward = make.ward(slug="phuong-khac")
    admin = make_staff(other_ward, "admin")
    client.post("/can-bo/dang-xuat")
    login(client, admin.email)
    with app.test_request_context():
        invite = url_for("staff.invite_staff", ward_slug=other_ward.slug)
    assert client.post(invite, data={"email": account.email, "full_name": "Lý Thu",
                                     "roles": ["officer"]}).status_code == 302
    offer_id = db.session.scalar(select(MembershipOffer.id))
    settle()
    login(newcomer, account.email, OWNER_PASSWORD)
    home = newcomer.get("/can-bo/")
    assert "quản trị viên cấp tỉnh" in home.text and "Gửi thư xác nhận" not in home.text
    assert newcomer.post("/can-bo/xac-nhan-email").status_code == 404
    assert newcomer.post(f"/can-bo/loi-moi/{offer_id}", data={"answer": "accept"}).status_code == 403
    assert newcomer.post(f"/can-bo/loi-moi/{offer_id}", data={"answer": "decline"}).status_code == 302
    assert db.session.scalar(select(MembershipOffer.id)) is None
