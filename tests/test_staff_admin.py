"""Ward admins invite staff, set roles, reset passwords and read the audit log; province admins add wards."""

import re

from flask import url_for

from wardportal.kernel.extensions import db
from wardportal.staff import accounts
from wardportal.staff.models import AuditEntry, Ward

from .staff_factories import DEFAULT_PASSWORD, login, make_staff, settle
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)


def url(client, endpoint, **values):
    """A URL built outside a request."""
    with client.application.test_request_context():
        return url_for(endpoint, **values)


def one_time_link(page_text: str) -> str:
    """The path of the one-time link shown on the page."""
    return re.search(r"http://localhost(/can-bo/lien-ket/[\w-]+)", page_text).group(1)


def test_invite_accept_and_sign_in_with_the_roles(app, client, make):
    """An admin invites an officer; the link sets the password once; the officer reaches the dashboard."""
    ward = make.ward()
    admin = make_staff(ward, "admin")
    login(client, admin.email)
    page = client.post(url(client, "staff.invite_staff", ward_slug=ward.slug),
                       data={"email": "Moi.Vao@Example.vn", "full_name": "Đỗ Minh Khoa", "roles": ["officer"]})
    assert page.status_code == 200
    link = one_time_link(page.text)
    newcomer = app.test_client()
    assert newcomer.post(link, data={"full_name": "Đỗ Minh Khoa", "password": "ngay-dau-lam-viec",
                                     "confirm": "ngay-dau-lam-viec"}).status_code == 302
    assert newcomer.get(link).status_code == 404
    assert login(newcomer, "moi.vao@example.vn", "ngay-dau-lam-viec").status_code == 302
    assert newcomer.get(url(client, "staff.dashboard", ward_slug=ward.slug)).status_code == 200
    # An officer is not an editor or admin.
    assert newcomer.get(url(client, "staff.procedures", ward_slug=ward.slug)).status_code == 404
    assert newcomer.get(url(client, "staff.staff_list", ward_slug=ward.slug)).status_code == 404
    listing = client.get(url(client, "staff.staff_list", ward_slug=ward.slug))
    assert "moi.vao@example.vn" in listing.text


def test_invite_needs_a_role_and_a_valid_email(client, make):
    """The invitation form explains what is missing."""
    ward = make.ward()
    login(client, make_staff(ward, "admin").email)
    page = client.post(url(client, "staff.invite_staff", ward_slug=ward.slug),
                       data={"email": "khong-phai-email", "full_name": "", "roles": []})
    assert page.status_code == 422
    for message in ("Email không đúng dạng.", "Nhập họ và tên.", "Chọn ít nhất một vai trò."):
        assert message in page.text


def test_roles_change_and_last_admin_is_kept(client, make):
    """An admin makes an officer an editor too, but cannot remove the ward's last admin role."""
    ward = make.ward()
    admin = make_staff(ward, "admin")
    officer = make_staff(ward, "officer")
    login(client, admin.email)
    assert client.post(url(client, "staff.edit_staff", ward_slug=ward.slug, staff_id=officer.id),
                       data={"roles": ["officer", "editor"]}).status_code == 302
    last = client.post(url(client, "staff.edit_staff", ward_slug=ward.slug, staff_id=admin.id),
                       data={"roles": ["editor"]})
    assert last.status_code == 422 and "ít nhất một quản trị viên" in last.text
    settle()
    assert db.session.get(accounts.StaffUser, officer.id) is not None
    roles = db.session.scalars(db.select(accounts.WardMembership.role)
                               .where(accounts.WardMembership.staff_id == officer.id)).all()
    assert sorted(roles) == ["editor", "officer"]
    settle()


def test_reset_link_replaces_the_password(app, client, make):
    """A reset link made by the admin lets the member choose a new password; the old one stops working."""
    ward = make.ward()
    admin = make_staff(ward, "admin")
    editor = make_staff(ward, "editor")
    login(client, admin.email)
    page = client.post(url(client, "staff.reset_staff_password", ward_slug=ward.slug, staff_id=editor.id))
    link = one_time_link(page.text)
    other = app.test_client()
    assert other.post(link, data={"password": "mua-xuan-tren-pho", "confirm": "mua-xuan-tren-pho"}).status_code == 302
    assert login(app.test_client(), editor.email, DEFAULT_PASSWORD).status_code == 422
    assert login(app.test_client(), editor.email, "mua-xuan-tren-pho").status_code == 302


def test_audit_log_for_admins_only_and_free_of_passwords(client, make):
    """Admins read who did what from where; editors get a 404; no password or token is in the log."""
    ward = make.ward()
    admin = make_staff(ward, "admin")
    editor = make_staff(ward, "editor")
    login(client, editor.email)
    client.post(url(client, "staff.ward_details", ward_slug=ward.slug),
                data={"address": "Số 9 Hùng Vương", "hours": "", "hotline": "", "email": "", "notice": ""})
    assert client.get(url(client, "staff.audit_log", ward_slug=ward.slug)).status_code == 404
    client.post(url(client, "staff.logout"))
    login(client, admin.email)
    page = client.get(url(client, "staff.audit_log", ward_slug=ward.slug))
    assert page.status_code == 200
    # Readable: the action in words and the person's name (with the e-mail), not "ward.updated".
    assert "Sửa thông tin phường, xã" in page.text and "ward.updated" not in page.text
    assert editor.full_name in page.text and editor.email in page.text and "127.0.0.1" in page.text
    assert "Địa chỉ" in page.text  # the changed field by its label
    dumped = " ".join(f"{e.action} {e.target} {e.details}" for e in db.session.scalars(db.select(AuditEntry)))
    assert DEFAULT_PASSWORD not in dumped and "Hùng Vương" not in dumped
    settle()


def test_province_admin_creates_a_ward_and_its_first_admin(app, client, make):
    """The province administrator adds a ward; its first admin accepts the invitation and must set up 2FA."""
    province = make_staff(None, None, province_admin=True)
    login(client, province.email)
    page = client.post(url(client, "staff.province_wards"), data={
        "slug": "xa-tan-lap", "name": "Xã Tân Lập", "unit_code": "H29.99", "province": "Hòa Bình",
        "admin_email": "quantri@tanlap.vn", "admin_name": "Bùi Văn An"})
    assert page.status_code == 200
    link = one_time_link(page.text)
    ward_id = db.session.scalar(db.select(Ward.id).where(Ward.slug == "xa-tan-lap"))
    settle()
    assert ward_id is not None
    first = app.test_client()
    first.post(link, data={"full_name": "Bùi Văn An", "password": "tan-lap-quan-tri", "confirm": "tan-lap-quan-tri"})
    response = login(first, "quantri@tanlap.vn", "tan-lap-quan-tri")
    assert response.location.endswith(url(client, "staff.totp_setup"))
    taken = client.post(url(client, "staff.province_wards"), data={
        "slug": "xa-tan-lap", "name": "Trùng", "unit_code": "H29.98", "admin_email": "x@y.vn", "admin_name": "X"})
    assert taken.status_code == 422


def test_ward_admin_cannot_open_province_pages(client, make):
    """Province pages are a 404 for everybody else."""
    ward = make.ward()
    login(client, make_staff(ward, "admin").email)
    assert client.get(url(client, "staff.province_wards")).status_code == 404
    assert client.get(url(client, "staff.province_audit_log")).status_code == 404
