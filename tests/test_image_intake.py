"""One image intake: a pixel budget checked from the header, JPEG draft decoding, and no decoding while SQLite's
write lock is held — proved over every place the code opens an image and every image-accepting upload."""

import io
import re
import sqlite3
import threading
import time
import tracemalloc
import zlib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from PIL import Image

import wardportal
from wardportal.api.keys import create_client
from wardportal.feedback.models import FeedbackReport
from wardportal.feedback.reports import save_category
from wardportal.kernel import image_intake
from wardportal.kernel.extensions import db

from .lock_timers import WriteLockTimer
from .staff_factories import login, make_staff, settle, unexpiring_session  # noqa: F401  (autouse fixture)

SOURCE = Path(wardportal.__file__).parent
BUDGET = image_intake.Budget()


def bomb_png(side=8900) -> bytes:
    """A valid grey PNG of side×side pixels, all zero: ~77 KB on disk, 79 megapixels once decoded."""
    row = b"\x00" + b"\x00" * side
    raw = zlib.compress(row * side, 9)

    def chunk(kind, data):
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = side.to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def phone_jpeg(size=(8000, 6000)) -> bytes:
    """A 48-megapixel phone photo (JPEG)."""
    out = io.BytesIO()
    Image.linear_gradient("L").resize(size).convert("RGB").save(out, "JPEG", quality=80)
    return out.getvalue()


def big_png(size=(4000, 3000)) -> bytes:
    """A 12-megapixel PNG within the decode budget: real CPU work to decode (~0.3 s)."""
    out = io.BytesIO()
    gradient = Image.linear_gradient("L").resize(size)
    Image.merge("RGB", (gradient, gradient.transpose(Image.Transpose.ROTATE_180), gradient)).save(out, "PNG")
    return out.getvalue()


def test_the_decompression_bomb_is_refused_from_its_header_quickly_and_in_little_memory():
    data = bomb_png()
    assert 60_000 < len(data) < 100_000
    tracemalloc.start()
    cpu = time.process_time()
    with pytest.raises(image_intake.ImageRefused) as refused:
        image_intake.clean(data, ("JPEG", "PNG", "WEBP"), BUDGET, 2000)
    cpu = time.process_time() - cpu
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert refused.value.reason == "too_big"
    assert cpu < 0.05 and peak < 5_000_000


def test_a_48_megapixel_jpeg_is_decoded_at_reduced_scale():
    data = phone_jpeg()
    cpu = time.process_time()
    cleaned = image_intake.clean(data, ("JPEG",), BUDGET, 2000)
    assert time.process_time() - cpu < 1.0
    assert (cleaned.width, cleaned.height) == (2000, 1500)
    with pytest.raises(image_intake.ImageRefused):  # above MAX_IMAGE_PIXELS even a JPEG is refused
        image_intake.clean(data, ("JPEG",), image_intake.Budget(max_pixels=40_000_000), 2000)
    with pytest.raises(image_intake.ImageRefused):  # a PNG above the decode budget has no draft mode
        image_intake.clean(big_png((1000, 1000)), ("PNG",), image_intake.Budget(decoded_pixels=500_000), 2000)


def test_only_the_intake_opens_images():
    """Every place the portal opens a picture is image_intake: a new ``Image.open`` elsewhere fails here."""
    openers = sorted(str(path.relative_to(SOURCE)) for path in SOURCE.rglob("*.py")
                     if re.search(r"Image\.open\(|\.draft\(|ImageFile\.Parser", path.read_text(encoding="utf-8")))
    assert openers == ["kernel/image_intake.py"]


# Every upload field of the portal, and what takes its file in: image fields go through the intake (their
# module calls it), the others accept no image. A new FileField or request.files read fails until listed here.
UPLOADS = {
    ("feedback/forms.py", "photo"): "feedback/photos.py",
    ("open311/views.py", "media"): "feedback/photos.py",
    ("publications/forms.py", "picture"): "publications/media.py",
    ("approvals/forms.py", "signature"): "approvals/pdf_signatures.py",
    ("approvals/forms.py", "seal"): "approvals/pdf_signatures.py",
    ("apply/views.py", "doc-"): "kernel/file_storage.py",       # dossier scans: measured and verified, never decoded
    ("apply/views.py", "document"): "kernel/file_storage.py",
    ("desk/views_counter.py", "doc-"): "kernel/file_storage.py",
    ("track/forms.py", "file"): "kernel/file_storage.py",
    ("publications/forms.py", "pdf"): None,               # PDF only
    ("approvals/forms.py", "draft"): None,                # PDF only
    ("approvals/forms.py", "pkcs12"): None,               # a key file
    ("approvals/forms.py", "certificate"): None,          # a certificate or a key file: only its certificate is kept
    ("approvals/forms.py", "root"): None,                 # a CA certificate for the trust list (kernel/trust_list.py)
    ("catalogue/forms.py", "file"): None,                 # PDF/DOC/ODT forms
    ("desk/forms.py", "result"): None,                    # PDF only
    ("payments/forms.py", "file"): None,                  # CSV statements
    ("publications/views_staff.py", "files"): "publications/media.py",  # reads the form's picture/pdf
}


