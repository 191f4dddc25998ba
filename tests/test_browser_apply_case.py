"""Applying in a real browser with questions and an e-form: a parent, someone on their behalf, e-form errors,
an application after the cut-off, and looking the dossier up by a code typed with spaces."""

from datetime import time

import pytest

from wardportal.kernel.columns import utcnow
from wardportal.kernel.extensions import db
from wardportal.kernel.times import local_day
from wardportal.kernel.working_days import current_calendar

from .apply_support import APPLICANT, pdf_bytes
from .eform_support import BIRTH_EFORM, demo_procedure
from .test_browser_site import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def birth(make, tmp_path):
    """The demo ward's birth registration (processing the same day) and three scanned papers."""
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm", unit_code="000.26.30.H29")
    demo_procedure(ward)
    for name in ("giay-chung-sinh.pdf", "can-cuoc.pdf", "uy-quyen.pdf"):
        (tmp_path / name).write_bytes(pdf_bytes(name))
    db.session.commit()  # the server's requests need the write lock
    return ward


def _start(page, live_server, on_behalf: bool, married: bool = True):
    """Open a draft, fill in the applicant and answer the two questions."""
    page.goto(f"{live_server}/phuong-lam/thu-tuc/1.001193/nop-ho-so")
    page.get_by_role("button", name="Bắt đầu").click()
    for name, value in APPLICANT.items():
        page.locator(f"[name={name}]").fill(value)
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Trường hợp của bạn"
    assert serious_violations(page) == []
    page.get_by_role("group", name="Bạn nộp thay cho cha, mẹ của trẻ?").get_by_label(
        "Có" if on_behalf else "Không").check()
    page.get_by_role("group", name="Cha mẹ của trẻ đã đăng ký kết hôn?").get_by_label(
        "Có" if married else "Không").check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()


def _fill_eform(page, values: dict):
    """Type or choose every e-form answer given."""
    for name, value in values.items():
        radios = page.locator(f"input[type=radio][name='{name}']")
        if radios.count():
            page.locator(f"input[type=radio][name='{name}'][value='{value}']").check()
        else:
            page.locator(f"[name='{name}']").fill(value)
    page.get_by_role("button", name="Lưu và tiếp tục").click()


def test_a_parent_applies_without_an_authorisation_letter(browser, live_server, birth, tmp_path):
    page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    _start(page, live_server, on_behalf=False)
    assert page.get_by_role("heading", level=1).inner_text() == "Tờ khai đăng ký khai sinh"
    _fill_eform(page, BIRTH_EFORM)

    assert page.get_by_role("heading", level=1).inner_text() == "Giấy tờ trong hồ sơ"
    assert "Văn bản ủy quyền" not in page.content()
    assert serious_violations(page) == []
    # Each file input sits inside its document's card.
    card = page.locator("section.upload-slot", has=page.get_by_role("heading", name="Giấy chứng sinh"))
    card.locator("input[type=file]").set_input_files(str(tmp_path / "giay-chung-sinh.pdf"))
    page.locator("section.upload-slot", has=page.get_by_role("heading", name="Thẻ căn cước")).locator(
        "input[type=file]").set_input_files(str(tmp_path / "can-cuoc.pdf"))
    page.get_by_role("button", name="Tải lên, chưa chuyển bước").click()
    assert "Đã tải lên 1 KB" in page.content()  # two tiny PDFs: counted in KB, not "0.0 MB"
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    radio = page.locator("[name=delivery_method]").first
    box = radio.bounding_box()
    assert box["width"] >= 20 and box["height"] >= 20  # full-size radio buttons
    radio.check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    assert "Nguyễn Minh An" in page.content()
    page.get_by_role("button", name="Đồng ý và nộp hồ sơ").click()

    code = page.locator(".ref").inner_text().strip()
    assert code.startswith("000.26.30.H29-")
    ref = page.locator(".ref").bounding_box()
    assert ref["height"] < 50 and ref["x"] + ref["width"] <= 360  # on one line, inside a 360 px phone
    assert page.get_by_role("button", name="Sao chép mã hồ sơ").is_visible()
    assert serious_violations(page) == []


