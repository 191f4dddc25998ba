"""All or nothing: dossier creation is atomic, codes are unique under concurrency, files are served safely."""

import io
import re
import threading
from datetime import date, datetime, timezone

import pytest

from wardportal.dossiers import codes as dossier_codes, receipts, submissions
from wardportal.dossiers.models import ApplicationDraft, Dossier, DossierDayCounter, DossierFile
from wardportal.kernel import file_storage
from wardportal.kernel.extensions import db

from .apply_support import client  # noqa: F401  (fixture: ends the test's transactions)
from .apply_support import APPLICANT, fill_draft, image_bytes, pdf_bytes, start_draft, stored_files


class Crash(RuntimeError):
    """Stands for the process dying half-way through saving."""


def _counter_files():
    """Three scanned papers, as the desk would pass them."""
    return [(0, io.BytesIO(pdf_bytes("to khai")), "to-khai.pdf"),
            (1, io.BytesIO(image_bytes()), "giay-chung-sinh.jpg"),
            (1, io.BytesIO(image_bytes("PNG")), "trang-2.png")]


def test_counter_registration_stores_everything(app, make, instance_path):
    """A counter dossier: received at once (status 2), every file with its SHA-256, a due date."""
    ward = make.ward(unit_code="H40.25")
    procedure = make.procedure(ward, processing_days=2)
    now = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)  # Friday 10:00 in Vietnam
    dossier = submissions.register_counter_dossier(ward, procedure, dict(APPLICANT), _counter_files(), now=now)
    assert dossier.code == "H40.25-261120-0001" and dossier.channel == "counter"
    assert dossier.status == 2 and dossier.due_date == date(2026, 11, 24)  # Mon, Tue after the weekend
    assert [e.action for e in dossier.events] == ["submit", "receive"]
    uploads = file_storage.uploads_dir(instance_path)
    assert len(dossier.files) == 3
    for row in dossier.files:
        assert file_storage.sha256_of(uploads, row.stored_name) == row.sha256
    again = submissions.register_counter_dossier(ward, procedure, dict(APPLICANT), [], now=now,
                                                 submission_key="desk-1")
    assert again.code == "H40.25-261120-0002"
    assert submissions.register_counter_dossier(ward, procedure, dict(APPLICANT), [], now=now,
                                                submission_key="desk-1").id == again.id


def test_crash_while_storing_counter_files_leaves_nothing(app, make, instance_path, monkeypatch):
    """A failure while writing the second file: no dossier row, no file, and the code is not used up."""
    ward = make.ward(unit_code="H40.25")
    procedure = make.procedure(ward)
    real_publish, calls = file_storage._publish, []

    def publish_then_crash(*args):
        calls.append(1)
        if len(calls) == 2:
            raise Crash("disk gone")
        return real_publish(*args)

    monkeypatch.setattr(file_storage, "_publish", publish_then_crash)
    with pytest.raises(Crash):
        submissions.register_counter_dossier(ward, procedure, dict(APPLICANT), _counter_files())
    assert db.session.scalar(db.select(db.func.count(Dossier.id))) == 0
    assert db.session.scalar(db.select(db.func.count(DossierFile.id))) == 0
    assert stored_files(instance_path) == []
    monkeypatch.setattr(file_storage, "_publish", real_publish)
    dossier = submissions.register_counter_dossier(ward, procedure, dict(APPLICANT), _counter_files())
    assert dossier.code.endswith("-0001")


def test_refused_counter_file_leaves_nothing(app, make, instance_path):
    """A bad third file refuses the whole registration: the first two files are removed again."""
    ward = make.ward()
    procedure = make.procedure(ward)
    files = _counter_files()[:2] + [(1, io.BytesIO(b"<html></html>"), "scan.jpg")]
    with pytest.raises(file_storage.FileRefused):
        submissions.register_counter_dossier(ward, procedure, dict(APPLICANT), files)
    assert db.session.scalar(db.select(db.func.count(Dossier.id))) == 0
    assert stored_files(instance_path) == []


def test_crash_mid_online_submit_leaves_no_dossier_and_keeps_the_draft(client, make, instance_path, monkeypatch):
    """A crash while moving the draft's files to the dossier: no dossier, the draft intact, resubmit works."""
    ward = make.ward()
    procedure = make.procedure(ward)
    base = fill_draft(client, ward, start_draft(client, ward, procedure))
    before = stored_files(instance_path)
    real_hash, calls = file_storage.sha256_of, []

    def hash_then_crash(*args):
        calls.append(1)
        if len(calls) == 3:
            raise Crash("killed")
        return real_hash(*args)

    monkeypatch.setattr(file_storage, "sha256_of", hash_then_crash)
    with pytest.raises(Crash):
        client.post(f"{base}/nop")
    assert db.session.scalar(db.select(db.func.count(Dossier.id))) == 0
    assert db.session.scalar(db.select(DossierDayCounter)) is None
    assert len(db.session.scalar(db.select(ApplicationDraft)).files) == 4
    assert stored_files(instance_path) == before
    monkeypatch.setattr(file_storage, "sha256_of", real_hash)
    assert client.post(f"{base}/nop").status_code == 302
    dossier = db.session.scalar(db.select(Dossier))
    assert dossier.code.endswith("-0001") and len(dossier.files) == 5


