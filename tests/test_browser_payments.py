"""Level 4 in a real browser: fees shown when applying, paid by transfer, reconciled, receipt, result online."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from wardportal.dossiers.models import Dossier
from wardportal.kernel import signature_policy
from wardportal.kernel.extensions import db
from wardportal.payments import vietqr
from wardportal.payments.models import FeePayment

from .apply_support import APPLICANT, pdf_bytes
from .payment_support import statement_a, with_account
from .staff_factories import DEFAULT_PASSWORD, make_staff
from .test_browser_roundtrip import act
from .test_browser_site import serious_violations

pytestmark = pytest.mark.browser
def start_application(browser, live_server, procedure_code, declaration):
    """A resident on a phone fills in the applicant step and uploads the declaration; returns the page."""
    citizen = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    citizen.goto(f"{live_server}/phuong-lam/thu-tuc/{procedure_code}/nop-ho-so")
    citizen.get_by_role("button", name="Bắt đầu").click()
    for name, value in APPLICANT.items():
        citizen.locator(f"[name={name}]").fill(value)
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    citizen.locator("[name=doc-0]").set_input_files(str(declaration))
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    return citizen


def signed_in(browser, live_server, email):
    """A staff member's page, signed in."""
    desk = browser.new_context().new_page()
    desk.goto(f"{live_server}/can-bo/dang-nhap")
    desk.locator("[name=email]").fill(email)
    desk.locator("[name=password]").fill(DEFAULT_PASSWORD)
    desk.get_by_role("button", name="Đăng nhập").click()
    return desk


SCHEDULE = {"items": [{"name": "Lệ phí cấp bản sao trích lục", "amount": 8000, "per": "copy"}], "max_copies": 5}


def test_apply_pay_reconcile_receipt_and_online_result(browser, live_server, make, tmp_path, app):
    ward = with_account(make.ward(slug="phuong-lam", name="Phường Phương Lâm"))
    procedure = make.procedure(ward, code="2.000635", title="Cấp bản sao trích lục hộ tịch", processing_days=1,
                               fee_schedule=SCHEDULE, documents=["Tờ khai đề nghị cấp bản sao trích lục"])
    officer = make_staff(ward, "officer", full_name="Lê Thị Hoa")
    (tmp_path / "to-khai.pdf").write_bytes(pdf_bytes("to khai"))
    (tmp_path / "ket-qua.pdf").write_bytes(pdf_bytes("ban sao trich luc"))
    procedure_code, officer_email = procedure.code, officer.email
    db.session.commit()

    # The resident applies for two copies and sees the total before submitting, then the VietQR code.
    citizen = start_application(browser, live_server, procedure_code, tmp_path / "to-khai.pdf")
    citizen.locator("[name=delivery_method][value=online]").check()
    citizen.locator("[name=fee_copies]").select_option("2")
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    assert "16.000 đ" in citizen.locator(".fee-table").inner_text()
    assert serious_violations(citizen) == []
    citizen.get_by_role("button", name="Đồng ý và nộp hồ sơ").click()
    code = citizen.locator(".ref").inner_text().strip()
    qr = citizen.locator(".vietqr-code svg")
    assert qr.is_visible() and "16.000 đ" in citizen.locator(".vietqr-details").inner_text()
    assert code in citizen.locator(".vietqr-details").inner_text()
    assert serious_violations(citizen) == []

    # The officer receives it and asks for the fee; the resident's bank transfer arrives on the statement.
    desk = signed_in(browser, live_server, officer_email)
    desk.goto(f"{live_server}/phuong-lam/can-bo/ho-so/")
    desk.get_by_role("link", name=code).click()
    act(desk, "Tiếp nhận hồ sơ")
    act(desk, "Chuyển xử lý")
    act(desk, "Yêu cầu thực hiện nghĩa vụ tài chính", {"[name=request_fees-fees_note]": "Lệ phí 2 bản sao"})
    assert "nghĩa vụ tài chính" in desk.locator(".status-badge").inner_text()
    statement = tmp_path / "sao-ke.csv"
    statement.write_bytes(statement_a([("01/12/2026", "FT26335", 16000, f"CK {vietqr.ascii_note(code)}")]))
    desk.goto(f"{live_server}/phuong-lam/can-bo/le-phi/")
    assert serious_violations(desk) == []
    desk.locator("[name=layout]").select_option("ghi-no-ghi-co")
    desk.locator("[name=file]").set_input_files(str(statement))
    desk.get_by_role("button", name="Nhập và đối soát").click()
    assert "1 tự động ghi nhận" in desk.locator(".flash").inner_text()

    # Processing resumed; the officer attaches the result.
    desk.goto(f"{live_server}/phuong-lam/can-bo/ho-so/")
    desk.get_by_role("link", name=code).click()
    assert "Đang xử lý" in desk.locator(".status-badge").inner_text()
    act(desk, "Hoàn thành xử lý", files={"[name=mark_ready-result]": str(tmp_path / "ket-qua.pdf")})

    # The resident (same browser that submitted) downloads the signed receipt and the signed result.
    citizen.get_by_role("link", name="Theo dõi hồ sơ").click()
    assert "Đã nộp đủ phí, lệ phí." in citizen.content()
    assert serious_violations(citizen) == []
    with citizen.expect_download() as receipt:
        citizen.get_by_role("link", name="Biên lai").click()
    with citizen.expect_download() as result:
        citizen.get_by_role("link", name="Tải kết quả (đã ký số)").click()
    with ThreadPoolExecutor(1) as pool:  # pyHanko's sync API runs its own event loop: not in Playwright's thread
        receipt_verdict = pool.submit(signature_policy.verify_pdf, receipt.value.path().read_bytes(), app.instance_path).result()
        result_verdict = pool.submit(signature_policy.verify_pdf, result.value.path().read_bytes(), app.instance_path).result()
    assert receipt_verdict.valid and result_verdict.valid
    citizen.reload()
    assert "Người nộp đã tải kết quả" in citizen.locator("#nhan-ket-qua").inner_text()
    citizen.screenshot(path=str(tmp_path / "tracking.png"), full_page=True)

    db.session.rollback()
    dossier = db.session.scalar(db.select(Dossier).where(Dossier.code == code))
    assert [e.action for e in dossier.events] == ["submit", "receive", "start_processing", "request_fees", "fees_paid", "mark_ready",
                                                  "return_result"]


