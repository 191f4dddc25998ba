"""Nothing let in: every refusal of the issue, each with a clear message and nothing stored."""

import struct
import zlib

import pytest

from wardportal.dossiers.models import ApplicationDraft, Dossier, DraftFile
from wardportal.kernel.extensions import db

from .apply_support import client  # noqa: F401  (fixture: ends the test's transactions)
from .apply_support import APPLICANT, fill_draft, image_bytes, pdf_bytes, start_draft, stored_files, upload


@pytest.fixture
def app_settings():
    """Small limits so the tests stay fast: 4 KB a file, 10 KB a dossier, 3 files, 10,000 pixels."""
    return {"MAX_FILE_BYTES": 4096, "MAX_DOSSIER_BYTES": 10_000, "MAX_DOSSIER_FILES": 3,
            "MAX_IMAGE_PIXELS": 10_000}


@pytest.fixture
def draft_url(client, make):
    """A fresh draft's base URL, with the applicant step done."""
    ward = make.ward()
    procedure = make.procedure(ward)
    token = start_draft(client, ward, procedure)
    base = f"/{ward.slug}/nop-ho-so/{token}"
    assert client.post(f"{base}/thong-tin", data=dict(APPLICANT, action="continue")).status_code == 302
    return base


def png_header_bomb(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture (a decompression bomb's calling card)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
            + chunk(b"IEND", b""))


def _upload(client, base, data: bytes, name: str, slot: int = 0, action: str = "upload"):
    """Post one file into a slot."""
    return client.post(f"{base}/giay-to", data={f"doc-{slot}": [upload(data, name)], "action": action},
                       content_type="multipart/form-data")


def _nothing_stored(instance_path) -> None:
    """No upload row and no file (not even a temporary one) in uploads/."""
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(DraftFile.id))) == 0
    assert stored_files(instance_path) == []


ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200
WINDOWS_EXE = b"MZ\x90\x00\x03" + b"\x00" * 200
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'


@pytest.mark.parametrize("data, name, message", [
    (WINDOWS_EXE, "to-khai.pdf", "không phải PDF, JPEG hoặc PNG"),
    (ELF, "giay-chung-sinh.pdf", "không phải PDF, JPEG hoặc PNG"),
    (HTML, "anh.jpg", "không phải PDF, JPEG hoặc PNG"),
    (SVG, "anh.jpg", "không phải PDF, JPEG hoặc PNG"),
    (b"", "trong.pdf", "rỗng"),
    (b"%PDF-1.4\n" + b"x" * 5000, "to.pdf", "lớn hơn"),
    (b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "cut.pdf", "bị hỏng hoặc chưa tải lên hết"),
    (image_bytes("PNG", (200, 100)), "anh-lon.png", "quá lớn"),
    (png_header_bomb(100_000, 100_000), "bom.png", "quá lớn"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 100, "hong.jpg", "bị hỏng"),
], ids=["exe-as-pdf", "elf-as-pdf", "html-as-jpg", "svg-as-jpg", "empty", "over-size", "truncated-pdf",
        "over-pixels", "decompression-bomb", "broken-jpeg"])
def test_bad_file_refused_with_message_and_nothing_stored(client, draft_url, instance_path, data, name, message):
    """Content decides, not the name: each bad file is refused, named, and leaves nothing behind."""
    response = _upload(client, draft_url, data, name)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page and name in page
    assert "<title>Lỗi: " in page and 'class="error-summary"' in page and 'href="#doc-0"' in page
    _nothing_stored(instance_path)


def test_dossier_total_size_refused(client, draft_url, instance_path):
    """A file that would take the dossier over its total is refused; the earlier ones stay."""
    first = pdf_bytes("a" * 3500)
    assert len(first) < 4096
    assert _upload(client, draft_url, first, "a.pdf").status_code == 302
    assert _upload(client, draft_url, first, "b.pdf").status_code == 302
    response = _upload(client, draft_url, first, "c.pdf", slot=1)
    assert response.status_code == 400 and "tổng dung lượng hồ sơ" in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(DraftFile.id))) == 2
    assert len(stored_files(instance_path)) == 2


def test_too_many_files_refused(client, draft_url, instance_path):
    """The fourth file of a 3-file dossier is refused and not stored."""
    for n in range(3):
        assert _upload(client, draft_url, image_bytes(), f"{n}.jpg").status_code == 302
    response = _upload(client, draft_url, image_bytes(), "3.jpg", slot=1)
    assert response.status_code == 400 and "tối đa 3 tệp" in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(DraftFile.id))) == 3
    assert len(stored_files(instance_path)) == 3


