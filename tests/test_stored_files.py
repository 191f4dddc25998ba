"""Every stored file has an owner (issue 22): the registry, and check-storage never removing what a row names."""

import io
import os
import re
import time
from datetime import date, datetime, timezone

from sqlalchemy import JSON, LargeBinary, String, Text, select

from wardportal.approvals import drafts
from wardportal.approvals.drafts import Actor
from wardportal.catalogue.models import FormTemplate, Procedure
from wardportal.demo.loader import load_demo
from wardportal.desk.slip_documents import issue_slip
from wardportal.dossiers import receipts, submissions
from wardportal.dossiers.models import DossierFile
from wardportal.dossiers.status import DossierStatus
from wardportal.feedback.intake import store_photo, take_report
from wardportal.feedback.models import FeedbackReport
from wardportal.feedback.reports import categories
from wardportal.kernel import file_storage
from wardportal.kernel.extensions import db
from wardportal.operations import stored_files
from wardportal.operations.storage_check import check_storage
from wardportal.payments.fee_receipts import issue_fee_receipt
from wardportal.payments.ledger import record_payment
from wardportal.publications.models import Publication
from wardportal.staff.models import Ward

from .apply_support import client  # noqa: F401  (fixture: ends the test's transactions)
from .apply_support import APPLICANT, image_bytes, pdf_bytes, start_draft
from .payment_support import owing_dossier
from .postgres_support import fresh_postgres_app, postgres_url
from .staff_factories import make_staff
from .test_apply_case import _apply_for_birth
from .test_approval_signing import result_pdf
from .test_approvals import p12_key
from .workflow_factories import make_dossier

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=timezone.utc)

# Columns that look like stored-file references but are not, and why (any other must be registered).
NOT_STORED_FILES = {
    ("result_draft", "sha256"): "the hash of the DossierFile the draft names by file_id (registered there)",
    ("bank_statement", "sha256"): "the hash of an imported statement, which is read and not kept",
    ("leader_profile", "signature_png"): "a small image kept with its row, with no hash to check against",
    ("ward_seal", "seal_png"): "a small image kept with its row, with no hash to check against",
    ("signing_certificate", "certificate_der"): "a certificate kept with its row; its fingerprint column is the "
                                                "SHA-256 of these bytes, checked by every signature that uses it",
}


def _registered_columns() -> set[tuple[str, str]]:
    """(table, attribute) of every registered name, hash, size and data column."""
    found = set()
    for ref in stored_files.references():
        table = ref.model.__tablename__
        found |= {(table, name) for name in (ref.column, ref.sha256, ref.size) if name}
    return found


def test_every_column_that_looks_like_a_stored_file_is_registered(app):
    """By enumeration: names ending in stored_name, _name of a file, sha256, and every binary column."""
    registered = _registered_columns()
    for mapper in db.Model.registry.mappers:
        table = mapper.class_.__tablename__
        for prop in mapper.column_attrs:
            column, key = prop.columns[0], prop.key
            looks_like = (key.endswith(("stored_name", "sha256", "image_name", "pdf_name", "photo_name", "_path"))
                          or isinstance(column.type, LargeBinary))
            if looks_like:
                assert (table, key) in registered or (table, key) in NOT_STORED_FILES, \
                    f"{table}.{key} names or holds a stored file: mark it with columns.stored_file(...)"
    assert all(ref.sha256 for ref in stored_files.references())


def test_the_registry_is_built_from_the_models():
    """StoredFileColumns registers its models by construction; the other kinds are marked where declared."""
    kinds = {(ref.model.__tablename__, ref.column): ref.kind for ref in stored_files.references()}
    assert kinds == {("dossier_file", "stored_name"): "dossier file", ("draft_file", "stored_name"): "draft file",
                     ("publication", "pdf_name"): "publication PDF",
                     ("publication", "image_name"): "publication picture",
                     ("feedback_report", "photo_name"): "feedback photo", ("form_template", "data"): "blank form"}


def _public_downloads(client) -> dict[str, bytes]:
    """Every public file of every ward (documents' PDFs, news pictures, blank forms) and its bytes."""
    urls = []
    for pub in db.session.scalars(select(Publication).where(Publication.status == "published")):
        slug = pub.ward.slug
        if pub.pdf_name:
            urls.append(f"/{slug}/van-ban/{pub.id}/van-ban.pdf")
        if pub.image_name:
            urls.append(f"/{slug}/tin-tuc/{pub.id}/anh.jpg")
    for form in db.session.scalars(select(FormTemplate).join(Procedure)):
        urls.append(f"/{form.procedure.ward.slug}/thu-tuc/{form.procedure.code}/mau/{form.id}/{form.filename}")
    downloads = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        downloads[url] = response.data
    return downloads