def test_crash_while_storing_receipt_keeps_dossier_and_reissues_receipt(client, make, instance_path, monkeypatch):
    """The receipt is stored after the dossier: if that fails, the download issues it later, once."""
    ward = make.ward()
    procedure = make.procedure(ward)
    base = fill_draft(client, ward, start_draft(client, ward, procedure))

    def crash(*args, **kwargs):
        raise Crash("no space left")

    monkeypatch.setattr(file_storage, "store_made_here", crash)
    with pytest.raises(Crash):
        client.post(f"{base}/nop")
    dossier = db.session.scalar(db.select(Dossier))
    assert dossier is not None and receipts.stored_receipt(dossier) is None
    assert len(stored_files(instance_path)) == 4
    monkeypatch.undo()
    token = dossier.tracking_token
    # The crash came before the browser was remembered: the receipt (personal data) asks for the phone check.
    assert client.get(f"/{ward.slug}/ho-so/{token}/bien-nhan.pdf").status_code == 302
    client.post(f"/{ward.slug}/ho-so/{token}", data={"phone_suffix": "5678"})
    response = client.get(f"/{ward.slug}/ho-so/{token}/bien-nhan.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert client.get(f"/{ward.slug}/ho-so/{token}/bien-nhan.pdf").data == response.data
    assert db.session.scalar(db.select(db.func.count(DossierFile.id)).where(DossierFile.kind == "receipt")) == 1


def test_codes_unique_under_concurrent_submissions(app, make):
    """Eight threads with their own connections take 200 numbers of one ward's day: 1..200, no repeats."""
    ward = make.ward(unit_code="H40.25")
    ward_id, moment = ward.id, datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
    db.session.commit()  # the test's own session must not hold the write lock while the threads run
    codes, errors = [], []
    lock = threading.Lock()

    def worker():
        try:
            with app.app_context():
                target = db.session.get(type(ward), ward_id)
                db.session.commit()
                for _ in range(25):
                    code = dossier_codes.allocate_code(db.session, target, moment)
                    db.session.commit()
                    with lock:
                        codes.append(code)
                db.session.remove()
        except Exception as exc:  # noqa: BLE001 — reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(codes) == [f"H40.25-261123-{n:04d}" for n in range(1, 201)]


def test_code_format_and_vietnamese_day():
    """The day is Vietnam's (UTC+7), the number four digits and more past 9,999."""
    late_evening_utc = datetime(2026, 12, 31, 18, 30, tzinfo=timezone.utc)  # 01:30 on 1 Jan in Hà Nội
    assert dossier_codes.local_day(late_evening_utc) == date(2027, 1, 1)
    assert dossier_codes.format_code("H40.25", date(2027, 1, 1), 7) == "H40.25-270101-0007"
    assert dossier_codes.format_code("X", date(2027, 1, 1), 12345) == "X-270101-12345"
    assert dossier_codes.parse_code("H40.25-270101-0007") == ("H40.25", date(2027, 1, 1), 7)
    assert dossier_codes.parse_code("H40.25-271301-0007") is None
    with pytest.raises(ValueError):
        dossier_codes.format_code("H 40", date(2027, 1, 1), 1)


def test_stored_names_are_generated_and_outside_static(app, instance_path):
    """Files go to <instance>/uploads under random names; traversal names are refused when serving."""
    uploads = file_storage.uploads_dir(instance_path)
    stored = file_storage.store_upload(io.BytesIO(pdf_bytes()), "../../etc/passwd.pdf", uploads,
                                       file_storage.UploadLimits())
    assert re.fullmatch(r"[0-9a-f]{2}/[0-9a-f]{32}\.pdf", stored.stored_name)
    assert stored.original_name == "passwd.pdf"
    assert (uploads / stored.stored_name).is_file()
    assert "static" not in str(uploads.resolve())
    with pytest.raises(ValueError):
        file_storage.path_of(uploads, "../secret_key")


def test_served_file_is_an_unsniffable_attachment(app, instance_path):
    """Served as an attachment, nosniff, not cached, with the real type's extension."""
    uploads = file_storage.uploads_dir(instance_path)
    stored = file_storage.store_upload(io.BytesIO(image_bytes("PNG")), "anh.exe", uploads,
                                       file_storage.UploadLimits())
    assert stored.content_type == "image/png"
    with app.test_request_context():
        response = file_storage.send_stored(uploads, stored.stored_name, stored.original_name, stored.content_type)
        response.direct_passthrough = False
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Disposition"] == "attachment; filename=anh.png"
        assert "no-store" in response.headers["Cache-Control"]
        assert response.mimetype == "image/png"
        assert response.get_data() == (uploads / stored.stored_name).read_bytes()
        response.close()
