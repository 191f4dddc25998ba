"""Helpers for the online-submission tests: sample files, a filled-in applicant, the steps as a client."""

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from wardportal.kernel.extensions import db

APPLICANT = {
    "full_name": "Nguyễn Thị Hằng",
    "citizen_id": "001190012345",  # Hà Nội (001), woman born in the 1900s (1), 1990 (90)
    "birth_date": "27/03/1990",
    "phone": "0912 345 678",
    "email": "hang@example.vn",
    "address": "Tổ 5, phường Phương Lâm, tỉnh Phú Thọ",
}


@pytest.fixture
def client(client):
    """The shared client, but the test's own session ends its transaction around every request.

    With SQLite, a transaction left open by the test (reloading an object after a commit) would hold the
    write lock or an old snapshot while the request runs; ending it makes tests see what requests did.
    """
    original = client.open

    def open_ending_transactions(*args, **kwargs):
        db.session.commit()
        try:
            return original(*args, **kwargs)
        finally:
            db.session.commit()

    client.open = open_ending_transactions
    return client


def pdf_bytes(text: str = "giay to") -> bytes:
    """A small but well-formed PDF."""
    body = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    return pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                             b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                             b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"])


def pdf_from_objects(objects: list[bytes], version: bytes = b"1.4") -> bytes:
    """A PDF file of ``objects`` (numbered 1, 2, ... in order; object 1 is the catalog), with its xref table."""
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-" + version + b"\n")
    for number, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def image_bytes(fmt: str = "JPEG", size=(64, 48)) -> bytes:
    """A small photo-like image."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, fmt)
    return buffer.getvalue()


def upload(data: bytes, name: str):
    """A (stream, filename) pair as the test client wants it for a file field."""
    return (io.BytesIO(data), name)


def stored_files(instance_path) -> list[Path]:
    """Every file under uploads/ (temporary ones included)."""
    root = Path(instance_path) / "uploads"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def start_draft(client, ward, procedure) -> str:
    """Open a draft through the start button; return its token."""
    response = client.post(f"/{ward.slug}/thu-tuc/{procedure.code}/nop-ho-so")
    assert response.status_code == 302, response.status_code
    return re.search(r"/nop-ho-so/([^/]+)/thong-tin", response.headers["Location"])[1]


def fill_draft(client, ward, token, documents: int = 2, applicant=None, delivery="office", per_slot: int = 2):
    """Go through the applicant, documents and delivery steps without JavaScript."""
    base = f"/{ward.slug}/nop-ho-so/{token}"
    response = client.post(f"{base}/thong-tin", data=dict(applicant or APPLICANT, action="continue"))
    assert response.status_code == 302, response.get_data(as_text=True)
    files = {f"doc-{i}": [upload(pdf_bytes(f"trang {i}"), f"giay-to-{i}.pdf"),
                          upload(image_bytes(), f"anh-{i}.jpg")][:per_slot] for i in range(documents)}
    response = client.post(f"{base}/giay-to", data=dict(files, action="continue"),
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    response = client.post(f"{base}/nhan-ket-qua", data={"delivery_method": delivery, "action": "continue"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return base