def _store_something_of_every_kind(client, app):
    """The demo install, then every feature that stores a file, through its real operation or page."""
    load_demo(history=False)  # blank forms, news pictures, documents sealed by the ward (and their originals)
    ward = db.session.scalar(select(Ward).where(Ward.slug == "phuong-lam"))
    procedure = db.session.scalar(select(Procedure).where(Procedure.ward_id == ward.id,
                                                          Procedure.code == "1.001193"))
    # an online application: draft uploads passing to the dossier, the e-form declaration, the receipt
    base, _, _ = _apply_for_birth(client, ward, procedure, on_behalf=False)
    client.post(f"{base}/nhan-ket-qua", data={"delivery_method": "office", "action": "continue"})
    assert client.post(f"{base}/nop").status_code == 302
    # a draft still being filled in keeps its uploads
    token = start_draft(client, ward, procedure)
    client.post(f"/{ward.slug}/nop-ho-so/{token}/thong-tin", data=dict(APPLICANT, action="continue"))
    db.session.commit()
    draft = submissions.draft_by_token(ward, token)
    submissions.add_draft_file(draft, 1, io.BytesIO(pdf_bytes("nhap")), "nhap.pdf")
    db.session.commit()
    # a counter dossier: scanned papers, its receipt and the receiving slip
    counter = submissions.register_counter_dossier(
        ward, procedure, APPLICANT, [(1, io.BytesIO(pdf_bytes("giay chung sinh")), "chung-sinh.pdf")])
    receipts.issue_receipt(counter, "https://dvc.example.vn/")
    receive = next(event for event in counter.events if event.action == "receive")
    assert issue_slip(counter, receive, "https://dvc.example.vn/") is not None
    # a result drafted, approved by a leader and sealed
    officer, leader = make_staff(ward, "officer"), make_staff(ward, "leader", full_name="Nguyễn Văn Lãnh")
    processing = make_dossier(ward, status=int(DossierStatus.PROCESSING), received_at=NOW, due_date=date(2026, 11, 27))
    draft_row = drafts.send_draft(processing, Actor(officer), pdf=result_pdf(), filename="du-thao.pdf", now=NOW)
    key, _ = p12_key("Nguyễn Văn Lãnh", enrolled_for=(leader, ward))
    drafts.approve_draft(draft_row, Actor(leader), expected_sha256=draft_row.sha256, key=key, now=NOW)
    # a fee paid and its signed receipt
    owing = owing_dossier(ward)
    payment = record_payment(owing, amount=15000, method="cash", paid_on=date.today(), reference="",
                             actor=officer, ip_address="")
    issue_fee_receipt(payment, datetime.now(timezone.utc))
    # a resident's feedback with a photo
    take_report(ward, categories(ward)[0], "Đèn đường hỏng", now=datetime.now(timezone.utc),
                photo=store_photo(image_bytes(size=(320, 240))))
    db.session.commit()
    kinds = set(db.session.scalars(select(DossierFile.kind)))
    assert kinds >= {"attachment", "declaration", "receipt", "slip", "draft", "result", "fee_receipt"}, kinds
    assert db.session.scalar(select(FeedbackReport.photo_sha256)) != ""


def _files_on_disk(uploads) -> dict[str, bytes]:
    return {p.relative_to(uploads).as_posix(): p.read_bytes() for p in uploads.rglob("*") if p.is_file()}


def test_check_storage_at_safe_age_0_keeps_every_file_of_every_feature(client, app):
    """What the daily cron does, a day later: nothing referenced is removed, every public file still
    downloads with the same bytes, the report shows nothing missing, and every kind was checked."""
    _store_something_of_every_kind(client, app)
    uploads = file_storage.current_uploads()
    before_disk, before_public = _files_on_disk(uploads), _public_downloads(client)
    assert len(before_public) >= 14
    past = time.time() - 3 * 24 * 3600
    for path in uploads.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))
    result = app.test_cli_runner().invoke(args=["check-storage", "--safe-age", "0"])
    assert result.exit_code == 0, result.output
    assert "0 missing, 0 changed; removed 0 orphans" in result.output
    for kind in ("dossier file", "draft file", "publication PDF", "publication picture", "feedback photo",
                 "blank form", "signing key"):
        assert re.search(rf"\d+ {kind}\b", result.output), (kind, result.output)
    assert _files_on_disk(uploads) == before_disk
    assert _public_downloads(client) == before_public
    # every file on disk is owned by a row or kept by a publication revision
    owned = {o.stored_name for ref in stored_files.references() for o in stored_files.owned_files(ref)}
    assert set(before_disk) <= owned | stored_files.history_names()


