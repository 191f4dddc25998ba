"""Steps of the application: htmx check when a field is left, save and resume, nothing typed lost."""

import re

from wardportal.dossiers.models import ApplicationDraft
from wardportal.kernel.extensions import db

from .apply_support import APPLICANT, client, image_bytes, start_draft, upload  # noqa: F401

HX = {"HX-Request": "true"}


def test_fields_are_checked_on_change_never_per_keystroke(client, make):
    """Each applicant input posts its check on change (when the field is left), none on keyup/input."""
    ward = make.ward()
    token = start_draft(client, ward, make.procedure(ward))
    page = client.get(f"/{ward.slug}/nop-ho-so/{token}/thong-tin").get_data(as_text=True)
    assert page.count('hx-trigger="change"') == 6
    assert "keyup" not in page and 'hx-trigger="input' not in page
    assert f'hx-post="/{ward.slug}/nop-ho-so/{token}/kiem-tra/citizen_id"' in page


def test_htmx_check_returns_the_field_block_with_its_error(client, make):
    """The fragment is the field's group from the same template: label, message, typed value, no layout."""
    ward = make.ward()
    token = start_draft(client, ward, make.procedure(ward))
    response = client.post(f"/{ward.slug}/nop-ho-so/{token}/kiem-tra/citizen_id", headers=HX,
                           data=dict(APPLICANT, citizen_id="12345"))
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert fragment.strip().startswith('<div class="form-group has-error" id="citizen_id-group"')
    assert "<html" not in fragment and "<title>" not in fragment
    assert "đúng 12 chữ số" in fragment and 'value="12345"' in fragment and 'aria-invalid="true"' in fragment
    assert "HX-Request" in response.headers.get("Vary", "")

    ok = client.post(f"/{ward.slug}/nop-ho-so/{token}/kiem-tra/phone", headers=HX,
                     data=dict(APPLICANT)).get_data(as_text=True)
    assert 'id="phone-group"' in ok and "error-message" not in ok


def test_htmx_check_saves_what_was_typed(client, make):
    """Leaving a field saves the form: closing the browser right after loses nothing."""
    ward = make.ward()
    token = start_draft(client, ward, make.procedure(ward))
    client.post(f"/{ward.slug}/nop-ho-so/{token}/kiem-tra/full_name", headers=HX,
                data={"full_name": "Trần Văn Bình", "phone": "0987"})
    answers = db.session.scalar(db.select(ApplicationDraft)).answers
    assert answers["full_name"] == "Trần Văn Bình" and answers["phone"] == "0987"
    assert client.post(f"/{ward.slug}/nop-ho-so/{token}/kiem-tra/password", headers=HX).status_code == 404


def test_save_and_resume_from_another_browser(client, make, app):
    """"Save and finish later" keeps half-typed answers and uploads; the resume link brings them back."""
    ward = make.ward()
    procedure = make.procedure(ward)
    token = start_draft(client, ward, procedure)
    base = f"/{ward.slug}/nop-ho-so/{token}"
    half = {"full_name": "Lê Thị Mai", "citizen_id": "0011", "phone": "", "action": "save"}
    response = client.post(f"{base}/thong-tin", data=half)
    assert response.headers["Location"].endswith(f"{base}/da-luu")
    saved = client.get(f"{base}/da-luu").get_data(as_text=True)
    link = re.search(r'class="resume-link"><a href="([^"]+)"', saved)[1]
    assert link == f"http://localhost{base}"
    client.post(f"{base}/giay-to", data={"doc-0": [upload(image_bytes(), "anh-chup.jpg")], "action": "save"},
                content_type="multipart/form-data")

    other_browser = app.test_client()
    response = other_browser.get(link.replace("http://localhost", ""))
    assert response.headers["Location"].endswith(f"{base}/thong-tin")  # the first step still missing things
    page = other_browser.get(f"{base}/thong-tin").get_data(as_text=True)
    assert 'value="Lê Thị Mai"' in page and 'value="0011"' in page
    documents = other_browser.get(f"{base}/giay-to").get_data(as_text=True)
    assert "anh-chup.jpg" in documents


def test_same_browser_is_offered_its_draft(client, make):
    """Back on the start page, the browser that began a draft can continue it (lasting cookie)."""
    ward = make.ward()
    procedure = make.procedure(ward)
    token = start_draft(client, ward, procedure)
    page = client.get(f"/{ward.slug}/thu-tuc/{procedure.code}/nop-ho-so").get_data(as_text=True)
    assert "Tiếp tục hồ sơ đang soạn" in page and f"/nop-ho-so/{token}" in page
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.expires is not None


def test_resume_goes_to_the_first_unfinished_step(client, make):
    """With the applicant done but no papers, the resume link opens the documents step."""
    ward = make.ward()
    token = start_draft(client, ward, make.procedure(ward))
    base = f"/{ward.slug}/nop-ho-so/{token}"
    client.post(f"{base}/thong-tin", data=dict(APPLICANT, action="continue"))
    assert client.get(base).headers["Location"].endswith(f"{base}/giay-to")


def test_delivery_online_only_for_fully_online_procedures(client, make):
    """A partly online procedure offers the desk and the post, not online delivery."""
    ward = make.ward()
    token = start_draft(client, ward, make.procedure(ward, online_level="partial"))
    base = f"/{ward.slug}/nop-ho-so/{token}"
    page = client.get(f"{base}/nhan-ket-qua").get_data(as_text=True)
    assert 'value="office"' in page and 'value="post"' in page and 'value="online"' not in page
    response = client.post(f"{base}/nhan-ket-qua", data={"delivery_method": "online", "action": "continue"})
    assert response.status_code == 400 and "<title>Lỗi: " in response.get_data(as_text=True)
