"""The citizen's tracking pages: status by code alone, the dossier after the phone check, uploads, rating."""

import io
from datetime import datetime, timezone

import pytest

from wardportal.dossiers import workflow
from wardportal.dossiers.status import DossierStatus
from wardportal.dossiers.workflow import MissingItem
from wardportal.kernel.extensions import db

from .staff_factories import make_staff
from .test_workflow import unsigned_pdf
from .workflow_factories import PDF, client, make_dossier, stored_file  # noqa: F401  (client fixture)

PERSONAL = ("Trần Văn Bình", "0912", "345 678", "00109", "binh@example.vn", "Lê Lợi")


@pytest.fixture
def ward(make):
    return make.ward(slug="phuong-mot")


@pytest.fixture
def officer(ward):
    return make_staff(ward, "officer", full_name="Lê Thị Hoa")


@pytest.fixture
def dossier(ward, officer):
    dossier = make_dossier(ward)
    workflow.receive(dossier, officer, now=datetime(2026, 11, 23, 2, tzinfo=timezone.utc))
    return dossier


def assert_nothing_personal(html: str):
    for value in PERSONAL:
        assert value not in html


def verify(client, dossier, suffix="5678"):
    return client.post(f"/{dossier.ward.slug}/ho-so/{dossier.tracking_token}", data={"phone_suffix": suffix})


def test_code_alone_shows_the_status_and_nothing_personal(client, dossier):
    response = client.post("/phuong-mot/tra-cuu", data={"code": dossier.code.lower()})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Được tiếp nhận" in html and dossier.code in html
    assert_nothing_personal(html)
    assert "Lê Thị Hoa" not in html


def test_code_with_the_phone_digits_opens_the_whole_dossier(client, dossier, officer):
    response = client.post("/phuong-mot/tra-cuu", data={"code": dossier.code, "phone_suffix": "5678"})
    assert response.status_code == 302
    assert response.location.endswith(f"/phuong-mot/ho-so/{dossier.tracking_token}")
    html = client.get(response.location).get_data(as_text=True)
    assert "Trần Văn Bình" in html and "Tiếp nhận hồ sơ" in html
    assert "26/11/2026" in html  # the due date: three working days from Monday 23
    assert "Đúng hạn" in html or "Trễ hạn" in html


def test_wrong_phone_digits_learn_nothing_personal(client, dossier):
    response = client.post("/phuong-mot/tra-cuu", data={"code": dossier.code, "phone_suffix": "1234"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "không khớp" in html
    assert_nothing_personal(html)
    page = verify(client, dossier, "0000").get_data(as_text=True)
    assert_nothing_personal(page)
    assert_nothing_personal(client.get(f"/phuong-mot/ho-so/{dossier.tracking_token}").get_data(as_text=True))


def test_qr_link_shows_the_status_then_everything_after_the_phone_check(client, dossier):
    url = f"/phuong-mot/ho-so/{dossier.tracking_token}"
    first = client.get(url).get_data(as_text=True)
    assert "Được tiếp nhận" in first
    assert_nothing_personal(first)
    assert verify(client, dossier).status_code == 302
    assert "Trần Văn Bình" in client.get(url).get_data(as_text=True)


def test_another_wards_code_and_token_are_not_found(client, make, dossier):
    make.ward(slug="phuong-hai")
    response = client.post("/phuong-hai/tra-cuu", data={"code": dossier.code, "phone_suffix": "5678"})
    assert response.status_code == 200 and "Không tìm thấy" in response.get_data(as_text=True)
    assert client.get(f"/phuong-hai/ho-so/{dossier.tracking_token}").status_code == 404


def test_files_need_the_phone_check_and_only_the_applicants_own_are_served(app, client, dossier):
    receipt = stored_file(app, dossier, kind="receipt", name="phieu.pdf")
    attachment = stored_file(app, dossier, kind="attachment")
    url = f"/phuong-mot/ho-so/{dossier.tracking_token}/tep/{receipt.id}"
    assert client.get(url).status_code == 404
    verify(client, dossier)
    with client.get(url) as response:
        assert response.status_code == 200 and response.data == PDF
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response.headers["Cache-Control"]
    assert client.get(f"/phuong-mot/ho-so/{dossier.tracking_token}/tep/{attachment.id}").status_code == 404


def test_signed_result_is_offered_once_ready_for_online_delivery(app, client, dossier, officer):
    workflow.start_processing(dossier, officer)
    workflow.mark_ready(dossier, officer, result_pdf=unsigned_pdf())
    result = workflow.result_file(dossier)
    verify(client, dossier)
    html = client.get(f"/phuong-mot/ho-so/{dossier.tracking_token}").get_data(as_text=True)
    assert f"/tep/{result.id}" in html
    with client.get(f"/phuong-mot/ho-so/{dossier.tracking_token}/tep/{result.id}") as response:
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
    dossier.delivery_method = "office"
    db.session.commit()
    assert client.get(f"/phuong-mot/ho-so/{dossier.tracking_token}/tep/{result.id}").status_code == 404


def test_citizen_uploads_each_missing_paper_in_its_slot_and_the_clock_resumes(client, dossier, officer):
    workflow.request_documents(dossier, officer, reason="Thiếu giấy tờ",
                               missing=[MissingItem("Bản sao giấy đăng ký kết hôn"), MissingItem("Giấy chứng sinh")])
    first, second = workflow.open_document_request(dossier).items
    url = f"/phuong-mot/ho-so/{dossier.tracking_token}"
    assert client.post(f"{url}/bo-sung/{first.id}", data={"file": (io.BytesIO(PDF), "kh.pdf")}).status_code == 404
    verify(client, dossier)
    html = client.get(url).get_data(as_text=True)
    assert "Bản sao giấy đăng ký kết hôn" in html and f"/bo-sung/{second.id}" in html
    bad = client.post(f"{url}/bo-sung/{first.id}", data={"file": (io.BytesIO(b"MZ\x90\x00"), "virus.pdf")})
    assert bad.status_code == 400 and "không phải PDF" in bad.get_data(as_text=True)
    ok = client.post(f"{url}/bo-sung/{first.id}", data={"file": (io.BytesIO(PDF), "kh.pdf")})
    assert ok.status_code == 302
    client.post(f"{url}/bo-sung/{second.id}", data={"file": (io.BytesIO(PDF), "cs.pdf")})
    db.session.expire_all()
    dossier = db.session.get(type(dossier), dossier.id)
    assert dossier.status == DossierStatus.PROCESSING
    assert [f.document_name for f in dossier.files if f.kind == "supplement"] == [
        "Bản sao giấy đăng ký kết hôn", "Giấy chứng sinh"]


def test_rating_form_after_return_accepts_one_rating(client, dossier, officer):
    workflow.start_processing(dossier, officer)
    workflow.mark_ready(dossier, officer, result_pdf=unsigned_pdf())
    url = f"/phuong-mot/ho-so/{dossier.tracking_token}"
    verify(client, dossier)
    assert "danh-gia" not in client.get(url).get_data(as_text=True).split("Quá trình xử lý")[0]
    workflow.return_result(dossier, officer)
    assert 'name="score"' in client.get(url).get_data(as_text=True)
    assert client.post(f"{url}/danh-gia", data={"score": "5", "comment": "Nhanh gọn"}).status_code == 302
    assert client.post(f"{url}/danh-gia", data={"score": "1"}).status_code == 400
    db.session.expire_all()
    assert db.session.get(type(dossier), dossier.id).rating == 5
