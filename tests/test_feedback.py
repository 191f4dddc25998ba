"""Residents' feedback: report with photo and place, tracking code, staff handling, public answers."""

import io

import pytest
from PIL import Image
from sqlalchemy import select

from wardportal.feedback.models import FeedbackCategory, FeedbackReport
from wardportal.feedback.photos import PhotoRefused, clean_photo
from wardportal.feedback.reports import save_category
from wardportal.kernel import file_storage
from wardportal.kernel.extensions import db

from .staff_factories import login, make_staff, settle, unexpiring_session  # noqa: F401  (autouse fixture)
from .workflow_factories import client  # noqa: F401  (client fixture)


def photo_with_exif(size=(64, 48), fmt="JPEG") -> bytes:
    """A photo carrying camera and GPS metadata and a rotation, as phones write it."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"          # Make
    exif[0x0131] = "SecretApp 1.0"      # Software
    exif[0x0112] = 6                    # Orientation: rotate 90° clockwise to show
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 2.0), 3: "E", 4: (105.0, 50.0, 3.0)}  # GPS
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture
def ward(make):
    """A ward with two feedback categories."""
    ward = make.ward(slug="phuong-lam")
    save_category(ward, "Hạ tầng, giao thông", "Đường hỏng, đèn đường, cống")
    save_category(ward, "Môi trường")
    db.session.commit()
    settle(ward)
    return ward


def test_clean_photo_drops_metadata_and_applies_orientation():
    cleaned = clean_photo(photo_with_exif(), 10_000_000, 50_000_000)
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.format == "JPEG" and not image.getexif() and image.size == (48, 64)
    assert b"PhoneMaker" not in cleaned and b"SecretApp" not in cleaned and b"Exif" not in cleaned
    with pytest.raises(PhotoRefused):
        clean_photo(b"%PDF-1.4 not a photo", 10_000_000, 50_000_000)
    with pytest.raises(PhotoRefused):
        clean_photo(photo_with_exif((400, 400)), 10_000_000, 100_000)


def test_resident_reports_with_photo_and_coordinates_and_follows_the_code(app, client, ward):
    response = client.post("/phuong-lam/phan-anh/gui", data={
        "category": "pa-ha-tang-giao-thong", "description": "Ổ gà lớn trước số 12 đường Lê Lợi",
        "address_text": "Trước số 12 Lê Lợi", "latitude": "20.8134", "longitude": "105.3383",
        "reporter_name": "Lê Thị Mai", "reporter_phone": "0912 000 111",
        "photo": (io.BytesIO(photo_with_exif()), "IMG_0001.jpg")}, content_type="multipart/form-data")
    assert response.status_code == 302
    report = db.session.scalar(select(FeedbackReport))
    settle(report)
    assert report.tracking_code.startswith("PA-") and report.latitude == pytest.approx(20.8134)
    stored = file_storage.path_of(file_storage.uploads_dir(app.instance_path), report.photo_name).read_bytes()
    assert b"PhoneMaker" not in stored and b"Exif" not in stored
    page = client.get(response.location).get_data(as_text=True)
    assert report.tracking_code in page and "Ổ gà lớn" in page and "Chưa có trả lời" in page
    assert "Lê Thị Mai" not in page and "0912" not in page
    # Looking the code up (any case, with spaces) finds the same page.
    found = client.get("/phuong-lam/phan-anh/", query_string={"code": " " + report.tracking_code.lower()})
    assert found.status_code == 302 and found.location.endswith(report.tracking_code)
    assert client.get("/phuong-lam/phan-anh/PA-KHONGCO").status_code == 404


@pytest.mark.parametrize("data, message", [
    ({"category": "", "description": "x"}, "Chọn lĩnh vực phản ánh."),
    ({"category": "pa-moi-truong", "description": ""}, "Nhập nội dung phản ánh."),
    ({"category": "pa-moi-truong", "description": "x", "latitude": "21"}, "Nhập cả vĩ độ và kinh độ"),
    ({"category": "pa-moi-truong", "description": "x", "latitude": "91", "longitude": "1"}, "Vĩ độ từ -90 đến 90."),
    ({"category": "pa-khac", "description": "x"}, "Not a valid choice"),
])
def test_bad_reports_are_refused_with_a_message_and_nothing_stored(client, ward, data, message):
    response = client.post("/phuong-lam/phan-anh/gui", data=data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(FeedbackReport)) is None


def test_a_broken_photo_is_refused_and_the_text_kept(client, ward):
    response = client.post("/phuong-lam/phan-anh/gui", data={
        "category": "pa-moi-truong", "description": "Rác tồn đọng ở chợ",
        "photo": (io.BytesIO(b"GIF89a not really"), "a.gif")}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Rác tồn đọng ở chợ" in page and "Tệp không phải ảnh" in page
    assert db.session.scalar(select(FeedbackReport)) is None


def test_staff_assign_answer_and_the_answer_goes_public_without_personal_data(app, client, ward, make):
    client.post("/phuong-lam/phan-anh/gui", data={"category": "pa-moi-truong", "description": "Cống tắc ở tổ 5",
                                                  "reporter_name": "Phạm Văn Hùng", "reporter_email": "h@example.vn"})
    report = db.session.scalar(select(FeedbackReport))
    settle(report)
    officer = make_staff(ward, "officer", full_name="Đỗ Thị Thu")
    login(client, officer.email)
    detail = client.get(f"/phuong-lam/can-bo/phan-anh/{report.id}").get_data(as_text=True)
    assert "Phạm Văn Hùng" in detail and "h@example.vn" in detail
    url = f"/phuong-lam/can-bo/phan-anh/{report.id}"
    refused = client.post(url, data={"status": "answered", "assigned_to": "0", "public_answer": ""})
    assert refused.status_code == 400 and "Nhập nội dung trả lời công khai" in refused.get_data(as_text=True)
    assert client.post(url, data={"status": "assigned", "assigned_to": str(officer.id)}).status_code == 302
    assert "Cống tắc ở tổ 5" not in client.get("/phuong-lam/phan-anh/").get_data(as_text=True)
    client.post(url, data={"status": "answered", "assigned_to": str(officer.id),
                           "public_answer": "Đã nạo vét cống ngày 20/11.", "internal_note": "Tổ 5 gọi lại"})
    public = client.get("/phuong-lam/phan-anh/").get_data(as_text=True)
    assert "Cống tắc ở tổ 5" in public and "Phạm Văn Hùng" not in public
    page = client.get(f"/phuong-lam/phan-anh/{report.tracking_code}").get_data(as_text=True)
    assert "Đã nạo vét cống" in page and "Tổ 5 gọi lại" not in page and "h@example.vn" not in page
    # Another ward's staff cannot open it.
    other = make.ward()
    stranger = make_staff(other, "officer")
    client.post("/can-bo/dang-xuat")
    login(client, stranger.email)
    assert client.get(f"/{other.slug}/can-bo/phan-anh/{report.id}").status_code == 404


def test_ward_admin_manages_categories(client, ward):
    admin = make_staff(ward, "admin")
    officer = make_staff(ward, "officer")
    login(client, officer.email)
    assert client.get("/phuong-lam/can-bo/phan-anh/linh-vuc").status_code == 404
    client.post("/can-bo/dang-xuat")
    login(client, admin.email)
    assert client.post("/phuong-lam/can-bo/phan-anh/linh-vuc", data={"name": "Trật tự đô thị",
                                                                      "active": "y"}).status_code == 302
    category = db.session.scalar(select(FeedbackCategory).where(FeedbackCategory.code == "pa-trat-tu-do-thi"))
    settle(category)
    client.post(f"/phuong-lam/can-bo/phan-anh/linh-vuc/{category.id}", data={"name": "Trật tự đô thị"})
    assert "Trật tự đô thị" not in client.get("/phuong-lam/phan-anh/gui").get_data(as_text=True)  # inactive
