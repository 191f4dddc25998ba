"""The whole round trip in a real browser: online submission, desk processing, supplement, signed result, rating."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from wardportal.dossiers.models import Dossier
from wardportal.kernel import signature_policy
from wardportal.kernel.extensions import db

from .apply_support import APPLICANT, pdf_bytes
from .staff_factories import DEFAULT_PASSWORD, make_staff
from .test_browser_site import serious_violations

pytestmark = pytest.mark.browser


def act(page, label, fill=None, files=None):
    """Open one action of the desk's dossier page, fill it and submit it."""
    action = page.locator("details.desk-action", has=page.locator("summary", has_text=label))
    action.locator(":scope > summary").click()
    for selector, value in (fill or {}).items():
        action.locator(selector).check() if value is True else action.locator(selector).fill(value)
    for selector, path in (files or {}).items():
        action.locator(selector).set_input_files(path)
    confirm = action.locator("details.confirm")
    if confirm.count():  # final steps (refuse, withdraw, stop, return the result) ask to confirm first
        confirm.locator(":scope > summary").click()
        action.get_by_role("button", name=f"Xác nhận: {label}").click()
    else:
        action.get_by_role("button", name=label).click()
    page.wait_for_load_state()


def test_submit_receive_request_supplement_return_download_and_rate(browser, live_server, make, tmp_path, app):
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    procedure = make.procedure(ward, code="1.001193", title="Đăng ký khai sinh", processing_days=3)
    officer = make_staff(ward, "officer", full_name="Lê Thị Hoa")
    for name in ("to-khai.pdf", "giay-chung-sinh.pdf", "ban-sao.pdf"):
        (tmp_path / name).write_bytes(pdf_bytes(name))
    (tmp_path / "ket-qua.pdf").write_bytes(pdf_bytes("giay khai sinh"))
    procedure_code, unit_code, officer_email = procedure.code, ward.unit_code, officer.email
    # End the test's transaction: on SQLite it would hold the write lock the server's requests need.
    db.session.commit()

    # The citizen submits online.
    citizen = browser.new_context().new_page()
    citizen.goto(f"{live_server}/phuong-lam/thu-tuc/{procedure_code}/nop-ho-so")
    citizen.get_by_role("button", name="Bắt đầu").click()
    for name, value in APPLICANT.items():
        citizen.locator(f"[name={name}]").fill(value)
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    citizen.locator("[name=doc-0]").set_input_files(str(tmp_path / "to-khai.pdf"))
    citizen.locator("[name=doc-1]").set_input_files(str(tmp_path / "giay-chung-sinh.pdf"))
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    citizen.locator("[name=delivery_method][value=online]").check()
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    citizen.get_by_role("button", name="Đồng ý và nộp hồ sơ").click()
    code = citizen.locator(".ref").inner_text().strip()
    assert code.startswith(unit_code)

    # The officer receives it and asks for one more paper.
    desk = browser.new_context().new_page()
    desk.goto(f"{live_server}/can-bo/dang-nhap")
    desk.locator("[name=email]").fill(officer_email)
    desk.locator("[name=password]").fill(DEFAULT_PASSWORD)
    desk.get_by_role("button", name="Đăng nhập").click()
    desk.goto(f"{live_server}/phuong-lam/can-bo/ho-so/")
    assert serious_violations(desk) == []
    desk.get_by_role("link", name=code).click()
    act(desk, "Tiếp nhận hồ sơ", {"[name=receive-public_note]": "Hồ sơ hợp lệ"})
    act(desk, "Yêu cầu bổ sung, hoàn thiện hồ sơ",
        {"[name=request_documents-others]": "Bản sao giấy đăng ký kết hôn của cha mẹ"})
    assert "Yêu cầu bổ sung giấy tờ" in desk.locator(".status-badge").inner_text()
    assert serious_violations(desk) == []

    # The citizen, on another device, looks it up with the phone digits and uploads the paper.
    phone = browser.new_context().new_page()
    phone.goto(f"{live_server}/phuong-lam/tra-cuu")
    phone.locator("[name=code]").fill(code)
    phone.locator("[name=phone_suffix]").fill("5678")
    phone.get_by_role("button", name="Tra cứu").click()
    assert "Bản sao giấy đăng ký kết hôn của cha mẹ" in phone.content()
    assert serious_violations(phone) == []
    phone.locator("input[type=file]").set_input_files(str(tmp_path / "ban-sao.pdf"))
    phone.get_by_role("button", name="Nộp giấy tờ này").click()
    assert "Đang xử lý" in phone.locator(".status-badge").inner_text()

    # The officer attaches the result (signed by the ward on the way) and returns it.
    desk.reload()
    act(desk, "Hoàn thành xử lý", files={"[name=mark_ready-result]": str(tmp_path / "ket-qua.pdf")})
    act(desk, "Trả kết quả")
    assert "Đã trả kết quả" in desk.locator(".status-badge").inner_text()

    # The citizen downloads the signed result and rates the service.
    phone.reload()
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Tải kết quả (đã ký số)").click()
    # pyHanko's sync API runs its own event loop: not in this thread, where Playwright's loop is running.
    with ThreadPoolExecutor(1) as pool:
        verdict = pool.submit(signature_policy.verify_pdf, download.value.path().read_bytes(), app.instance_path).result()
    assert verdict.valid and verdict.ward_slug == "phuong-lam"
    phone.get_by_label("Rất hài lòng").check()
    phone.locator("[name=comment]").fill("Nhanh, không phải đi lại")
    phone.get_by_role("button", name="Gửi đánh giá").click()
    assert "Cảm ơn ông/bà đã đánh giá: 5/5." in phone.content()

    db.session.rollback()
    dossier = db.session.scalar(db.select(Dossier).where(Dossier.code == code))
    assert [e.action for e in dossier.events] == [
        "submit", "receive", "request_documents", "supplement_uploaded", "documents_supplied", "mark_ready",
        "return_result", "rate"]
    assert dossier.rating == 5 and dossier.channel == "online"