def test_every_upload_is_listed_and_every_image_upload_goes_through_the_intake():
    found = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        where = str(path.relative_to(SOURCE))
        found |= {(where, name) for name in re.findall(r"^\s*(\w+) = FileField\(", text, re.M)}
        found |= {(where, name) for name in re.findall(r"request\.files\.(?:get|getlist)\(f?\"([\w-]+)", text)}
        if re.search(r"= request\.files\s*$", text, re.M):
            found.add((where, "files"))
    assert found == set(UPLOADS)
    for (_where, _name), intake_module in UPLOADS.items():
        if intake_module:
            assert "image_intake" in (SOURCE / intake_module).read_text(encoding="utf-8"), intake_module


# ---------------------------------------------------------------- the image-accepting routes, end to end

@pytest.fixture
def ward(make):
    ward = make.ward(slug="phuong-lam")
    save_category(ward, "Môi trường")
    _, ward.key = create_client(ward, "Ứng dụng phản ánh", datetime(2026, 11, 23, tzinfo=timezone.utc))
    db.session.commit()
    settle(ward)
    return ward


def _feedback(client, photo):
    return client.post("/phuong-lam/phan-anh/gui", content_type="multipart/form-data", data={
        "category": "pa-moi-truong", "description": "Rác ùn ứ", "photo": (io.BytesIO(photo), "anh.png")})


def _open311(client, key, photo):
    return client.post("/open311/v2/requests.json", headers={"X-API-Key": key}, data={
        "jurisdiction_id": "phuong-lam", "service_code": "pa-moi-truong", "description": "Rác ùn ứ",
        "media": (io.BytesIO(photo), "anh.png")}, content_type="multipart/form-data")


def _publication(client, photo):
    return client.post("/phuong-lam/can-bo/cong-bo/moi/tin-tuc", content_type="multipart/form-data", data={
        "title": "Ra quân vệ sinh môi trường", "summary": "", "body": "Nội dung", "field": "",
        "picture": (io.BytesIO(photo), "anh.png")})


def _seal(client, photo):
    return client.post("/phuong-lam/can-bo/con-dau", content_type="multipart/form-data",
                       data={"seal": (io.BytesIO(photo), "dau.png")})


def test_every_image_route_refuses_the_bomb_without_holding_the_write_lock(app, client, ward):
    """The 8900×8900 PNG through each image upload route: refused, and no write transaction over 100 ms."""
    admin = make_staff(ward, roles=("admin", "editor"))
    bomb = bomb_png()
    staff = app.test_client()
    login(staff, admin.email)  # before timing: sign-in hashes the password inside its transaction (not ours)
    with WriteLockTimer(db.engine) as timer:
        assert _feedback(client, bomb).status_code == 400
        refused = _open311(client, ward.key, bomb)
        assert refused.status_code == 400 and "lớn" in refused.get_json()[0]["description"]
        client = staff
        publication = _publication(client, bomb)
        assert publication.status_code in (400, 422) and "quá lớn" in publication.text
        assert _seal(client, bomb).status_code == 400
    timer.assert_short()
    assert db.session.scalar(db.select(db.func.count()).select_from(FeedbackReport)) == 0


def test_a_big_photo_is_decoded_outside_the_lock_while_another_resident_writes(app, client, ward, instance_path):
    """A 12 MP PNG (decoded for real) through the form and Open311; meanwhile another writer is never kept waiting."""
    photo = big_png()
    results, stop = [], threading.Event()

    def upload():
        with app.app_context():
            other = app.test_client()
            results.append(_feedback(other, photo).status_code)
            results.append(_open311(other, ward.key, photo).status_code)
        stop.set()

    waits = []
    with WriteLockTimer(db.engine) as timer:
        thread = threading.Thread(target=upload)
        thread.start()
        while not stop.is_set():
            # a second process's write: BEGIN IMMEDIATE with a timeout far under the decoding time
            writer = sqlite3.connect(instance_path / "wardportal.db", timeout=0.2, isolation_level=None)
            began = time.perf_counter()
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("UPDATE ward SET hotline = hotline WHERE id = ?", (ward.id,))
            writer.execute("COMMIT")
            waits.append(time.perf_counter() - began)
            writer.close()
            time.sleep(0.01)
        thread.join(30)
    assert results == [302, 201]
    assert len(waits) > 5 and max(waits) < 0.2
    timer.assert_short()
    assert db.session.scalar(db.select(db.func.count()).select_from(FeedbackReport)
                             .where(FeedbackReport.photo_name.is_not(None))) == 2
