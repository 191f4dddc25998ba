"""The tracking lock in a real browser, as the applicant meets it on a phone: someone else's wrong guesses lock the
dossier's details; the applicant asks for a one-time code, types it, and sees their dossier."""

import pytest

from wardportal.kernel.extensions import db

from .test_abuse_phone_unlock import NAME, RIGHT, WARD, _lock, _received_dossier, _sent_codes
from .test_browser_site import serious_violations

pytestmark = pytest.mark.browser


def test_the_applicant_lifts_a_lock_someone_else_caused(browser, live_server, app, make, tmp_path):
    dossier = _received_dossier(make.ward(slug=WARD))
    dossier_id, token, code = dossier.id, dossier.tracking_token, dossier.code
    db.session.commit()
    _lock(app, dossier)  # a stranger's five wrong guesses
    db.session.commit()  # the test's own session lets go of SQLite's write lock before the browser posts

    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(f"{live_server}/{WARD}/ho-so/{token}")
    phone.locator("[name=phone_suffix]").fill(RIGHT)
    phone.get_by_role("button", name="Xem hồ sơ").click()
    assert phone.get_by_role("heading", name="Quá nhiều lần tra cứu").is_visible()
    assert NAME not in phone.content()  # the right digits do not open a locked dossier
    assert serious_violations(phone) == []

    phone.get_by_role("button", name="Gửi mã mở khóa").click()
    assert phone.get_by_role("status").filter(has_text="Đã gửi mã mở khóa").is_visible()
    [unlock_code] = set(_sent_codes(dossier_id))  # what reaches the applicant's phone and mailbox
    db.session.commit()
    assert phone.get_by_label("Mã hồ sơ").input_value() == code  # carried over, nothing to retype
    phone.get_by_label("Mã mở khóa").fill(unlock_code)
    phone.screenshot(path=str(tmp_path / "unlock.png"), full_page=True)
    assert serious_violations(phone) == []
    phone.get_by_role("button", name="Mở khóa và xem hồ sơ").click()

    assert phone.url.endswith(f"/{WARD}/ho-so/{token}")
    assert NAME in phone.content()
    phone.screenshot(path=str(tmp_path / "details.png"), full_page=True)
