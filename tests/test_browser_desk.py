"""The desk in a real browser (issue 27): a queue that fits the screen, a forgiving search, assignment on
receive, files previewed inline; axe with duplicate-id and target-size on each page touched.

Screenshots go to the test's tmp_path (look at them when changing the queue's layout).
"""

from datetime import datetime, timedelta, timezone

import pytest
from axe_playwright_python.sync_playwright import Axe

from wardportal.dossiers import workflow

from .staff_factories import DEFAULT_PASSWORD, make_staff, settle
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)
from .workflow_factories import make_dossier

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}
# Off by default in axe 4.12 (duplicate-id is "deprecated", target-size is WCAG 2.2): switched on here.
AXE_OPTIONS = {"resultTypes": ["violations"],
               "rules": {"duplicate-id": {"enabled": True}, "duplicate-id-aria": {"enabled": True},
                         "target-size": {"enabled": True}}}
TITLES = ["Đăng ký khai sinh", "Chứng thực bản sao từ bản chính, chữ ký và hợp đồng, giao dịch",
          "Đăng ký kết hôn", "Cấp bản sao trích lục hộ tịch", "Xác nhận tình trạng hôn nhân"]


def violations(page):
    """axe-core violations of serious or critical impact, and every duplicate id, on the current page."""
    results = Axe().run(page, options=AXE_OPTIONS)
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
            if v["impact"] in SERIOUS or v["id"].startswith("duplicate-id")]


@pytest.fixture
def desk(make):
    """A ward with 30 dossiers (some late, some received), an officer, and Lê Văn Tám's dossier 261208-0002."""
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm", unit_code="000.26.30.H29")
    officer = make_staff(ward, "officer", full_name="Lê Thị Hoa")
    colleague = make_staff(ward, "officer", full_name="Phạm Minh Tuấn")
    long_ago = datetime.now(timezone.utc) - timedelta(days=20)
    for n in range(1, 30):
        snapshot = {"code": "1.001193", "title": TITLES[n % len(TITLES)], "field": "Hộ tịch",
                    "processing_days": 3, "fee": "Miễn lệ phí", "documents": [{"name": "Tờ khai"}]}
        dossier = make_dossier(ward, name=f"Nguyễn Thị Thu Hương {n}", code=f"000.26.30.H29-261207-{n + 10:04d}",
                               procedure_snapshot=snapshot, channel="counter" if n % 3 else "online")
        if n % 2:
            workflow.receive(dossier, colleague if n % 4 == 1 else officer,
                             now=long_ago if n % 5 == 0 else datetime.now(timezone.utc))
    tam = make_dossier(ward, name="Lê Văn Tám", code="000.26.30.H29-261208-0002")
    settle(ward, officer, tam)
    return ward, officer, tam


def sign_in(page, live_server, email):
    page.goto(live_server + "/can-bo/dang-nhap")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def signed_in_page(browser, live_server, email, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    sign_in(page, live_server, email)
    return context, page


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_queue_shows_fifteen_dossiers_at_1366x768_one_line_each_deadline_first(browser, live_server, desk,
                                                                                tmp_path):
    _ward, officer, _tam = desk
    context, page = signed_in_page(browser, live_server, officer.email, 1366, 768)
    page.goto(live_server + "/phuong-lam/can-bo/ho-so/")
    page.screenshot(path=str(tmp_path / "queue-1366x768.png"))
    rows = page.locator("table.queue tbody tr")
    assert rows.count() == 25
    boxes = [rows.nth(i).bounding_box() for i in range(rows.count())]
    visible = [box for box in boxes if box["y"] + box["height"] <= 768]
    assert len(visible) >= 15, len(visible)
    line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('table.queue td')).lineHeight)")
    assert all(box["height"] < 2 * line for box in boxes)  # one line per dossier
    assert page.locator("table.queue thead th").first.inner_text() == "Hạn trả"
    assert page.locator("table.queue").bounding_box()["width"] > 1250  # full width, not the 60rem column
    assert no_horizontal_scroll(page)
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize("width,height", [(683, 384), (390, 844)])
def test_queue_does_not_scroll_sideways_at_200_percent_zoom_or_on_a_phone(browser, live_server, desk, tmp_path,
                                                                          width, height):
    """683×384 CSS pixels is a 1366×768 screen at 200 % zoom."""
    _ward, officer, _tam = desk
    context, page = signed_in_page(browser, live_server, officer.email, width, height)
    page.goto(live_server + "/phuong-lam/can-bo/ho-so/")
    page.screenshot(path=str(tmp_path / f"queue-{width}x{height}.png"), full_page=True)
    assert no_horizontal_scroll(page)
    assert page.get_by_role("link", name="000.26.30.H29-261208-0002").is_visible()
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize("typed", ["0002", "261208-0002", "le van tam"])
def test_desk_search_finds_a_partial_code_and_an_unaccented_name(browser, live_server, desk, typed):
    _ward, officer, _tam = desk
    context, page = signed_in_page(browser, live_server, officer.email, 1366, 768)
    page.goto(live_server + "/phuong-lam/can-bo/ho-so/")
    page.get_by_label("Mã hồ sơ hoặc tên người nộp").fill(typed)
    page.locator("#queue-results").get_by_text("1 hồ sơ", exact=True).wait_for()
    assert page.locator("table.queue tbody tr").count() == 1
    assert page.locator("table.queue tbody").get_by_text("Lê Văn Tám").is_visible()
    assert "q=" in page.url  # the search is in the address, so a reload or a shared link shows it
    context.close()


