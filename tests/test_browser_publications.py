"""Publications in a real browser: an editor schedules a notice that appears at its time; axe-core checks."""

import io
from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image

from wardportal.kernel.extensions import db
from wardportal.kernel.times import VIETNAM_TZ
from wardportal.publications import editing

from .publication_support import NOW, actor, document, notice
from .staff_factories import DEFAULT_PASSWORD, make_staff
from .test_browser_site import serious_violations

pytestmark = pytest.mark.browser

LEAD_SECONDS = 20


def test_an_editor_schedules_a_notice_and_residents_see_it_at_its_time(browser, live_server, make):
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    editor = make_staff(ward, "editor")
    email = editor.email
    db.session.commit()

    desk = browser.new_context().new_page()
    desk.goto(f"{live_server}/can-bo/dang-nhap")
    desk.locator("[name=email]").fill(email)
    desk.locator("[name=password]").fill(DEFAULT_PASSWORD)
    desk.get_by_role("button", name="Đăng nhập").click()
    desk.goto(f"{live_server}/phuong-lam/can-bo/cong-bo/")
    desk.get_by_role("link", name="Viết thông báo").click()
    desk.locator("[name=title]").fill("Tạm ngừng cấp nước tổ dân phố 4")
    desk.locator("[name=summary]").fill("Từ 8h00 đến 11h00 để sửa đường ống.")
    desk.get_by_role("button", name="Lưu").click()
    assert "Bản nháp" in desk.content()
    assert serious_violations(desk) == []

    at = datetime.now(VIETNAM_TZ).replace(microsecond=0) + timedelta(seconds=LEAD_SECONDS)
    desk.locator("[name=publish_at]").fill(at.strftime("%Y-%m-%dT%H:%M:%S"))
    desk.get_by_role("button", name="Công bố", exact=True).click()
    assert "Hẹn công bố lúc" in desk.content()

    resident = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    resident.goto(f"{live_server}/phuong-lam/")
    assert datetime.now(timezone.utc) < at, "the machine was too slow to see the notice before its time"
    assert "Tạm ngừng cấp nước" not in resident.content()
    resident.goto(f"{live_server}/phuong-lam/thong-bao/")
    assert "Tạm ngừng cấp nước" not in resident.content()

    # Wait for the moment, then reload: visibility is decided on each read, there is no timer to fire.
    remaining = (at - datetime.now(timezone.utc)).total_seconds()
    resident.wait_for_timeout(max(0, remaining) * 1000 + 500)
    resident.goto(f"{live_server}/phuong-lam/")
    resident.get_by_role("link", name="Tạm ngừng cấp nước tổ dân phố 4").click()
    assert resident.get_by_role("heading", level=1).inner_text() == "Tạm ngừng cấp nước tổ dân phố 4"
    assert resident.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.fixture
def published(make):
    """A ward with one public notice, news article (with picture) and signed document."""
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    editor = make_staff(ward, "editor")
    note = notice(ward, editor, publish_at=NOW, valid_until=(NOW + timedelta(days=30)).date(),
                  body="Tiếp công dân **sáng thứ Năm**.")
    picture = io.BytesIO()
    Image.new("RGB", (1600, 900), (20, 100, 60)).save(picture, "JPEG")
    news, _ = editing.save(ward, None, "news", {"title": "Ra quân vệ sinh môi trường", "summary": "Hơn 300 người.",
                                                "image_alt": "Người dân dọn vệ sinh đường phố", "field": "Môi trường"},
                           actor(editor), picture=io.BytesIO(picture.getvalue()))
    editing.publish(news, actor(editor))
    doc = document(ward, editor)
    db.session.commit()
    return {"notice": note.id, "news": news.id, "document": doc.id}


@pytest.mark.parametrize("path", ["/phuong-lam/", "/phuong-lam/thong-bao/", "/phuong-lam/tin-tuc/",
                                  "/phuong-lam/van-ban/", "/phuong-lam/thong-bao/{notice}",
                                  "/phuong-lam/tin-tuc/{news}", "/phuong-lam/van-ban/{document}",
                                  "/phuong-lam/tim-kiem?q=123+qd"])
def test_publication_pages_have_no_serious_accessibility_violations(page, live_server, published, path):
    page.goto(live_server + path.format(**published))
    assert serious_violations(page) == []


def test_the_document_list_filters_on_a_phone_without_javascript(browser, live_server, published):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/phuong-lam/van-ban/")
    page.locator("#linh-vuc").select_option("hanh-chinh")
    page.get_by_role("button", name="Lọc").click()
    assert "linh-vuc=hanh-chinh" in page.url
    page.get_by_role("link", name="123/QĐ-UBND – Quyết định về việc công bố thủ tục hành chính").click()
    assert "Chữ ký số hợp lệ" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
