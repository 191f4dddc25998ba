"""In a real browser: a leader enrols the certificate of their PKCS#12 on the signing profile (a foreign one is
refused with the reason), and the ward admin confirms it on the leaders' certificates page."""

import os
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from wardportal.approvals.models import SigningCertificate
from wardportal.kernel import file_storage, trust_list
from wardportal.kernel.extensions import db
from wardportal.staff.models import StaffUser

from .approvals_support import LEADER_NAME, issue
from .staff_factories import DEFAULT_PASSWORD, make_staff, totp_code
from .test_browser_site import serious_violations

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("WARDPORTAL_SCREENSHOTS")  # a folder to keep the screenshots in, when set


def in_app(app, function, *args):
    """Run database work in a thread of its own with an app context (not in Playwright's event-loop thread)."""
    def run():
        with app.app_context():
            return function(*args)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


def sign_in(page, base, email, app=None, user_id=None):
    page.goto(f"{base}/can-bo/dang-nhap")
    page.locator("[name=email]").fill(email)
    page.locator("[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    if user_id is not None:  # two-step sign-in (admins)
        code = in_app(app, lambda: totp_code(db.session.get(StaffUser, user_id)))
        page.locator("[name=code]").fill(code)
        page.locator("form button[type=submit]").first.click()


def shot(page, tmp_path, name):
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True)
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)
    assert path.stat().st_size > 10_000


def test_leader_enrols_and_admin_confirms_in_the_browser(browser, live_server, make, app, tmp_path):
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    leader = make_staff(ward, "leader", full_name="Nguyễn Minh")
    admin = make_staff(ward, "admin", full_name="Quản Trị Viên")
    ca = issue("CA chứng thực thử nghiệm")
    trust_list.add_root(file_storage.files_root(), ca.cert_pem, datetime.now(timezone.utc))
    (tmp_path / "ky.p12").write_bytes(issue(LEADER_NAME, ca).p12(b"mat-khau"))
    (tmp_path / "gia.p12").write_bytes(issue("Nguyễn Văn Giả", issue("CA lạ")).p12(b"mat-khau"))
    leader_email, admin_email, admin_id = leader.email, admin.email, admin.id
    db.session.commit()

    page = browser.new_context().new_page()
    sign_in(page, live_server, leader_email)
    page.goto(f"{live_server}/phuong-lam/can-bo/chu-ky-so")
    page.get_by_label("Tệp chứng thư số hoặc tệp .p12 / .pfx").set_input_files(str(tmp_path / "gia.p12"))
    page.get_by_label("Mật khẩu của tệp .p12").fill("mat-khau")
    page.get_by_role("button", name="Đăng ký chứng thư số").click()
    assert "danh sách tin cậy" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("Mật khẩu của tệp .p12").input_value() == ""  # never sent back
    page.get_by_label("Tệp chứng thư số hoặc tệp .p12 / .pfx").set_input_files(str(tmp_path / "ky.p12"))
    page.get_by_label("Mật khẩu của tệp .p12").fill("mat-khau")
    page.get_by_role("button", name="Đăng ký chứng thư số").click()
    assert "chờ quản trị của đơn vị xác nhận" in page.locator(".flash").inner_text()
    assert "Chờ quản trị xác nhận" in page.locator("table").inner_text()
    assert serious_violations(page) == []
    shot(page, tmp_path, "enrolment-profile.png")

    desk = browser.new_context().new_page()
    sign_in(desk, live_server, admin_email, app, admin_id)
    desk.goto(f"{live_server}/phuong-lam/can-bo/")
    desk.get_by_role("link", name="Chứng thư lãnh đạo").click()
    card = desk.locator("section.card", has_text=LEADER_NAME)
    assert "khác họ tên của tài khoản" in card.inner_text()  # "Nguyễn Minh" vs the certificate's name
    assert serious_violations(desk) == []
    shot(desk, tmp_path, "enrolment-admin-before.png")
    card.get_by_role("button", name="Xác nhận chứng thư của Nguyễn Minh").click()
    assert "Đã xác nhận chứng thư số của Nguyễn Minh" in desk.locator(".flash").inner_text()
    shot(desk, tmp_path, "enrolment-admin-after.png")
    assert in_app(app, lambda: db.session.scalar(select(SigningCertificate)).state) == "confirmed"
