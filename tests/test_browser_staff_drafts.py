"""In a real browser: an editor changes a published guide, which stays unchanged in public until published.

Also axe-core on the staff pages this work changed (edit page with a draft, revision differences, dashboard,
desk dossier and alerts) and on an English guide page.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from wardportal.catalogue.models import Procedure
from wardportal.catalogue.procedure_import import parse_procedures, upsert_procedures
from wardportal.kernel.extensions import db

from .staff_factories import DEFAULT_PASSWORD, make_staff, settle
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)
from .workflow_factories import make_dossier

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}


def serious_violations(page):
    """axe-core violations of serious or critical impact on the current page."""
    results = Axe().run(page)
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in SERIOUS]


@pytest.fixture
def setting(make):
    """A ward with a published guide, an online dossier, and an editor who is also an officer."""
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm", name_en="Phuong Lam Ward")
    # Imported like the demo and real wards, so its history starts with revision 1.
    upsert_procedures(ward, parse_procedures({"procedures": [{
        "code": "1.001193", "title": "Đăng ký khai sinh", "field": "Hộ tịch", "processing_days": 1,
        "fee": "Miễn lệ phí", "steps": "1. Nộp tờ khai\n2. Nhận giấy khai sinh", "online_level": "full",
        "documents": [{"name": "Tờ khai đăng ký khai sinh"}]}]}, lambda name: b""))
    procedure = db.session.scalar(db.select(Procedure).where(Procedure.code == "1.001193"))
    editor = make_staff(ward, roles=("editor", "officer"), full_name="Phạm Thu Trang")
    dossier = make_dossier(ward, procedure)
    settle(procedure, editor, dossier)
    return ward, procedure, editor, dossier


def sign_in(page, live_server, email):
    """Sign in through the staff login page."""
    page.goto(live_server + "/can-bo/dang-nhap")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_editor_changes_a_published_guide_that_goes_live_only_when_published(browser, live_server, setting):
    """Save → the public page still shows the old fee; Publish → it shows the new one."""
    _ward, procedure, editor, _dossier = setting
    staff = browser.new_context()
    public = browser.new_context()
    page = staff.new_page()
    sign_in(page, live_server, editor.email)
    page.goto(f"{live_server}/phuong-lam/can-bo/thu-tuc/{procedure.id}/sua")
    page.locator("#fee").fill("50.000 đồng")
    page.get_by_role("button", name="Lưu", exact=True).click()
    assert page.get_by_text("Có thay đổi chưa công bố.").is_visible()
    assert serious_violations(page) == []

    resident = public.new_page()
    resident.goto(f"{live_server}/phuong-lam/thu-tuc/1.001193")
    assert "Miễn lệ phí" in resident.content() and "50.000 đồng" not in resident.content()

    page.get_by_role("button", name="Công bố thay đổi").click()
    assert page.get_by_text("Đã công bố thủ tục.").is_visible()
    resident.reload()
    assert "50.000 đồng" in resident.content()

    page.goto(f"{live_server}/phuong-lam/can-bo/thu-tuc/{procedure.id}/phien-ban/")
    page.get_by_role("link", name="3", exact=True).click()  # 1 imported, 2 draft saved, 3 published
    assert page.get_by_role("heading", name="Phí, lệ phí").is_visible()
    assert serious_violations(page) == []
    staff.close()
    public.close()


@pytest.mark.parametrize("path", ["/phuong-lam/can-bo/", "/phuong-lam/can-bo/canh-bao",
                                  "/phuong-lam/can-bo/ho-so/", "DOSSIER"])
def test_changed_staff_pages_have_no_serious_violations(page, live_server, setting, path):
    """The dashboard with counts, the alerts with the 8-hour clock, the queue and the dossier page."""
    _ward, _procedure, editor, dossier = setting
    sign_in(page, live_server, editor.email)
    page.goto(live_server + (f"/phuong-lam/can-bo/ho-so/{dossier.id}" if path == "DOSSIER" else path))
    assert serious_violations(page) == []


def test_refusal_needs_the_confirmation_step_without_javascript(browser, live_server, setting):
    """Without JavaScript the confirm button appears only after opening the confirmation step."""
    _ward, _procedure, editor, dossier = setting
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, editor.email)
    page.goto(f"{live_server}/phuong-lam/can-bo/ho-so/{dossier.id}")
    page.locator("#action-refuse > summary").click()
    confirm = page.get_by_role("button", name="Xác nhận: Từ chối tiếp nhận")
    assert not confirm.is_visible()
    page.locator("#action-refuse").get_by_label("Lý do").first.fill("Hồ sơ không thuộc thẩm quyền")
    page.locator("#confirm-refuse > summary").click()
    confirm.click()
    assert db.session.scalar(db.select(type(dossier).status).where(type(dossier).id == dossier.id)) == 3
    context.close()


def test_english_guide_page_is_accessible(browser, live_server, setting):
    """An English guide page with Vietnamese-only content marked lang="vi" passes axe."""
    context = browser.new_context()
    context.add_cookies([{"name": "lang", "value": "en", "url": live_server}])
    page = context.new_page()
    page.goto(f"{live_server}/phuong-lam/thu-tuc/1.001193")
    assert page.get_by_text("This guide is available in Vietnamese only.").is_visible()
    assert serious_violations(page) == []
    context.close()
