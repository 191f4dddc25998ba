"""Issue 30 in a real browser against the real provider: sign in → prefilled application → submit →
"Hồ sơ của tôi" shows it → sign out (of the portal and of the provider)."""

import os
from pathlib import Path

import pytest

from wardportal.kernel.extensions import db

from .apply_support import pdf_bytes
from .oidc_support import CITIZEN_IDS, NAMES, oidc_issuer, oidc_settings  # noqa: F401
from .test_browser_site import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def app_settings(oidc_issuer):
    return oidc_settings(oidc_issuer)


def _shot(page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_sign_in_apply_prefilled_see_it_in_hồ_sơ_của_tôi_and_sign_out(browser, live_server, make, tmp_path,
                                                                      oidc_issuer):
    shots = Path(os.environ.get("WARDPORTAL_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    procedure = make.procedure(ward, code="1.001193", title="Đăng ký khai sinh", processing_days=3)
    code = procedure.code
    for name in ("to-khai.pdf", "giay-chung-sinh.pdf"):
        (tmp_path / name).write_bytes(pdf_bytes(name))
    db.session.commit()

    page = browser.new_context().new_page()
    page.goto(f"{live_server}/phuong-lam/")
    page.get_by_role("link", name="Đăng nhập bằng định danh điện tử").click()
    assert page.url.startswith(oidc_issuer)  # at the provider's own sign-in page
    page.locator("[name=login]").fill("cong-dan-a")
    page.locator("[name=password]").fill("mat-khau")
    page.get_by_role("button", name="Sign-in").click()
    page.wait_for_url(f"{live_server}/ho-so-cua-toi")
    assert NAMES["cong-dan-a"] in page.locator("main").inner_text()
    assert serious_violations(page) == []
    _shot(page, shots, "1-ho-so-cua-toi-trong")

    page.goto(f"{live_server}/phuong-lam/thu-tuc/{code}/nop-ho-so")
    page.get_by_role("button", name="Bắt đầu").click()
    assert page.locator("[name=citizen_id]").input_value() == CITIZEN_IDS["cong-dan-a"]
    assert page.locator("[name=full_name]").input_value() == NAMES["cong-dan-a"]
    assert page.locator("[name=birth_date]").input_value() == "27/03/1990"
    assert page.locator("[name=citizen_id]").get_attribute("readonly") is not None
    assert "Bồ Đề" in page.locator("[name=address]").input_value()
    assert serious_violations(page) == []
    _shot(page, shots, "2-nguoi-nop-dien-san")
    page.locator("[name=phone]").fill("0912 345 678")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.locator("[name=doc-0]").set_input_files(str(tmp_path / "to-khai.pdf"))
    page.locator("[name=doc-1]").set_input_files(str(tmp_path / "giay-chung-sinh.pdf"))
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.locator("[name=delivery_method][value=online]").check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_role("button", name="Đồng ý và nộp hồ sơ").click()
    dossier_code = page.locator(".ref").inner_text().strip()

    page.get_by_role("link", name="Hồ sơ của tôi").click()
    listed = page.locator("#my-dossiers").inner_text()
    assert dossier_code.replace("\u2060", "") in listed.replace("\u2060", "") and "Đăng ký khai sinh" in listed
    assert serious_violations(page) == []
    _shot(page, shots, "3-ho-so-cua-toi")
    # Their own dossier opens in full without the phone digits.
    page.locator("#my-dossiers a").first.click()
    assert "4 chữ số cuối" not in page.locator("main").inner_text()
    _shot(page, shots, "4-ho-so-khong-can-so-dien-thoai")

    page.get_by_role("link", name="Hồ sơ của tôi").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(f"{oidc_issuer}/session/end**")  # on to the provider's own logout
    _shot(page, shots, "5-dang-xuat-nha-cung-cap")
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{live_server}/**")
    assert page.get_by_role("link", name="Đăng nhập bằng định danh điện tử").count() == 1
    _shot(page, shots, "6-da-dang-xuat")
    page.goto(f"{live_server}/ho-so-cua-toi")
    assert "Đăng nhập bằng tài khoản định danh điện tử" in page.locator("main").inner_text()
    assert serious_violations(page) == []
    # A refused answer (here a forged state) reads as a clear page, accessible too.
    page.goto(f"{live_server}/dang-nhap/oidc/ve?state=forged&code=forged")
    assert "không khớp với trình duyệt này" in page.locator("#sign-in-refused").inner_text()
    assert serious_violations(page) == []
    _shot(page, shots, "7-tu-choi")
    page.goto(f"{live_server}/ho-so-cua-toi")
    # The provider's session ended too: signing in again asks for the account again.
    page.get_by_role("link", name="Đăng nhập", exact=True).click()
    assert page.locator("[name=login]").count() == 1
