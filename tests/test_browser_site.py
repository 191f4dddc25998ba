"""The public site in a real browser: phone width, no JavaScript, keyboard and axe-core checks."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}


@pytest.fixture
def demo_ward(make):
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm", notice="Nhận hồ sơ cả **sáng thứ Bảy**.")
    procedure = make.procedure(ward, code="1.001193", title="Đăng ký khai sinh", is_popular=True,
                               steps="1. Nộp tờ khai\n2. Nhận giấy khai sinh", legal_basis="- Luật Hộ tịch 2014")
    make.form(procedure, title="Tờ khai đăng ký khai sinh")
    make.procedure(ward, code="2.000908", title="Chứng thực bản sao từ bản chính", field="Chứng thực")
    make.contact(ward)
    return ward


def serious_violations(page):
    """axe-core violations of serious or critical impact on the current page."""
    results = Axe().run(page)
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in SERIOUS]


@pytest.mark.parametrize("path", ["/phuong-lam/", "/phuong-lam/thu-tuc/1.001193", "/phuong-lam/danh-ba",
                                  "/phuong-lam/thu-tuc/", "/phuong-lam/linh-vuc/ho-tich",
                                  "/phuong-lam/tim-kiem?q=khai+sinh", "/phuong-lam/tim-kiem?q=zzzz",
                                  "/phuong-lam/so-lieu"])
def test_pages_have_no_serious_accessibility_violations(page, live_server, demo_ward, path):
    page.goto(live_server + path)
    assert serious_violations(page) == []


def test_guide_is_readable_on_a_360px_phone_without_javascript(browser, live_server, demo_ward, tmp_path):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/phuong-lam/")
    page.get_by_role("link", name="Đăng ký khai sinh").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Đăng ký khai sinh"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(tmp_path / "guide-360.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tờ khai đăng ký khai sinh").click()
    assert download.value.suggested_filename == "to-khai.pdf"
    context.close()


def test_skip_link_is_the_first_stop_and_focus_is_visible(page, live_server, demo_ward):
    page.goto(live_server + "/phuong-lam/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Chuyển đến nội dung chính"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_language_switch_in_the_browser(page, live_server, demo_ward):
    page.goto(live_server + "/phuong-lam/thu-tuc/1.001193")
    page.get_by_role("link", name="English").click()
    assert page.url.endswith("/phuong-lam/thu-tuc/1.001193")
    assert page.locator("html").get_attribute("lang") == "en"
