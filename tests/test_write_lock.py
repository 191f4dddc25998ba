"""SQLite's write lock is not held while an upload is read and stored, files are re-hashed or a receipt signed."""

import io

import pytest

from wardportal.dossiers import slips
from wardportal.dossiers.models import Dossier
from wardportal.kernel import file_storage
from wardportal.kernel.extensions import db

from .apply_support import APPLICANT, client, pdf_bytes, start_draft  # noqa: F401
from .lock_timers import lock_is_free as database_is_free


def lock_is_free(instance_path) -> bool:
    """Whether another process could take the write lock right now (no waiting)."""
    return database_is_free(instance_path / "wardportal.db")


@pytest.fixture
def online(make):
    ward = make.ward(slug="phuong-mot")
    procedure = make.procedure(ward, code="1.001193", online_level="full", documents=["Tờ khai"])
    return ward, procedure


def test_the_lock_is_free_while_slow_work_runs(instance_path, client, online, monkeypatch):
    ward, procedure = online
    token = start_draft(client, ward, procedure)
    base = f"/{ward.slug}/nop-ho-so/{token}"
    assert client.post(f"{base}/thong-tin", data=dict(APPLICANT, action="continue")).status_code == 302
    # Reading the upload from the network, checking it and fsyncing it all happen in store_upload.
    seen_uploading: list[bool] = []
    real_store_upload = file_storage.store_upload

    def storing(*args, **kwargs):
        seen_uploading.append(lock_is_free(instance_path))
        return real_store_upload(*args, **kwargs)

    monkeypatch.setattr(file_storage, "store_upload", storing)
    response = client.post(f"{base}/giay-to", content_type="multipart/form-data", data={
        "doc-0": (io.BytesIO(pdf_bytes()), "to-khai.pdf"), "action": "continue"})
    assert response.status_code == 302
    assert client.post(f"{base}/nhan-ket-qua", data={"delivery_method": "office",
                                                      "action": "continue"}).status_code == 302

    seen_hashing, seen_signing = [], []
    real_sha256_of, real_sign = file_storage.sha256_of, slips.render_and_sign

    def hashing(*args, **kwargs):
        seen_hashing.append(lock_is_free(instance_path))
        return real_sha256_of(*args, **kwargs)

    def signing(*args, **kwargs):
        seen_signing.append(lock_is_free(instance_path))
        return real_sign(*args, **kwargs)

    monkeypatch.setattr(file_storage, "sha256_of", hashing)
    monkeypatch.setattr(slips, "render_and_sign", signing)
    assert client.post(f"{base}/nop").status_code == 302
    assert db.session.scalar(db.select(Dossier)) is not None
    assert seen_uploading and all(seen_uploading)
    assert seen_hashing and all(seen_hashing)
    assert seen_signing and all(seen_signing)


def test_the_lock_timer_names_a_long_hold(app):
    # The timer the slow-work tests rely on must be able to fail.
    import time

    from .lock_timers import WriteLockTimer

    with WriteLockTimer(db.engine) as timer:
        with db.engine.begin() as connection:
            connection.exec_driver_sql("SELECT 1")
            time.sleep(0.15)
        with db.engine.begin() as connection:
            connection.exec_driver_sql("SELECT 1")
    assert len(timer.holds) == 2 and timer.longest.seconds >= 0.15
    with pytest.raises(AssertionError, match="write lock held too long"):
        timer.assert_short()
    timer.holds.pop(0)
    timer.assert_short()


def test_the_garbage_collector_waits_until_the_write_lock_is_released(app):
    # A full collection takes 100+ ms in a loaded worker: never while other writers wait for the lock.
    import gc

    assert gc.isenabled()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("SELECT 1")
        assert not gc.isenabled()
    assert gc.isenabled()
    try:
        with db.engine.begin() as connection:
            connection.exec_driver_sql("SELECT 1")
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert gc.isenabled()
    gc.disable()  # switched off by someone else: the portal does not switch it back on
    try:
        with db.engine.begin() as connection:
            connection.exec_driver_sql("SELECT 1")
        assert not gc.isenabled()
    finally:
        gc.enable()