def test_good_file_kept_when_another_is_refused(client, draft_url, instance_path):
    """One good and one bad file in one post: the good one is kept and shown again, the bad one named."""
    response = client.post(f"{draft_url}/giay-to", content_type="multipart/form-data", data={
        "doc-0": [upload(image_bytes(), "giay-to-tot.jpg")], "doc-1": [upload(HTML, "xau.jpg")],
        "action": "continue"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "giay-to-tot.jpg" in page and "xau.jpg" in page
    db.session.rollback()
    assert [f.original_name for f in db.session.scalars(db.select(DraftFile))] == ["giay-to-tot.jpg"]
    assert len(stored_files(instance_path)) == 1


@pytest.mark.parametrize("field, value, message", [
    ("citizen_id", "12345678901", "đúng 12 chữ số"),
    ("citizen_id", "00119001234A", "đúng 12 chữ số"),
    ("citizen_id", "999190012345", "mã tỉnh"),
    ("citizen_id", "001085012345", "năm sinh"),
    ("phone", "0123", "số điện thoại di động"),
    ("phone", "0112345678", "số điện thoại di động"),
    ("phone", "091234567890", "số điện thoại di động"),
    ("email", "khong-phai-email", "thư điện tử"),
    ("birth_date", "31/02/1990", "ngày có thật"),
    ("full_name", "", "Nhập họ và tên"),
])
def test_malformed_applicant_details_refused_and_typed_values_kept(client, make, field, value, message):
    """Server-side checks: error summary, "Lỗi: " title, the message by the field, and what was typed."""
    ward = make.ward()
    token = start_draft(client, ward, make.procedure(ward))
    typed = dict(APPLICANT, **{field: value})
    response = client.post(f"/{ward.slug}/nop-ho-so/{token}/thong-tin", data=dict(typed, action="continue"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>Lỗi: " in page and 'class="error-summary"' in page and f'href="#{field}"' in page
    assert message in page
    assert 'aria-invalid="true"' in page
    for name, text in typed.items():
        if text:
            assert text in page, name
    db.session.rollback()
    assert db.session.scalar(db.select(ApplicationDraft)).answers[field] == value


@pytest.mark.parametrize("phone", ["0912345678", "091 234 5678", "+84 912 345 678", "0218 3852 123",
                                   "0912.345.678"])
def test_vietnamese_mobile_and_landline_numbers_accepted(client, make, phone):
    """Mobile numbers in the usual spellings and landlines with an area code are accepted."""
    ward = make.ward()
    token = start_draft(client, ward, make.procedure(ward))
    response = client.post(f"/{ward.slug}/nop-ho-so/{token}/thong-tin",
                           data=dict(APPLICANT, phone=phone, action="continue"))
    assert response.status_code == 302


def test_missing_required_document_refused_at_each_step(client, make, instance_path):
    """Without a file for every required paper, neither the documents step nor the final submit goes on."""
    ward = make.ward()
    procedure = make.procedure(ward, documents=["Tờ khai", "Giấy chứng sinh", "Giấy đăng ký kết hôn"])
    token = start_draft(client, ward, procedure)
    base = fill_draft(client, ward, token, documents=3, per_slot=1)
    # take the only files of the second paper out again
    draft = db.session.scalar(db.select(ApplicationDraft))
    for row in [f for f in draft.files if f.document_index == 1]:
        client.post(f"{base}/giay-to/{row.id}/xoa")
    response = client.post(f"{base}/giay-to", data={"action": "continue"}, content_type="multipart/form-data")
    assert response.status_code == 400 and "Tải lên “Giấy chứng sinh”" in response.get_data(as_text=True)
    review = client.get(f"{base}/kiem-tra").get_data(as_text=True)
    assert "Chưa tải lên" in review and "Đồng ý và nộp hồ sơ" not in review
    response = client.post(f"{base}/nop")
    assert response.status_code == 400 and "Giấy chứng sinh" in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(Dossier.id))) == 0
    assert len(stored_files(instance_path)) == 2  # the draft keeps its other uploads


def test_procedure_not_open_online_refused(client, make):
    """An information-only procedure opens no draft; one closed after the draft began cannot be submitted."""
    ward = make.ward()
    offline = make.procedure(ward, online_level="none")
    assert client.post(f"/{ward.slug}/thu-tuc/{offline.code}/nop-ho-so").status_code == 403
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(ApplicationDraft.id))) == 0

    online = make.procedure(ward)
    base = fill_draft(client, ward, start_draft(client, ward, online), per_slot=1)
    db.session.get(type(online), online.id).online_level = "none"
    db.session.commit()
    response = client.post(f"{base}/nop")
    assert response.status_code == 400 and "không nhận hồ sơ trực tuyến" in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(Dossier.id))) == 0


def test_unknown_draft_token_is_404(client, make):
    """A guessed resume link finds nothing, and another ward's draft is not reachable."""
    ward, other = make.ward(), make.ward()
    token = start_draft(client, ward, make.procedure(ward))
    assert client.get(f"/{ward.slug}/nop-ho-so/{'A' * 43}/thong-tin").status_code == 404
    assert client.get(f"/{other.slug}/nop-ho-so/{token}/thong-tin").status_code == 404
