"""Issue 26, permissions and backups: `backup` encrypts (a passphrase or an age recipient) and writes a clear
archive only when asked; it refuses an existing path or replaces it atomically (0600, never through a
symlink); `restore` decrypts, keeps every restored file 0600 in 0700 folders, and answers a truncated or
tampered archive with one line, writing nothing."""

import io
import os
import stat
import tarfile

import pyrage
import pytest
from sqlalchemy import inspect

from wardportal.kernel import file_storage
from wardportal.kernel.extensions import db
from wardportal.operations import archive_crypto
from wardportal.operations.archive_crypto import BackupError, Protection

from .conftest import make_app
from .test_shared_store import _dossier_with_files

PASSPHRASE = "một câu mật khẩu đủ dài"


def _mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def identity(tmp_path):
    """An age identity kept "offline" in a file, and its public recipient."""
    key = pyrage.x25519.Identity.generate()
    path = tmp_path / "offline-identity.txt"
    path.write_text(f"# the administrator's backup key\n{key}\n")
    return path, str(key.to_public())


@pytest.fixture
def install(app, make):
    """An install with a dossier (a scan and a signed receipt) and an instance/config.py holding secrets."""
    _dossier_with_files(make)
    config = os.path.join(app.instance_path, "config.py")
    with open(config, "w") as handle:
        handle.write('MAIL_PASSWORD = "bí mật"\n')
    return app


def _backup(app, archive, *args, **settings):
    for key in ("BACKUP_PASSPHRASE", "BACKUP_AGE_RECIPIENT"):
        app.config[key] = settings.get(key)
    return app.test_cli_runner().invoke(args=["backup", str(archive), *args])


def _restore(tmp_path, archive, *args, **settings):
    """Restore into a new empty install; return (result, its instance folder, whether it has wards)."""
    target = tmp_path / f"restored-{len(list(tmp_path.glob('restored-*')))}"
    target.mkdir()
    other = make_app(target, **settings)
    with other.app_context():
        result = other.test_cli_runner().invoke(args=["restore", str(archive), *args])
        filled = inspect(db.session.connection()).has_table("ward") and db.session.scalar(
            db.text("select count(*) from ward")) > 0
        db.session.remove()
        db.engine.dispose()
    return result, target, filled


def test_backup_refuses_a_clear_archive_unless_asked(install, tmp_path):
    archive = tmp_path / "b.tar.gz"
    result = _backup(install, archive)
    assert result.exit_code == 1 and not os.path.lexists(archive)
    assert "BACKUP_PASSPHRASE" in result.output and "--unencrypted" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert _backup(install, archive, "--unencrypted").exit_code == 0
    with tarfile.open(archive) as tar:  # asked for: a plain .tar.gz
        assert "manifest.json" in tar.getnames()


def test_bad_protection_settings_are_named(install, tmp_path, identity):
    _path, recipient = identity
    cases = {"BACKUP_AGE_RECIPIENT": dict(BACKUP_AGE_RECIPIENT="age1notakey"),
             "shorter than 12": dict(BACKUP_PASSPHRASE="short"),
             "both": dict(BACKUP_PASSPHRASE=PASSPHRASE, BACKUP_AGE_RECIPIENT=recipient)}
    for words, settings in cases.items():
        result = _backup(install, tmp_path / "x.enc", **settings)
        assert result.exit_code == 1 and words in result.output, result.output
        assert not os.path.lexists(tmp_path / "x.enc")


@pytest.mark.parametrize("kind", ["passphrase", "age"])
def test_encrypted_backup_round_trip_keeps_private_modes(install, tmp_path, identity, kind):
    identity_path, recipient = identity
    settings = {"BACKUP_PASSPHRASE": PASSPHRASE} if kind == "passphrase" else {"BACKUP_AGE_RECIPIENT": recipient}
    archive = tmp_path / "nightly.enc"
    result = _backup(install, archive, **settings)
    assert result.exit_code == 0, result.output
    assert f"({kind})" in result.output and _mode(archive) == 0o600
    data = archive.read_bytes()
    private_key = next(file_storage.files_root().rglob("*.key.pem")).read_bytes()
    assert b"PRIVATE KEY" in private_key and private_key[40:120] not in data and b"manifest.json" not in data and not data.startswith(b"\x1f\x8b")
    with pytest.raises(tarfile.ReadError):
        tarfile.open(fileobj=io.BytesIO(data))

    # without the key: one line naming what is missing, nothing restored
    result, _target, filled = _restore(tmp_path, archive)
    assert result.exit_code == 1 and not filled
    assert ("BACKUP_PASSPHRASE" if kind == "passphrase" else "--identity") in result.output
    # the wrong key
    wrong_key = tmp_path / "wrong.txt"
    wrong_key.write_text(str(pyrage.x25519.Identity.generate()))
    args = ["--identity", str(wrong_key)] if kind == "age" else []
    result, _target, filled = _restore(tmp_path, archive, *args, BACKUP_PASSPHRASE="another long passphrase")
    assert result.exit_code == 1 and "cannot be decrypted" in result.output and not filled

    args = ["--identity", str(identity_path)] if kind == "age" else []
    result, target, filled = _restore(tmp_path, archive, *args, BACKUP_PASSPHRASE=PASSPHRASE)
    assert result.exit_code == 0 and filled, result.output
    restored = [p for p in target.rglob("*") if p.name != "search-index" and "search-index" not in p.parts]
    assert (target / "config.py").is_file() and (target / "uploads").is_dir() and (target / "keys").is_dir()
    wrong = {str(p.relative_to(target)): oct(_mode(p)) for p in restored
             if _mode(p) != (0o700 if p.is_dir() else 0o600)}
    assert wrong == {}, wrong


