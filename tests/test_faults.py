"""Calm under faults: the database away, the disk full, the search index deleted while serving."""

import errno
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from wardportal.dossiers.models import ApplicationDraft, Dossier, DraftFile
from wardportal.kernel import file_storage
from wardportal.kernel.extensions import db
from wardportal.site.page_cache import page_store

from .apply_support import APPLICANT, client, image_bytes, pdf_bytes, start_draft, stored_files, upload  # noqa: F401
from .postgres_support import postgres_app, postgres_url  # noqa: F401  (fixture)


@pytest.fixture
def online(make):
    """A ward with one guide residents can submit online."""
    ward = make.ward(slug="phuong-mot", hotline="0218 3852 000")
    procedure = make.procedure(ward, code="1.001193", title="Đăng ký khai sinh", online_level="full",
                               documents=["Tờ khai"])
    return ward, procedure


def test_database_locked_past_the_busy_timeout_gets_a_503_page_then_recovers(instance_path, client, online):
    """SQLite: another process holds the write lock for longer than the 5 s busy timeout."""
    ward, procedure = online
    blocker = sqlite3.connect(instance_path / "wardportal.db", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        page_store().clear()
        reading = client.get("/phuong-mot/thu-tuc/1.001193")
        assert reading.status_code == 200  # readers are not blocked by a writer (WAL)
        refused = client.post("/phuong-mot/thu-tuc/1.001193/nop-ho-so")
        assert refused.status_code == 503 and refused.headers["Retry-After"]
        page = refused.get_data(as_text=True)
        assert "Hệ thống tạm thời gián đoạn" in page and 'class="site-header"' in page
        assert "Traceback" not in page and "OperationalError" not in page
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert start_draft(client, ward, procedure)  # the same app answers again, no restart


def test_database_down_on_postgresql_gets_a_503_page_then_recovers(postgres_app):
    """PostgreSQL: connections refused and existing ones killed, then the database comes back."""
    with postgres_app.app_context():
        from tests.factories import Factories
        Factories().ward(slug="phuong-mot")
    web = postgres_app.test_client()
    assert web.get("/phuong-mot/danh-ba").status_code == 200
    url = make_url(postgres_url())
    # From the server's maintenance database: a database cannot refuse connections to itself.
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = url.database
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        try:
            connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                    "WHERE datname = :name"), {"name": name})
            with postgres_app.app_context():
                page_store().clear()  # pages kept in memory would still be served: ask for fresh ones
            for path in ("/phuong-mot/danh-ba", "/api/v1/wards/phuong-mot/procedures?q=khai"):
                response = web.get(path)
                assert response.status_code == 503, (path, response.status_code)
            assert "Hệ thống tạm thời gián đoạn" in web.get("/phuong-mot/").get_data(as_text=True)
        finally:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
    admin.dispose()
    assert web.get("/phuong-mot/danh-ba").status_code == 200


class _FullDisk:
    """A file whose writes fail with ENOSPC after a little data, as on a full disk (fault injection)."""

    def __init__(self, handle, room: int):
        self._handle, self._room = handle, room

    def write(self, data):
        if len(data) > self._room:
            self._handle.write(data[:self._room])
            self._room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self._room -= len(data)
        return self._handle.write(data)

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._handle.__exit__(*exc)


def test_disk_full_while_storing_refuses_clearly_and_the_draft_can_be_submitted_later(
        instance_path, client, online, monkeypatch):
    ward, procedure = online
    token = start_draft(client, ward, procedure)
    base = f"/{ward.slug}/nop-ho-so/{token}"
    assert client.post(f"{base}/thong-tin", data=dict(APPLICANT, action="continue")).status_code == 302
    real_temp_file = file_storage._temp_file
    monkeypatch.setattr(file_storage, "_temp_file",
                        lambda uploads, name: (lambda t, h: (t, _FullDisk(h, 100)))(*real_temp_file(uploads, name)))
    response = client.post(f"{base}/giay-to", data={"doc-0": upload(pdf_bytes(), "to-khai.pdf"),
                                                    "action": "continue"}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "hết chỗ lưu tệp" in response.get_data(as_text=True) and "to-khai.pdf" in response.get_data(as_text=True)
    assert stored_files(instance_path) == []  # no partial or temporary file left behind
    assert db.session.scalar(db.select(db.func.count()).select_from(DraftFile)) == 0
    monkeypatch.setattr(file_storage, "_temp_file", real_temp_file)  # room again
    response = client.post(f"{base}/giay-to", data={"doc-0": upload(pdf_bytes(), "to-khai.pdf"),
                                                    "action": "continue"}, content_type="multipart/form-data")
    assert response.status_code == 302
    assert client.post(f"{base}/nhan-ket-qua", data={"delivery_method": "office",
                                                      "action": "continue"}).status_code == 302
    assert client.post(f"{base}/nop").status_code == 302
    dossier = db.session.scalar(db.select(Dossier))
    assert dossier is not None and db.session.scalar(db.select(ApplicationDraft)).dossier_id == dossier.id
    for row in dossier.files:
        assert file_storage.sha256_of(file_storage.uploads_dir(instance_path), row.stored_name) == row.sha256


def test_receipt_not_stored_on_a_full_disk_still_submits(instance_path, client, online, monkeypatch):
    """The dossier is in even when the receipt cannot be written; the receipt comes when there is room."""
    ward, procedure = online
    token = start_draft(client, ward, procedure)
    base = f"/{ward.slug}/nop-ho-so/{token}"
    client.post(f"{base}/thong-tin", data=dict(APPLICANT, action="continue"))
    client.post(f"{base}/giay-to", data={"doc-0": upload(image_bytes(), "anh.jpg"), "action": "continue"},
                content_type="multipart/form-data")
    client.post(f"{base}/nhan-ket-qua", data={"delivery_method": "office", "action": "continue"})

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(file_storage, "_publish", full)
    response = client.post(f"{base}/nop")
    assert response.status_code == 302
    dossier = db.session.scalar(db.select(Dossier))
    assert [f.kind for f in dossier.files] == ["attachment"]
    assert not [p for p in stored_files(instance_path) if p.name.startswith(".tmp-")]


def test_search_index_deleted_while_serving_keeps_answering(app, client, online):
    _ward, _procedure = online
    page_store().clear()
    assert "1.001193" in client.get("/phuong-mot/tim-kiem?q=khai+sinh").text
    index_dir = Path(app.instance_path) / "search-index"
    assert index_dir.exists()
    shutil.rmtree(index_dir)
    page_store().clear()  # the page cache would hide the index: ask the index itself
    for path in ("/phuong-mot/tim-kiem?q=khai+sinh", "/phuong-mot/tim-kiem?q=sinh",
                 "/api/v1/wards/phuong-mot/procedures?q=khai+sinh"):
        response = client.get(path)
        assert response.status_code == 200 and "1.001193" in response.get_data(as_text=True), path