def test_receiving_a_dossier_assigns_it_to_the_officer(browser, live_server, desk):
    _ward, officer, tam = desk
    context, page = signed_in_page(browser, live_server, officer.email, 1366, 768)
    page.goto(live_server + "/phuong-lam/can-bo/ho-so/cua-toi")
    mine_before = int(page.locator(".desk-nav a", has_text="Của tôi").locator(".count").inner_text())
    assert page.get_by_text("Lê Văn Tám").count() == 0
    page.goto(f"{live_server}/phuong-lam/can-bo/ho-so/{tam.id}")
    assert violations(page) == []
    page.locator("#action-receive summary").click()
    page.locator("#action-receive").get_by_role("button", name="Tiếp nhận").click()
    assert page.get_by_text("Đã ghi nhận").is_visible()
    assert page.locator("dl.facts").get_by_text("Lê Thị Hoa").is_visible()
    page.goto(live_server + "/phuong-lam/can-bo/ho-so/cua-toi")
    assert int(page.locator(".desk-nav a", has_text="Của tôi").locator(".count").inner_text()) == mine_before + 1
    assert page.locator("table.queue tbody").get_by_text("Lê Văn Tám").is_visible()
    context.close()


@pytest.mark.parametrize("who", ["officer", "leader"])
def test_files_are_previewed_inline_sandboxed(browser, live_server, app, make, who, tmp_path):
    """The officer's dossier page and the leader's review page show the PDF in a frame, the photo as a picture."""
    from .test_file_previews import dossier_with_every_kind_of_file
    _ward, officer, leader, dossier, draft, files = dossier_with_every_kind_of_file(app, make)
    user = officer if who == "officer" else leader
    context, page = signed_in_page(browser, live_server, user.email, 1366, 768)
    if who == "officer":
        page.goto(f"{live_server}/phuong-lam/can-bo/ho-so/{dossier.id}")
    else:
        page.goto(f"{live_server}/phuong-lam/can-bo/phe-duyet/{draft.id}")
    picture = page.locator("img.file-preview").first
    picture.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
    with page.expect_response(lambda r: f"/tep/{files[0].id}" in r.url) as answered:
        page.locator("details.file-preview-box summary").first.click()
    response = answered.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert "sandbox" in response.header_value("content-security-policy")
    assert page.locator("iframe.file-preview-frame").first.is_visible()
    page.screenshot(path=str(tmp_path / f"preview-{who}.png"), full_page=True)
    assert violations(page) == []
    context.close()


def test_other_pages_touched_pass_axe_with_duplicate_id_and_target_size(browser, live_server, app, make):
    """The fees page, the reconciliation page (layouts and samples) and a revision with questions and fees."""
    from wardportal.catalogue import editing

    from .test_file_previews import dossier_with_every_kind_of_file
    from .test_readable_revisions import FEES, QUESTIONS, VALUES
    ward, _officer, _leader, dossier, _draft, _files = dossier_with_every_kind_of_file(app, make)
    user = make_staff(ward, roles=("officer", "editor"), full_name="Phạm Thu Trang")
    actor = editing.Actor(user, "203.0.113.7", datetime(2026, 11, 23, 8, 30, tzinfo=timezone.utc))
    procedure, _rev = editing.save_procedure(ward, None, VALUES, [{"name": "Tờ khai"}], actor)
    _same, revision = editing.save_procedure(
        ward, procedure, dict(VALUES, questions=QUESTIONS, fee_schedule=FEES),
        [{"name": "Giấy ủy quyền", "condition": "nop_thay=yes"}], actor)
    settle(procedure, revision, user, dossier)
    context, page = signed_in_page(browser, live_server, user.email, 1366, 768)
    for path in (f"/phuong-lam/can-bo/ho-so/{dossier.id}/le-phi", "/phuong-lam/can-bo/le-phi/",
                 f"/phuong-lam/can-bo/thu-tuc/{procedure.id}/phien-ban/{revision.number}"):
        page.goto(live_server + path)
        assert violations(page) == [], path
    context.close()
