"""The signed receipt: PAdES checked by pyHanko and by poppler, QR code to the tracking link, verify page."""

import io
import subprocess
import unicodedata

import segno
from PIL import Image

from wardportal.dossiers.models import Dossier
from wardportal.kernel import signature_policy
from wardportal.kernel.extensions import db

from .apply_support import APPLICANT, client, fill_draft, start_draft  # noqa: F401


def _submitted(client, make):
    """Submit one dossier online; return it and its receipt bytes as downloaded."""
    ward = make.ward(name="Phường Phương Lâm", unit_code="H40.25")
    procedure = make.procedure(ward, title="Đăng ký khai sinh")
    base = fill_draft(client, ward, start_draft(client, ward, procedure))
    assert client.post(f"{base}/nop").status_code == 302
    dossier = db.session.scalar(db.select(Dossier))
    response = client.get(f"/{ward.slug}/ho-so/{dossier.tracking_token}/bien-nhan.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    return dossier, response.data


def _pdfsig(tmp_path, data: bytes) -> str:
    """poppler's independent verdict (certificate trust not checked: it uses its own NSS store)."""
    path = tmp_path / "check.pdf"
    path.write_bytes(data)
    run = subprocess.run(["pdfsig", "-nocert", str(path)], capture_output=True, text=True, timeout=30)
    return run.stdout + run.stderr


def _append_page(pdf: bytes) -> bytes:
    """Add a blank page as an incremental update, as a forger would after signing."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    writer.insert_page(generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Page"), pdf_name("/Resources"): generic.DictionaryObject(),
        pdf_name("/MediaBox"): generic.ArrayObject([generic.NumberObject(n) for n in (0, 0, 595, 842)])}))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_receipt_is_signed_by_the_ward_for_pyhanko_and_pdfsig(client, make, instance_path, tmp_path):
    """The receipt validates with pyHanko against this install's wards, and with pdfsig."""
    dossier, pdf = _submitted(client, make)
    result = signature_policy.verify_pdf(pdf, instance_path)
    assert result.valid and result.intact and result.trusted and not result.modified_after_signing
    assert result.ward_slug == dossier.ward.slug
    report = _pdfsig(tmp_path, pdf)
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report


def test_receipt_text_and_qr_code(client, make, tmp_path):
    """Vietnamese text as extracted by poppler; the only image is the QR code of the tracking link."""
    dossier, pdf = _submitted(client, make)
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    text = unicodedata.normalize("NFC", subprocess.run(["pdftotext", "-layout", str(path), "-"],
                                                       capture_output=True, text=True, timeout=30).stdout)
    for expected in (dossier.code, "PHIẾU TIẾP NHẬN HỒ SƠ", APPLICANT["full_name"], "Đăng ký khai sinh",
                     "Giấy chứng sinh", dossier.due_date.strftime("%d")):
        assert expected in text, expected
    url = f"http://localhost/{dossier.ward.slug}/ho-so/{dossier.tracking_token}"
    assert url in text.replace("\n", "").replace(" ", "")
    subprocess.run(["pdfimages", "-png", str(path), str(tmp_path / "img")], check=True, timeout=30)
    images = sorted(tmp_path.glob("img-*.png"))
    assert len(images) == 1
    picture = Image.open(images[0]).convert("L")
    matrix = segno.make(url, error="m").matrix
    scale = picture.width // (len(matrix) + 4)
    for row, bits in enumerate(matrix):
        for col, bit in enumerate(bits):
            dark = picture.getpixel(((col + 2) * scale + scale // 2, (row + 2) * scale + scale // 2)) < 128
            assert dark == bool(bit), (row, col)


def test_changed_byte_and_appended_page_are_caught(client, make, instance_path, tmp_path):
    """A flipped byte in the signed content, or a page added after signing, is reported."""
    _, pdf = _submitted(client, make)
    tampered = bytearray(pdf)
    spot = pdf.index(b"stream\n") + 20  # inside the first content stream, covered by the signature
    tampered[spot] ^= 0x01
    result = signature_policy.verify_pdf(bytes(tampered), instance_path)
    assert not result.valid and not result.intact
    assert "Digest Mismatch" in _pdfsig(tmp_path, bytes(tampered))
    extended = _append_page(pdf)
    result = signature_policy.verify_pdf(extended, instance_path)
    assert not result.valid and result.modified_after_signing


def test_verification_page(client, make):
    """The public page says who signed a genuine receipt, and refuses a changed or unsigned file."""
    dossier, pdf = _submitted(client, make)

    def check(data: bytes):
        return client.post("/xac-thuc-van-ban", data={"document": (io.BytesIO(data), "phieu.pdf")},
                           content_type="multipart/form-data")

    page = check(pdf).get_data(as_text=True)
    assert "Chữ ký số hợp lệ" in page and "Phường Phương Lâm" in page
    page = check(_append_page(pdf)).get_data(as_text=True)
    assert "Không xác thực được văn bản" in page and "sửa đổi hoặc bổ sung sau khi ký" in page
    page = check(b"%PDF-1.4 not really").get_data(as_text=True)
    assert "Không xác thực được văn bản" in page
    response = client.post("/xac-thuc-van-ban", data={}, content_type="multipart/form-data")
    assert response.status_code == 400 and "<title>Lỗi: " in response.get_data(as_text=True)
    assert client.get("/xac-thuc-van-ban").status_code == 200
