"""The shared files store, its check, backups, key protection and unit codes (issues 12 and 10 item 12)."""

import io
import os
import stat
import time

import pyotp
import pyrage
import pytest
from cryptography.hazmat.primitives import serialization

from wardportal.dossiers import receipts, submissions
from wardportal.dossiers.models import Dossier, DossierFile
from wardportal.kernel import file_storage, signature_policy, signing, signing_keys
from wardportal.kernel.extensions import db
from wardportal.operations.archive_crypto import Protection
from wardportal.operations.backup import BackupError, create_backup, restore_backup
from wardportal.operations.storage_check import check_storage
from wardportal.staff import totp_seeds
from wardportal.staff.models import StaffUser, Ward

from .apply_support import APPLICANT, pdf_bytes
from .conftest import make_app
from .postgres_support import fresh_postgres_app, postgres_url


def _dossier_with_files(make):
    """A counter dossier with one scanned paper and its signed receipt."""
    ward = make.ward(name="Phường Phương Lâm")
    procedure = make.procedure(ward)
    dossier = submissions.register_counter_dossier(
        ward, procedure, APPLICANT, [(0, io.BytesIO(pdf_bytes("to khai")), "to-khai.pdf")])
    receipts.issue_receipt(dossier, "https://dvc.example.vn/")
    return dossier


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_files_path_separates_the_store_and_files_are_private(tmp_path, migrated_db, make):
    """With FILES_PATH set, uploads, keys and the secret key live there, 0600 in 0700 folders."""
    import shutil
    instance, files = tmp_path / "own-instance", tmp_path / "shared"
    instance.mkdir()
    shutil.copy(migrated_db, instance / "wardportal.db")
    app = make_app(instance, FILES_PATH=str(files), SECRET_KEY=None)
    with app.app_context():
        dossier = _dossier_with_files(make)
        assert (files / "secret_key").is_file() and _mode(files / "secret_key") == 0o600
        assert app.config["SECRET_KEY"] == (files / "secret_key").read_text().strip()
        for row in dossier.files:
            path = files / "uploads" / row.stored_name
            assert path.is_file() and _mode(path) == 0o600 and _mode(path.parent) == 0o700
        assert _mode(files / "uploads") == 0o700
        assert (files / "keys" / "root-ca.pem").is_file() and not (instance / "uploads").exists()
        assert _mode(files / "keys" / "root-ca.key.pem") == 0o600
        db.session.remove()
        db.engine.dispose()


def test_root_ca_key_encrypted_with_the_passphrase_and_refused_without(tmp_path):
    """CA_KEY_PASSPHRASE encrypts the root key at rest; without it no new ward key can be issued."""
    signing.ensure_ward_keys(tmp_path, "phuong-a", "Phường A", ca_passphrase="mat-khau-dai-cua-tinh")
    key_file = tmp_path / "keys" / "root-ca.key.pem"
    assert b"ENCRYPTED" in key_file.read_bytes()
    with pytest.raises(TypeError):
        serialization.load_pem_private_key(key_file.read_bytes(), None)
    with pytest.raises(signing_keys.RootKeyLocked):
        signing.ensure_ward_keys(tmp_path, "phuong-b", "Phường B")
    with pytest.raises(signing_keys.RootKeyLocked):
        signing.ensure_ward_keys(tmp_path, "phuong-b", "Phường B", ca_passphrase="sai")
    signing.ensure_ward_keys(tmp_path, "phuong-b", "Phường B", ca_passphrase="mat-khau-dai-cua-tinh")


def test_plain_root_key_is_encrypted_once_a_passphrase_is_set(tmp_path):
    """An install that starts using a passphrase gets its existing root key encrypted on next use."""
    signing.ensure_ward_keys(tmp_path, "phuong-a", "Phường A")
    key_file = tmp_path / "keys" / "root-ca.key.pem"
    assert b"ENCRYPTED" not in key_file.read_bytes()
    signing.ensure_ward_keys(tmp_path, "phuong-b", "Phường B", ca_passphrase="mat-khau-dai-cua-tinh")
    assert b"ENCRYPTED" in key_file.read_bytes() and _mode(key_file) == 0o600


def test_rotated_ward_key_signs_anew_and_old_documents_still_verify(app, make, runner):
    """rotate-ward-key: a new certificate; a receipt signed before still verifies and names the ward."""
    dossier = _dossier_with_files(make)
    old_receipt = file_storage.read(file_storage.current_uploads(), receipts.stored_receipt(dossier).stored_name)
    cert = file_storage.files_root() / "keys" / "wards" / dossier.ward.slug / "cert.pem"
    before = cert.read_bytes()
    result = runner.invoke(args=["rotate-ward-key", "--ward", dossier.ward.slug])
    assert result.exit_code == 0, result.output
    assert cert.read_bytes() != before
    checked = signature_policy.verify_pdf(old_receipt, file_storage.files_root())
    assert checked.valid and checked.ward_slug == dossier.ward.slug


def test_check_storage_reports_missing_and_changed_and_removes_old_orphans(app, make, runner):
    """Hashes checked; orphans and temp files removed only when older than the safe age."""
    dossier = _dossier_with_files(make)
    uploads = file_storage.current_uploads()
    assert check_storage(uploads).healthy
    old = time.time() - 3 * 24 * 3600
    orphan_old, orphan_new = uploads / "ab" / ("a" * 32 + ".pdf"), uploads / "ab" / ("b" * 32 + ".pdf")
    temp_old = uploads / ".tmp-0123456789abcdef"
    for path in (orphan_old, orphan_new, temp_old):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4 left behind")
    os.utime(orphan_old, (old, old))
    os.utime(temp_old, (old, old))
    report = check_storage(uploads)
    assert report.healthy and report.orphans_removed == [orphan_old.relative_to(uploads).as_posix()]
    assert report.temp_removed == [temp_old.name] and report.young_kept == 1
    assert orphan_new.exists() and not orphan_old.exists() and not temp_old.exists()
    # one file changed on disk, one gone: reported (exit status 1), never "repaired"
    attachment, receipt = sorted(dossier.files, key=lambda f: f.kind)
    (uploads / attachment.stored_name).write_bytes(b"changed")
    (uploads / receipt.stored_name).unlink()
    result = runner.invoke(args=["check-storage"])
    assert result.exit_code == 1
    assert f"CHANGED dossier file {attachment.id}" in result.output
    assert f"MISSING dossier file {receipt.id}" in result.output


