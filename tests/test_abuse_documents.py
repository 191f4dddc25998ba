"""Issue 10, items 8–11, each written as the attack: hostile PDFs uploaded, junk appended to a signed
receipt, a badly signed result handed to mark_ready, slips downloaded again and again."""

import io
import re

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import copy_into_new_writer

from wardportal.dossiers import files as dossier_files, workflow
from wardportal.dossiers.models import Dossier, DossierFile, DraftFile
from wardportal.dossiers.receipts import ward_signer
from wardportal.dossiers.status import DossierStatus
from wardportal.dossiers.workflow import WorkflowError
from wardportal.kernel import file_storage, signature_policy, signing
from wardportal.kernel.extensions import db

from .apply_support import APPLICANT, pdf_bytes, start_draft, stored_files, upload
from .staff_factories import login, make_staff
from .workflow_factories import client, make_dossier  # noqa: F401  (client fixture)


def _with_root_entry(pdf: bytes, key: str, value) -> bytes:
    """The PDF with one more entry in its catalog, added as an incremental update."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    writer.root[generic.NameObject(key)] = value
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _javascript_action() -> generic.DictionaryObject:
    return generic.DictionaryObject({generic.NameObject("/S"): generic.NameObject("/JavaScript"),
                                     generic.NameObject("/JS"): generic.TextStringObject("app.alert(1)")})


def _encrypted(pdf: bytes) -> bytes:
    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(pdf)))
    writer.encrypt("mat-khau", "mat-khau")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _named_javascript(pdf: bytes) -> bytes:
    """JavaScript hidden in the catalog's /Names tree rather than in /OpenAction."""
    tree = generic.DictionaryObject({generic.NameObject("/Names"): generic.ArrayObject(
        [generic.TextStringObject("x"), _javascript_action()])})
    return _with_root_entry(pdf, "/Names", generic.DictionaryObject({generic.NameObject("/JavaScript"): tree}))


HOSTILE_PDFS = {
    "fake-pdf": (lambda: b"%PDF-1.7\n" + b"junk " * 200 + b"\n%%EOF\n", "bị hỏng"),
    "openaction-javascript": (lambda: _with_root_entry(pdf_bytes(), "/OpenAction", _javascript_action()),
                              "mã chạy tự động"),
    "names-javascript": (lambda: _named_javascript(pdf_bytes()), "mã chạy tự động"),
    "encrypted": (lambda: _encrypted(pdf_bytes()), "mật khẩu"),
}


@pytest.fixture
def draft_url(client, make):
    ward = make.ward()
    procedure = make.procedure(ward)
    token = start_draft(client, ward, procedure)
    base = f"/{ward.slug}/nop-ho-so/{token}"
    assert client.post(f"{base}/thong-tin", data=dict(APPLICANT, action="continue")).status_code == 302
    return base


@pytest.mark.parametrize("kind", sorted(HOSTILE_PDFS))
def test_item8_hostile_pdf_uploads_are_refused_and_nothing_is_stored(client, draft_url, instance_path, kind):
    make_pdf, message = HOSTILE_PDFS[kind]
    response = client.post(f"{draft_url}/giay-to", data={"doc-0": [upload(make_pdf(), "to-khai.pdf")],
                                                         "action": "upload"}, content_type="multipart/form-data")
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(DraftFile.id))) == 0
    assert stored_files(instance_path) == []


def test_item8_a_real_pdf_still_passes(client, draft_url):
    response = client.post(f"{draft_url}/giay-to", data={"doc-0": [upload(pdf_bytes(), "to-khai.pdf")],
                                                         "action": "upload"}, content_type="multipart/form-data")
    assert response.status_code == 302


def test_item8_supplements_are_checked_the_same_way(app, make):
    """The tracking page's supplement upload goes through the same parser (store_dossier_upload)."""
    dossier = make_dossier(make.ward(slug="phuong-mot"))
    with pytest.raises(file_storage.FileRefused):
        dossier_files.store_dossier_upload(dossier, io.BytesIO(_with_root_entry(pdf_bytes(), "/OpenAction",
                                                                                _javascript_action())),
                                          "bo-sung.pdf")
    db.session.rollback()
    assert db.session.get(Dossier, dossier.id).files == []


@pytest.fixture
def signed_receipt(app, make):
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    return signing.sign_pdf(pdf_bytes("phieu"), ward_signer(ward), reason="Tiếp nhận", location=ward.name)