def test_every_value_naming_a_stored_file_sits_in_a_registered_column(client, app):
    """By enumeration of the data every feature wrote: a column holding stored names is registered
    (a new kind of file stored without registering it fails here)."""
    _store_something_of_every_kind(client, app)
    registered = _registered_columns() | {("publication_revision", "snapshot")}
    for mapper in db.Model.registry.mappers:
        model = mapper.class_
        for prop in mapper.column_attrs:
            column = prop.columns[0]
            if not isinstance(column.type, (String, Text, JSON)):
                continue
            values = db.session.scalars(select(getattr(model, prop.key))).all()
            text = " ".join(str(value) for value in values if value is not None)
            if re.search(r"\b[0-9a-f]{2}/[0-9a-f]{32}\.(pdf|jpg|png)\b", text):
                assert (model.__tablename__, prop.key) in registered, f"{model.__tablename__}.{prop.key}"


def _orphan(uploads, letter: str, age: float):
    path = uploads / "ab" / (letter * 32 + ".pdf")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4 left behind")
    moment = time.time() - age
    os.utime(path, (moment, moment))
    return path


def test_only_old_unowned_files_are_removed_and_damage_is_reported_by_kind_and_owner(app, make, runner, client):
    """An old orphan goes, a young one stays; a deleted or changed owned file is reported with its owner."""
    load_demo(history=False)
    uploads = file_storage.current_uploads()
    old, young = _orphan(uploads, "a", 3 * 24 * 3600), _orphan(uploads, "b", 60)
    report = check_storage(uploads, safe_age=3600)
    assert report.healthy and report.orphans_removed == ["ab/" + "a" * 32 + ".pdf"] and report.young_kept == 1
    assert not old.exists() and young.exists()
    document = db.session.scalar(select(Publication).where(Publication.kind == "document").order_by(Publication.id))
    news = db.session.scalar(select(Publication).where(Publication.kind == "news").order_by(Publication.id))
    (uploads / document.pdf_name).unlink()
    (uploads / news.image_name).write_bytes(b"\xff\xd8 not the picture")
    form = db.session.scalar(select(FormTemplate).order_by(FormTemplate.id))
    form.data = b"changed in the database"
    db.session.commit()
    result = runner.invoke(args=["check-storage", "--safe-age", "0"])
    assert result.exit_code == 1
    assert f"MISSING publication PDF {document.id} (document, '{document.title}'): {document.pdf_name}" \
        in result.output
    assert f"CHANGED publication picture {news.id} (news, '{news.title}'): {news.image_name}" in result.output
    assert f"CHANGED blank form {form.id} (procedure_id {form.procedure_id}, '{form.title}')" in result.output


def test_a_missing_signing_key_is_reported(app, make):
    """The ward key's certificate without its private key (or the root CA gone) is missing, never removed."""
    ward = make.ward(name="Phường Phương Lâm")
    receipts.ward_signer(ward)
    keys = file_storage.files_root() / "keys"
    (keys / "wards" / ward.slug / "key.pem").unlink()
    (keys / "root-ca.pem").unlink()
    report = check_storage(file_storage.current_uploads(), safe_age=0)
    assert sorted(report.missing) == [
        "signing key (install root CA): keys/root-ca.pem",
        f"signing key (signing key of ward {ward.slug}): keys/wards/{ward.slug}/key.pem"]
    assert (keys / "wards" / ward.slug / "cert.pem").exists()


def test_check_storage_keeps_demo_files_on_postgresql(tmp_path):
    """PostgreSQL: the seeded publications' files and their unsigned originals survive --safe-age 0."""
    postgres_url()
    app = fresh_postgres_app(tmp_path / "pg")
    with app.app_context():
        load_demo(history=False)
        uploads = file_storage.current_uploads()
        before = _files_on_disk(uploads)
        result = app.test_cli_runner().invoke(args=["check-storage", "--safe-age", "0"])
        assert result.exit_code == 0, result.output
        assert "removed 0 orphans" in result.output and _files_on_disk(uploads) == before
        db.session.remove()
        db.engine.dispose()