def _backup_and_restore(app, make, tmp_path, other_app):
    """Back `app` up, restore into `other_app`; check dossiers, file hashes and signatures there."""
    dossier = _dossier_with_files(make)
    code, hashes = dossier.code, {f.stored_name: f.sha256 for f in dossier.files}
    seed = pyotp.random_base32()  # a staff member's sealed two-step seed: its key travels with the files
    db.session.add(StaffUser(email="cb@example.vn", full_name="Cán Bộ", totp_secret=totp_seeds.seal(seed)))
    db.session.commit()
    archive = tmp_path / "backup" / "ward-portal.tar.gz.enc"
    runner = app.test_cli_runner()
    app.config["BACKUP_PASSPHRASE"] = other_app.config["BACKUP_PASSPHRASE"] = "mật khẩu sao lưu dài"
    result = runner.invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    assert _mode(archive) == 0o600 and "(passphrase)" in result.output
    with other_app.app_context():
        result = other_app.test_cli_runner().invoke(args=["restore", str(archive)])
        assert result.exit_code == 0, result.output
        restored = db.session.scalar(db.select(Dossier).where(Dossier.code == code))
        assert restored is not None and {f.stored_name: f.sha256 for f in restored.files} == hashes
        uploads = file_storage.current_uploads()
        assert check_storage(uploads, remove=False).healthy
        receipt = file_storage.read(uploads, receipts.stored_receipt(restored).stored_name)
        checked = signature_policy.verify_pdf(receipt, file_storage.files_root())
        assert checked.valid and checked.ward_slug == restored.ward.slug
        sealed = db.session.scalar(db.select(StaffUser.totp_secret).where(StaffUser.email == "cb@example.vn"))
        assert totp_seeds.unseal(sealed) == seed
        # the restored install signs with the same keys and the same secret key
        with pytest.raises(BackupError):  # not empty any more
            restore_backup(archive, file_storage.files_root(), other_app.instance_path)
        db.session.remove()
        db.engine.dispose()


def test_backup_and_restore_on_sqlite(app, make, tmp_path):
    """SQLite: online backup API copy; restored into a new empty install with its own folders."""
    other = tmp_path / "restored"
    other.mkdir()
    _backup_and_restore(app, make, tmp_path, make_app(other))


def test_backup_and_restore_on_postgresql(tmp_path, make):
    """PostgreSQL: pg_dump/pg_restore into an emptied database and a new files store."""
    postgres_url()
    source = fresh_postgres_app(tmp_path / "source")
    with source.app_context():
        target = tmp_path / "target"
        target.mkdir()
        restore_into = fresh_postgres_app(target, FILES_PATH=str(tmp_path / "target-files"))
        with restore_into.app_context():
            db.engine.dispose()
        # both apps use the same database: empty it again between backup and restore
        dossier = _dossier_with_files(make)
        archive = tmp_path / "pg.tar.gz.age"
        identity = pyrage.x25519.Identity.generate()
        (tmp_path / "backup-identity.txt").write_text(str(identity) + "\n")
        create_backup(archive, file_storage.files_root(), source.instance_path,
                      Protection(age_recipient=str(identity.to_public())))
        code = dossier.code
        db.session.remove()
        db.engine.dispose()
    emptied = fresh_postgres_app(tmp_path / "emptied")
    with emptied.app_context():
        db.engine.dispose()
    with restore_into.app_context():
        restore_backup(archive, file_storage.files_root(), restore_into.instance_path,
                       identity_file=tmp_path / "backup-identity.txt")
        restored = db.session.scalar(db.select(Dossier).where(Dossier.code == code))
        assert restored is not None and len(restored.files) == 2
        assert check_storage(file_storage.current_uploads(), remove=False).healthy
        receipt = file_storage.read(file_storage.current_uploads(), receipts.stored_receipt(restored).stored_name)
        assert signature_policy.verify_pdf(receipt, file_storage.files_root()).valid
        db.session.remove()
        db.engine.dispose()


def test_unit_code_unique_across_the_install(app, make, client):
    """A second ward with another ward's unit code (any case) is refused where wards are created."""
    from wardportal.staff import accounts
    from wardportal.catalogue.procedure_import import InvalidProcedureFile, ensure_ward
    from .staff_factories import make_staff
    first = make.ward(unit_code="H29.07")
    assert accounts.unit_code_taken("h29.07") and not accounts.unit_code_taken("H29.07", except_ward_id=first.id)
    admin = make_staff(None, province_admin=True)
    with pytest.raises(accounts.AccountError) as refused:
        accounts.create_ward_with_admin("phuong-moi", "Phường Mới", "h29.07", "", "a@example.vn", "A", admin, None)
    assert refused.value.code == "unit_code_taken"
    db.session.rollback()
    make.ward(slug="phuong-x", unit_code="PHUONG-Y")
    with pytest.raises(InvalidProcedureFile, match="unit code"):
        ensure_ward("phuong-y", "Phường Y")
    assert db.session.scalar(db.select(db.func.count()).select_from(Ward)) == 2
