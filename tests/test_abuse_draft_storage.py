"""Issue 10, item 14: anonymous drafts cannot fill the disk. Storage is capped per draft and per address per
day, and abandoned drafts lose their files long before their rows (rows committed first, files after)."""

from datetime import timedelta

import pytest

from wardportal.dossiers import draft_limits
from wardportal.dossiers.models import ApplicationDraft, DraftFile
from wardportal.kernel import file_storage
from wardportal.kernel.columns import utcnow
from wardportal.kernel.extensions import db

from .apply_support import client  # noqa: F401  (fixture: ends the test's transactions)
from .apply_support import APPLICANT, image_bytes, pdf_bytes, start_draft, stored_files, upload


@pytest.fixture
def app_settings():
    """Small caps: 4 KB a file, a draft 6 KB, an address 10 KB a day."""
    return {"MAX_FILE_BYTES": 4096, "MAX_DOSSIER_BYTES": 50_000, "MAX_DOSSIER_FILES": 30,
            "MAX_DRAFT_BYTES": 6_000, "MAX_DRAFT_BYTES_PER_ADDRESS_DAY": 10_000}


def _big_pdf(n: int) -> bytes:
    """A real PDF of about 3 KB, different each time."""
    return pdf_bytes(f"trang {n} " + "x" * 2800)


def _new_draft(client, ward, procedure, address="203.0.113.7"):
    client.environ_base["REMOTE_ADDR"] = address
    token = start_draft(client, ward, procedure)
    base = f"/{ward.slug}/nop-ho-so/{token}"
    assert client.post(f"{base}/thong-tin", data=dict(APPLICANT, action="continue")).status_code == 302
    return base


def _post(client, base, data, n, address="203.0.113.7"):
    client.environ_base["REMOTE_ADDR"] = address
    return client.post(f"{base}/giay-to", data={"doc-0": [upload(data, f"to-khai-{n}.pdf")], "action": "upload"},
                       content_type="multipart/form-data")


def _draft_bytes():
    db.session.rollback()
    return db.session.scalar(db.select(db.func.coalesce(db.func.sum(DraftFile.size), 0)))


def test_one_draft_cannot_take_more_than_its_cap(client, make, instance_path):
    """The attack: keep uploading into one draft."""
    ward = make.ward()
    base = _new_draft(client, ward, make.procedure(ward))
    assert _post(client, base, _big_pdf(1), 1).status_code == 302
    kept = _draft_bytes()
    refused = _post(client, base, _big_pdf(2), 2)
    assert refused.status_code == 400 and "làm tổng dung lượng hồ sơ vượt" in refused.get_data(as_text=True)
    assert _draft_bytes() == kept and len(stored_files(instance_path)) == 1


def test_many_drafts_from_one_address_share_one_daily_cap(client, make, instance_path):
    """The attack: open a fresh draft whenever one is full, from the same address."""
    ward = make.ward()
    procedure = make.procedure(ward)
    statuses = []
    for n in range(5):
        base = _new_draft(client, ward, procedure)
        statuses.append(_post(client, base, _big_pdf(n), n).status_code)
    assert statuses[:3] == [302, 302, 302] and statuses[3:] == [400, 400]
    assert _draft_bytes() <= 10_000 and len(stored_files(instance_path)) == 3
    refused = _post(client, base, _big_pdf(9), 9)
    assert "địa chỉ mạng này đã tải lên quá" in refused.get_data(as_text=True)
    # another address is not affected
    other = _new_draft(client, ward, procedure, address="198.51.100.9")
    assert _post(client, other, _big_pdf(10), 10, address="198.51.100.9").status_code == 302
    # the database keeps a keyed hash, never the address
    hashes = set(db.session.scalars(db.select(ApplicationDraft.client_hash)))
    assert "203.0.113.7" not in str(hashes) and len(hashes) == 2


def test_abandoned_drafts_lose_their_files_first_and_their_rows_later(client, make, instance_path, runner):
    ward = make.ward()
    procedure = make.procedure(ward)
    old = _new_draft(client, ward, procedure)
    assert client.post(f"{old}/giay-to", data={"doc-0": [upload(image_bytes(), "anh.jpg")], "action": "upload"},
                       content_type="multipart/form-data").status_code == 302
    fresh = _new_draft(client, ward, procedure, address="198.51.100.9")
    assert _post(client, fresh, pdf_bytes(), 1, address="198.51.100.9").status_code == 302
    db.session.rollback()
    old_draft = db.session.scalar(db.select(ApplicationDraft).order_by(ApplicationDraft.id).limit(1))
    old_draft.updated_at = utcnow() - timedelta(days=4)
    db.session.commit()
    result = runner.invoke(args=["purge-drafts"])
    assert result.exit_code == 0 and "2 files" not in result.output and "1 files" in result.output
    assert "Deleted 0 abandoned drafts." in result.output
    db.session.rollback()
    assert db.session.get(ApplicationDraft, old_draft.id) is not None  # the answers stay for the resume link
    assert len(db.session.scalars(db.select(DraftFile)).all()) == 1 and len(stored_files(instance_path)) == 1


def test_purging_commits_the_rows_before_deleting_files(app, make):
    """A file that cannot be deleted (here a real failure: a folder in its place) leaves no row naming it:
    the rows were committed before any file was touched."""
    import io

    from wardportal.dossiers import submissions

    ward = make.ward()
    draft, _ = submissions.start_draft(ward, make.procedure(ward))
    row = submissions.add_draft_file(draft, 0, io.BytesIO(pdf_bytes()), "a.pdf")
    path = file_storage.path_of(file_storage.current_uploads(), row.stored_name)
    path.unlink()
    path.mkdir()
    (path / "keep").write_bytes(b"x")
    draft.updated_at = utcnow() - timedelta(days=10)
    db.session.commit()
    with pytest.raises(OSError):
        draft_limits.purge_abandoned_files(timedelta(days=3))
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(DraftFile.id))) == 0
