"""In a real browser: the officer drafts a result, the leader approves it with the key on the (SoftHSM2)
token, and the citizen downloads the doubly signed result, which the verification page explains."""

import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timezone

import pytest

from wardportal.approvals import drafts
from wardportal.dossiers.models import Dossier
from wardportal.dossiers.status import DossierStatus
from wardportal.kernel import signature_policy
from wardportal.kernel.extensions import db

from .approvals_support import (KEY_LABEL, LEADER_NAME, SOFTHSM_MODULE, TOKEN_LABEL, TOKEN_PIN,  # noqa: F401
                                enrol_confirmed, png, softhsm)
from .staff_factories import DEFAULT_PASSWORD, make_staff
from .test_browser_site import serious_violations
from .workflow_factories import make_dossier

pytestmark = pytest.mark.browser


def sign_in(page, base, email):
    page.goto(f"{base}/can-bo/dang-nhap")
    page.locator("[name=email]").fill(email)
    page.locator("[name=password]").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_officer_drafts_leader_signs_with_token_citizen_downloads(browser, live_server, make, app, softhsm,
                                                                  tmp_path):
    app.config.update(PKCS11_MODULE_PATH=SOFTHSM_MODULE, SIGNATURE_TRUST_ROOTS=[softhsm.ca.cert_pem])
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    officer = make_staff(ward, "officer", full_name="Lê Thị Hoa")
    leader = make_staff(ward, "leader", full_name=LEADER_NAME)
    drafts.save_profile(leader, ward, title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", token_label=TOKEN_LABEL,
                        key_label=KEY_LABEL, signature_png=png())
    enrol_confirmed(leader, ward, softhsm.leader)
    dossier = make_dossier(ward, status=int(DossierStatus.PROCESSING), delivery_method="online",
                           received_at=datetime(2026, 11, 24, 2, 0, tzinfo=timezone.utc),
                           due_date=date(2026, 11, 27))
    code, dossier_id, officer_email, leader_email = dossier.code, dossier.id, officer.email, leader.email
    db.session.commit()

    # The officer drafts the result from the procedure's template and sends it.
    desk = browser.new_context().new_page()
    sign_in(desk, live_server, officer_email)
    desk.goto(f"{live_server}/phuong-lam/can-bo/ho-so/{dossier_id}")
    desk.locator("summary", has_text="Soạn dự thảo từ mẫu của thủ tục").click()
    desk.locator("[name=title]").fill("Giấy xác nhận thông tin cư trú")
    desk.get_by_role("button", name="Soạn và trình lãnh đạo").click()
    assert "Chờ phê duyệt" in desk.locator(".approval-panel").inner_text()
    assert serious_violations(desk) == []

    # The leader finds it in the queue, reads it beside the dossier, and signs with the token's PIN.
    lead = browser.new_context().new_page()
    sign_in(lead, live_server, leader_email)
    lead.get_by_role("link", name="Phê duyệt kết quả").click()
    lead.get_by_role("link", name=code).click()
    assert serious_violations(lead) == []
    lead.get_by_label("Mã PIN của thiết bị ký số").fill(TOKEN_PIN)
    lead.get_by_role("button", name="Phê duyệt và ký số").click()
    assert f"Đã phê duyệt và ký số kết quả hồ sơ {code}" in lead.content()

    # The citizen looks the dossier up and downloads the result.
    phone = browser.new_context().new_page()
    phone.goto(f"{live_server}/phuong-lam/tra-cuu")
    phone.locator("[name=code]").fill(code)
    phone.locator("[name=phone_suffix]").fill("5678")
    phone.get_by_role("button", name="Tra cứu").click()
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Tải kết quả (đã ký số)").click()
    path = download.value.path()
    with ThreadPoolExecutor(1) as pool:  # pyHanko's sync API must not run in Playwright's event-loop thread
        verdict = pool.submit(signature_policy.verify_pdf, path.read_bytes(), app.instance_path,
                              [softhsm.ca.cert_pem]).result()
    assert verdict.valid, verdict.problem
    assert [(s.signer_name, s.role) for s in verdict.signatures] == [(LEADER_NAME, "personal"),
                                                                      ("Phường Phương Lâm", "seal")]
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert report.count("Signature is Valid.") == 2

    # Anyone can check it on the verification page, which names both signers and their roles.
    phone.goto(f"{live_server}/xac-thuc-van-ban")
    phone.locator("#document").set_input_files(str(path))
    phone.get_by_role("button", name="Kiểm tra", exact=True).click()
    listing = phone.locator(".signature-list").inner_text()
    assert LEADER_NAME in listing and "chữ ký số cá nhân" in listing
    assert "Phường Phương Lâm" in listing and "con dấu" in listing

    db.session.rollback()
    dossier = db.session.scalar(db.select(Dossier).where(Dossier.code == code))
    # an online result counts as returned once its applicant has downloaded it (payments.delivery)
    assert dossier.status == DossierStatus.RETURNED
    assert [e.action for e in dossier.events][-4:] == ["draft_sent", "draft_approved", "mark_ready", "return_result"]