def test_a_double_transfer_waits_for_the_officer_and_the_resident_is_told_of_the_refund(
        browser, live_server, make, tmp_path, app):
    # Two real transfers of the full fee on one day, the bank giving no reference: both are lines, one pays
    # the dossier, the other waits in the review list; the officer refunds it; the resident's page says so.
    ward = with_account(make.ward(slug="phuong-lam", name="Phường Phương Lâm"))
    procedure = make.procedure(ward, code="2.000635", title="Cấp bản sao trích lục hộ tịch", processing_days=1,
                               fee_schedule=SCHEDULE, documents=["Tờ khai đề nghị cấp bản sao trích lục"])
    officer = make_staff(ward, "officer", full_name="Lê Thị Hoa")
    (tmp_path / "to-khai.pdf").write_bytes(pdf_bytes("to khai"))
    procedure_code, officer_email = procedure.code, officer.email
    db.session.commit()

    citizen = start_application(browser, live_server, procedure_code, tmp_path / "to-khai.pdf")
    citizen.locator("[name=delivery_method][value=office]").check()
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    citizen.get_by_role("button", name="Đồng ý và nộp hồ sơ").click()
    code = citizen.locator(".ref").inner_text().strip()

    desk = signed_in(browser, live_server, officer_email)
    note = f"CK {vietqr.ascii_note(code)}"
    statement = tmp_path / "sao-ke.csv"
    statement.write_bytes(statement_a([("01/12/2026", "", 8000, note), ("01/12/2026", "", 8000, note)]))
    desk.goto(f"{live_server}/phuong-lam/can-bo/le-phi/")
    desk.locator("[name=layout]").select_option("ghi-no-ghi-co")
    desk.locator("[name=file]").set_input_files(str(statement))
    desk.get_by_role("button", name="Nhập và đối soát").click()
    assert "1 tự động ghi nhận" in desk.locator(".flash").inner_text()
    review = desk.locator(".review-line")
    assert review.count() == 1 and "8.000 đ" in review.inner_text() and code in review.inner_text()
    assert serious_violations(desk) == []
    desk.screenshot(path=str(tmp_path / "review-list.png"), full_page=True)

    # A decision without the refund's reference is refused and keeps what was typed.
    review.get_by_label("Đã hoàn trả cho người nộp").check()
    review.get_by_role("textbox", name="Lý do").fill("Chuyển khoản hai lần")
    review.get_by_role("button", name="Lưu quyết định").click()
    assert "Nhập mã giao dịch hoàn tiền" in desk.content()
    assert desk.locator(".review-line").get_by_role("textbox", name="Lý do").input_value() == "Chuyển khoản hai lần"
    review = desk.locator(".review-line")
    review.get_by_label("Đã hoàn trả cho người nộp").check()
    review.get_by_label("Mã giao dịch hoàn tiền").fill("FT26340HOAN")
    review.get_by_role("textbox", name="Lý do").fill("Chuyển khoản hai lần")
    review.get_by_role("button", name="Lưu quyết định").click()
    assert desk.locator(".review-line").count() == 0

    citizen.get_by_role("link", name="Theo dõi hồ sơ").click()
    page = citizen.content()
    assert "FT26340HOAN" in page and "8.000 đ" in page
    assert serious_violations(citizen) == []
    citizen.screenshot(path=str(tmp_path / "tracking-refund.png"), full_page=True)
    db.session.rollback()
    dossier = db.session.scalar(db.select(Dossier).where(Dossier.code == code))
    assert db.session.scalar(db.select(db.func.sum(FeePayment.amount)).where(FeePayment.dossier_id == dossier.id)) == 8000
