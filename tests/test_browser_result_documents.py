"""In a real browser: the officer previews the generated birth result, then sends it; the leader's draft is
the very PDF the preview showed, numbered from the register and printing the child and the parents."""

import subprocess

import pytest
from sqlalchemy import select

from wardportal.approvals.models import ResultDraft
from wardportal.kernel import file_storage
from wardportal.kernel.extensions import db

from .staff_factories import make_staff
from .test_browser_approvals import sign_in
from .test_browser_site import serious_violations
from .test_result_documents import birth_answers, case_dossier, pdf_text

pytestmark = pytest.mark.browser


def test_officer_previews_then_sends_the_birth_result(browser, live_server, make, app, tmp_path):
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    officer = make_staff(ward, "officer", full_name="Lê Thị Hoa")
    make_staff(ward, "leader", full_name="Nguyễn Văn Minh")
    dossier = case_dossier(ward, typed=birth_answers())
    dossier_id, officer_email = dossier.id, officer.email
    db.session.commit()

    desk = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    sign_in(desk, live_server, officer_email)
    desk.goto(f"{live_server}/phuong-lam/can-bo/ho-so/{dossier_id}")
    desk.locator("summary", has_text="Soạn dự thảo từ mẫu của thủ tục").click()
    assert desk.locator("[name=title]").input_value() == "Giấy khai sinh"
    assert serious_violations(desk) == []
    desk.locator("#approval-generate").screenshot(path=str(tmp_path / "desk-form.png"))

    # the preview opens in a new tab (formtarget, no script), in the browser's PDF viewer
    with desk.context.expect_page() as opened:
        desk.get_by_role("button", name="Xem trước văn bản (PDF)").click()
    viewer = opened.value
    viewer.wait_for_timeout(2000)  # the viewer draws the page
    viewer.screenshot(path=str(tmp_path / "viewer.png"))
    viewer.close()
    # the same form posted by the signed-in browser context: the bytes the viewer showed
    form = {"csrf_token": desk.locator("#approval-generate [name=csrf_token]").input_value(),
            "title": desk.locator("[name=title]").input_value(), "body": desk.locator("[name=body]").input_value()}
    answer = desk.context.request.post(f"{live_server}/phuong-lam/can-bo/ho-so/{dossier_id}/du-thao/xem-truoc",
                                       form=form)
    assert answer.headers["content-type"] == "application/pdf" and "sandbox" in answer.headers[
        "content-security-policy"] and answer.headers["cache-control"] == "private, no-store"
    preview = answer.body()

    desk.get_by_role("button", name="Soạn và trình lãnh đạo").click()
    assert "Chờ phê duyệt" in desk.locator(".approval-panel").inner_text()
    draft = db.session.scalar(select(ResultDraft).where(ResultDraft.dossier_id == dossier_id))
    sent = file_storage.read(file_storage.uploads_dir(app.instance_path), draft.file.stored_name)
    assert sent == preview and "Nguyễn Minh An" in pdf_text(sent, tmp_path)
    (tmp_path / "sent.pdf").write_bytes(sent)
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(tmp_path / "sent.pdf"), str(tmp_path / "sent")], check=True)
    assert sorted(p.name for p in tmp_path.glob("sent-*.png")) == ["sent-1.png"]  # one page, signature zone included
