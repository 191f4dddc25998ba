"""Factories for workflow tests: dossiers in any status, created directly as rows."""

import itertools
import secrets
from datetime import datetime, timezone

import pytest

from wardportal.dossiers.models import Dossier, DossierFile
from wardportal.kernel.extensions import db

from .apply_support import pdf_bytes
from .conftest import FreshContextClient

_counter = itertools.count(1)

PHONE = "0912 345 678"
# A real (parseable) PDF: uploads are opened with a PDF parser before they are accepted.
PDF = pdf_bytes("giay chung sinh")


def snapshot(procedure=None, processing_days=3, documents=("Tờ khai đăng ký khai sinh", "Giấy chứng sinh")):
    """The procedure version a dossier keeps (what issue 6's submission stores)."""
    if procedure is not None:
        return {"code": procedure.code, "title": procedure.title, "field": procedure.field,
                "processing_days": procedure.processing_days, "fee": procedure.fee,
                "documents": [{"name": d.name, "original": d.original, "copies": d.copies}
                              for d in procedure.documents]}
    return {"code": "1.001193", "title": "Đăng ký khai sinh", "field": "Hộ tịch",
            "processing_days": processing_days, "fee": "Miễn lệ phí",
            "documents": [{"name": name, "original": True, "copies": 1} for name in documents]}


def make_dossier(ward, procedure=None, *, status=1, name="Trần Văn Bình", phone=PHONE, processing_days=3,
                 submitted_at=None, channel="online", **fields):
    """A dossier of `ward` in `status` (1 by default), committed."""
    n = next(_counter)
    dossier = Dossier(
        ward_id=ward.id, procedure_id=procedure.id if procedure else None,
        code=fields.pop("code", f"{ward.unit_code}-261123-{n:04d}"),
        tracking_token=secrets.token_urlsafe(24), status=status, channel=channel,
        procedure_snapshot=fields.pop("procedure_snapshot", snapshot(procedure, processing_days)),
        applicant_name=name, applicant_id_number=fields.pop("applicant_id_number", f"0010900{n:05d}"),
        applicant_phone=phone, applicant_email=fields.pop("applicant_email", "binh@example.vn"),
        applicant_address=fields.pop("applicant_address", "Số 5 ngõ 12 phố Lê Lợi"),
        delivery_method=fields.pop("delivery_method", "online"),
        submitted_at=submitted_at or datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc), **fields)
    db.session.add(dossier)
    db.session.commit()
    return dossier


def stored_file(app, dossier, data=PDF, kind="attachment",
                name="giay-chung-sinh.pdf", content_type="application/pdf", document_index=0, commit=True):
    """A file really stored under the instance's uploads folder and attached to the dossier."""
    from wardportal.kernel import file_storage

    uploads = file_storage.uploads_dir(app.instance_path)
    stored = file_storage.store_generated(data, name, content_type, uploads)
    row = DossierFile(kind=kind, document_index=document_index, document_name="Giấy chứng sinh",
                      original_name=stored.original_name, stored_name=stored.stored_name,
                      content_type=stored.content_type, size=stored.size, sha256=stored.sha256)
    if commit:
        row.dossier = dossier
        db.session.add(row)
        db.session.commit()
    return row


class ReleasingClient(FreshContextClient):
    """A client that first ends the test's own transaction.

    Reading a factory object after its commit opens a transaction which, outside a GET request, takes
    SQLite's write lock (BEGIN IMMEDIATE); the request would then wait for it until "database is locked".
    """

    def open(self, *args, **kwargs):
        db.session.commit()
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    """The test client, releasing the test's transaction before each request (import it to use it)."""
    app.test_client_class = ReleasingClient
    return app.test_client()