def test_restore_keeps_config_py_private_even_from_a_loose_source(install, tmp_path):
    """An older release's instance/config.py was 0644: the restored copy is 0600 anyway."""
    os.chmod(os.path.join(install.instance_path, "config.py"), 0o644)
    archive = tmp_path / "b.tar.gz"
    assert _backup(install, archive, "--unencrypted").exit_code == 0
    result, target, filled = _restore(tmp_path, archive)
    assert result.exit_code == 0 and filled and _mode(target / "config.py") == 0o600


def test_backup_refuses_an_existing_path_and_force_replaces_it_atomically(install, tmp_path):
    archive = tmp_path / "b.enc"
    archive.write_bytes(b"last week's archive")
    archive.chmod(0o644)
    result = _backup(install, archive, BACKUP_PASSPHRASE=PASSPHRASE)
    assert result.exit_code == 1 and "already exists" in result.output
    assert archive.read_bytes() == b"last week's archive"
    result = _backup(install, archive, "--force", BACKUP_PASSPHRASE=PASSPHRASE)
    assert result.exit_code == 0, result.output
    assert archive.read_bytes().startswith(archive_crypto.PASSPHRASE_MAGIC) and _mode(archive) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")] == []


def test_backup_never_writes_through_a_symlink(install, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("not yours")
    victim.chmod(0o644)
    link = tmp_path / "b.enc"
    link.symlink_to(victim)
    dangling = tmp_path / "dangling.enc"
    dangling.symlink_to(tmp_path / "would-be-created")
    for path in (link, dangling):
        result = _backup(install, path, BACKUP_PASSPHRASE=PASSPHRASE)
        assert result.exit_code == 1 and "already exists" in result.output
    assert not (tmp_path / "would-be-created").exists()
    result = _backup(install, link, "--force", BACKUP_PASSPHRASE=PASSPHRASE)
    assert result.exit_code == 0, result.output
    assert not link.is_symlink() and _mode(link) == 0o600  # the link itself was replaced
    assert victim.read_text() == "not yours" and _mode(victim) == 0o644


def _damaged(data: bytes, kind: str) -> dict[str, bytes]:
    """Ways an archive arrives broken: cut at several points, a byte flipped in the middle or at the end."""
    middle = len(data) // 2
    flipped_middle, flipped_end = bytearray(data), bytearray(data)
    flipped_middle[middle] ^= 0x01
    flipped_end[-3] ^= 0x80
    cases = {"cut-in-header": data[:20], "cut-in-middle": data[:middle], "cut-near-end": data[:-7],
             "flipped-middle": bytes(flipped_middle), "flipped-end": bytes(flipped_end)}
    if kind == "unencrypted":  # a gzip's last bytes are its CRC and length: a flip there is damage too
        cases["empty"] = b""
    return cases


@pytest.mark.parametrize("kind", ["passphrase", "age", "unencrypted"])
def test_truncated_or_tampered_archive_gives_one_line_and_restores_nothing(install, tmp_path, identity, kind):
    identity_path, recipient = identity
    settings = {"passphrase": {"BACKUP_PASSPHRASE": PASSPHRASE}, "age": {"BACKUP_AGE_RECIPIENT": recipient},
                "unencrypted": {}}[kind]
    archive = tmp_path / "good"
    assert _backup(install, archive, *(["--unencrypted"] if kind == "unencrypted" else []),
                   **settings).exit_code == 0
    args = ["--identity", str(identity_path)] if kind == "age" else []
    for name, data in _damaged(archive.read_bytes(), kind).items():
        broken = tmp_path / f"broken-{name}"
        broken.write_bytes(data)
        result, target, filled = _restore(tmp_path, broken, *args, BACKUP_PASSPHRASE=PASSPHRASE)
        assert result.exit_code == 1 and not filled, (name, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), (name, result.output)
        assert "Aborted" not in result.output and "Traceback" not in result.output
        assert not (target / "config.py").exists() and not list((target / "uploads").rglob("*.pdf")) \
            if (target / "uploads").exists() else True


@pytest.mark.parametrize("size", [0, 1, archive_crypto.CHUNK, 2 * archive_crypto.CHUNK, 2 * archive_crypto.CHUNK + 5])
def test_passphrase_stream_round_trips_across_chunk_boundaries(tmp_path, size):
    """Chunks of 1 MiB, the last one flagged: an archive cut exactly at a chunk boundary is refused too."""
    clear = tmp_path / "clear"
    clear.write_bytes(os.urandom(size))
    out = io.BytesIO()
    archive_crypto.encrypt_file(clear, out, Protection(passphrase=PASSPHRASE))
    encrypted = tmp_path / "enc"
    encrypted.write_bytes(out.getvalue())
    back = io.BytesIO()
    assert archive_crypto.decrypt_file(encrypted, back, PASSPHRASE, None) == "passphrase"
    assert back.getvalue() == clear.read_bytes()
    header = len(archive_crypto.PASSPHRASE_MAGIC) + 26
    if size > archive_crypto.CHUNK:
        encrypted.write_bytes(out.getvalue()[:header + archive_crypto.CHUNK + archive_crypto.TAG])
        with pytest.raises(BackupError, match="damaged or truncated"):
            archive_crypto.decrypt_file(encrypted, io.BytesIO(), PASSPHRASE, None)
        # two chunks swapped: each authenticates alone, but not at the other's place
        data = out.getvalue()
        step = archive_crypto.CHUNK + archive_crypto.TAG
        first, second = data[header:header + step], data[header + step:header + 2 * step]
        encrypted.write_bytes(data[:header] + second + first + data[header + 2 * step:])
        with pytest.raises(BackupError, match="damaged or truncated"):
            archive_crypto.decrypt_file(encrypted, io.BytesIO(), PASSPHRASE, None)