@pytest.mark.parametrize("junk", [b"junk after the end", b"\n% a comment\n", b"x\nstartxref\n{xref}\n%%EOF\n"])
def test_item9_bytes_appended_after_the_signed_revision_are_reported(client, signed_receipt, junk):
    """The attack: append bytes after %%EOF (even a copied startxref pointing at the signed revision)."""
    xref = re.findall(rb"startxref\s+(\d+)", signed_receipt)[-1]
    tampered = signed_receipt + junk.replace(b"{xref}", xref)
    result = signature_policy.verify_pdf(tampered, client.application.instance_path)
    assert not result.valid and result.modified_after_signing and result.appended_bytes > 0
    page = client.post("/xac-thuc-van-ban", data={"document": (io.BytesIO(tampered), "phieu.pdf")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Không xác thực được văn bản" in page and "byte được thêm vào sau phần đã ký" in page
    assert signature_policy.verify_pdf(signed_receipt, client.application.instance_path).valid


@pytest.fixture
def processing(app, make):
    ward = make.ward(slug="phuong-mot")
    officer = make_staff(ward, "officer")
    dossier = make_dossier(ward)
    for step in (workflow.receive, workflow.start_processing):
        step(dossier, officer)
    return dossier, officer


def _foreign_signed(tmp_path) -> bytes:
    """A PDF signed by a ward certificate of another install (a root this install does not trust)."""
    other = signing.load_ward_signer(tmp_path / "other-install", "phuong-la", "Phường Lạ")
    return signing.sign_pdf(pdf_bytes("ket qua gia"), other, reason="Kết quả", location="Phường Lạ")


def test_item10_mark_ready_refuses_untrusted_tampered_or_extended_signed_results(app, processing, tmp_path):
    dossier, officer = processing
    genuine = signing.sign_pdf(pdf_bytes("ket qua"), ward_signer(dossier.ward), reason="Kết quả",
                               location=dossier.ward.name)
    flipped = bytearray(genuine)
    flipped[genuine.index(b"ket qua")] ^= 0x01
    for hostile in (_foreign_signed(tmp_path), bytes(flipped), genuine + b"appended junk"):
        with pytest.raises(WorkflowError):
            workflow.mark_ready(dossier, officer, result_pdf=hostile)
        db.session.rollback()
        fresh = db.session.get(Dossier, dossier.id)
        assert fresh.status == DossierStatus.PROCESSING and not [f for f in fresh.files if f.kind == "result"]
    event = workflow.mark_ready(dossier, officer, result_pdf=genuine)
    assert event.details["signed_by_ward"] is False and dossier.status == DossierStatus.READY


def test_item10_the_desk_form_says_why_and_records_nothing(client, app, processing, tmp_path):
    dossier, officer = processing
    login(client, officer.email)
    response = client.post(f"/phuong-mot/can-bo/ho-so/{dossier.id}/xu-ly/mark_ready",
                           data={"mark_ready-result": (io.BytesIO(_foreign_signed(tmp_path)), "kq.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and "chữ ký số không hợp lệ" in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(Dossier, dossier.id).status == DossierStatus.PROCESSING


def test_item11_a_slip_is_issued_once_and_the_stored_copy_is_served(client, app, processing):
    """The attack: download the slip again and again (and after the stored file was swapped on disk)."""
    dossier, officer = processing
    event = next(e for e in dossier.events if e.action == "receive")
    login(client, officer.email)
    url = f"/phuong-mot/can-bo/ho-so/{dossier.id}/phieu/{event.id}"
    first, second = client.get(url), client.get(url)
    assert first.status_code == 200 and first.data.startswith(b"%PDF") and first.data == second.data
    db.session.rollback()
    rows = db.session.scalars(db.select(DossierFile).where(DossierFile.event_id == event.id)).all()
    assert len(rows) == 1 and rows[0].kind == "slip"
    uploads = file_storage.uploads_dir(app.instance_path)
    assert file_storage.sha256_of(uploads, rows[0].stored_name) == rows[0].sha256
    assert signature_policy.verify_pdf(first.data, app.instance_path).valid
    # a copy changed on disk is never served as the issued slip
    file_storage.path_of(uploads, rows[0].stored_name).write_bytes(first.data + b"x")
    assert client.get(url).status_code == 500
