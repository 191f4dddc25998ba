"""Issue 26, permissions: the process sets umask 0077; the instance folder and the files store are 0700 (an
existing looser one is tightened with one warning line), the SQLite database and every stored file 0600."""

import logging
import os
import stat

from wardportal.kernel import file_storage
from wardportal.kernel.extensions import db
from wardportal.kernel.file_modes import PRIVATE_UMASK

from .conftest import make_app
from .test_shared_store import _dossier_with_files


def _mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def _loose(root) -> dict[str, str]:
    """Every file below ``root`` not 0600 and every folder not 0700 (the enumeration the rule is about)."""
    return {str(p.relative_to(root)): oct(_mode(p)) for p in [root, *root.rglob("*")]
            if _mode(p) != (0o700 if p.is_dir() else 0o600)}


def test_a_fresh_install_is_private(tmp_path):
    os.umask(0o022)  # what a shell or systemd gives by default
    instance, files = tmp_path / "new" / "instance", tmp_path / "new" / "files"
    app = make_app(instance, FILES_PATH=str(files), SECRET_KEY=None)
    assert os.umask(PRIVATE_UMASK) == PRIVATE_UMASK  # set by create_app
    with app.app_context():
        from wardportal.kernel.database import init_schema
        init_schema()
        from .factories import Factories
        _dossier_with_files(Factories())  # uploads, a signed receipt, the CA and ward keys, the TOTP key
        db.session.remove()
        db.engine.dispose()
    assert (instance / "wardportal.db").is_file() and any((files / "uploads").rglob("*.pdf"))
    assert any((files / "keys").rglob("*.pem")) and (files / "secret_key").is_file()
    assert _loose(instance) == {} and _loose(files) == {}


def test_loose_folders_and_database_of_an_older_release_are_tightened(tmp_path, caplog):
    instance, files = tmp_path / "instance", tmp_path / "files"
    instance.mkdir()
    files.mkdir()
    app = make_app(instance, FILES_PATH=str(files))
    with app.app_context():
        from wardportal.kernel.database import init_schema
        init_schema()
        db.engine.dispose()
    for path, mode in ((instance, 0o755), (files, 0o755), (instance / "wardportal.db", 0o644)):
        path.chmod(mode)
    with caplog.at_level(logging.WARNING, logger="wardportal.kernel.file_modes"):
        make_app(instance, FILES_PATH=str(files))
    assert _mode(instance) == _mode(files) == 0o700 and _mode(instance / "wardportal.db") == 0o600
    lines = [r.getMessage() for r in caplog.records if r.name == "wardportal.kernel.file_modes"]
    assert len(lines) == 3 and all("tightened" in line and "\n" not in line for line in lines), lines
    assert any(line.startswith("instance folder") and "0755" in line for line in lines)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="wardportal.kernel.file_modes"):
        make_app(instance, FILES_PATH=str(files))  # private now: nothing to say
    assert not [r for r in caplog.records if r.name == "wardportal.kernel.file_modes"]


def test_signing_certificates_and_keys_are_0600(app, make):
    """Certificates were written 0644 before; everything in keys/ is private now, like the uploads."""
    _dossier_with_files(make)
    keys = file_storage.files_root() / "keys"
    os.umask(0o022)  # write_atomic sets the mode itself, whatever the umask
    from wardportal.kernel.signing_keys import write_atomic
    write_atomic(keys / "probe.pem", b"x")
    assert _loose(keys) == {}