def test_on_behalf_the_letter_is_asked_and_errors_take_the_focus(browser, live_server, birth, tmp_path):
    page = browser.new_page()
    _start(page, live_server, on_behalf=True)
    _fill_eform(page, BIRTH_EFORM)
    assert "Văn bản ủy quyền có chứng thực (nếu nộp thay)" in page.content()
    page.locator("section.upload-slot", has=page.get_by_role("heading", name="Giấy chứng sinh")).locator(
        "input[type=file]").set_input_files(str(tmp_path / "giay-chung-sinh.pdf"))
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    summary = page.locator(".error-summary")
    assert "Tải lên “Văn bản ủy quyền có chứng thực (nếu nộp thay)”" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert serious_violations(page) == []


def test_eform_with_errors(browser, live_server, birth):
    page = browser.new_page()
    _start(page, live_server, on_behalf=False, married=False)
    assert page.locator("[name='f-cha_ho_ten']").count() == 0  # not married: no father's fields
    _fill_eform(page, {"f-tre_ngay_sinh": "31/02/2026", "f-me_so_dinh_danh": "12345"})
    assert page.title().startswith("Lỗi: ")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    summary = page.locator(".error-summary").inner_text()
    for message in ("Nhập họ, chữ đệm và tên của trẻ", "Ngày sinh của trẻ phải là một ngày có thật",
                    "Chọn giới tính", "Số định danh cá nhân của mẹ phải gồm đúng 12 chữ số"):
        assert message in summary
    page.get_by_role("link", name="Chọn giới tính").click()
    assert page.evaluate("document.activeElement.name") == "f-tre_gioi_tinh"
    assert page.locator("[name='f-tre_ngay_sinh']").input_value() == "31/02/2026"
    assert serious_violations(page) == []


def test_after_the_cutoff_the_date_is_the_next_working_day_and_the_code_is_found_with_spaces(
        browser, live_server, birth, tmp_path):
    # The cut-off at 00:00 puts the test's real clock after it, like an application sent at 18:13.
    birth.cutoff_time = time(0, 0)
    db.session.commit()
    expected = current_calendar().next_working_day(local_day(utcnow()))
    page = browser.new_page()
    _start(page, live_server, on_behalf=False)
    _fill_eform(page, BIRTH_EFORM)
    for heading, name in (("Giấy chứng sinh", "giay-chung-sinh.pdf"), ("Thẻ căn cước", "can-cuoc.pdf")):
        page.locator("section.upload-slot", has=page.get_by_role("heading", name=heading)).locator(
            "input[type=file]").set_input_files(str(tmp_path / name))
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.locator("[name=delivery_method][value=office]").check()
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_role("button", name="Đồng ý và nộp hồ sơ").click()
    facts = page.locator("dl.facts").inner_text()
    assert f"Thời hạn giải quyết tính từ\n{expected:%d/%m/%Y}" in facts
    assert f"Dự kiến trả kết quả\n{expected:%d/%m/%Y}" in facts
    assert "Hồ sơ nhận sau 00:00 hoặc vào ngày nghỉ được tính từ ngày làm việc tiếp theo." in facts
    code = page.locator(".ref").inner_text().strip()

    spaced = " ".join(code.replace("-", ".").split(".")).lower()  # "000 26 30 h29 261201 0001"
    other = browser.new_page()
    other.goto(f"{live_server}/phuong-lam/tra-cuu")
    other.locator("[name=code]").fill(spaced)
    other.get_by_role("button", name="Tra cứu").click()
    assert other.get_by_role("heading", name=f"Hồ sơ {code}").is_visible()
    assert serious_violations(other) == []


def test_eform_shows_a_dependent_field_only_for_its_choice(browser, live_server, make):
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm", unit_code="000.26.30.H29")
    demo_procedure(ward, "1.004873")
    db.session.commit()
    page = browser.new_page()
    page.goto(f"{live_server}/phuong-lam/thu-tuc/1.004873/nop-ho-so")
    page.get_by_role("button", name="Bắt đầu").click()
    page.goto(page.url.replace("/thong-tin", "/to-khai"))  # each step opens from its link
    other = page.get_by_label("Mục đích khác là gì")
    partner = page.get_by_label("Họ và tên người dự định kết hôn")
    assert not other.is_visible() and not partner.is_visible()
    page.get_by_label("Mục đích khác", exact=True).check()
    assert other.is_visible() and not partner.is_visible()
    page.get_by_label("Đăng ký kết hôn", exact=True).check()
    assert partner.is_visible() and not other.is_visible()
    assert serious_violations(page) == []
