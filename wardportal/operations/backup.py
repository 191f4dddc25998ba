"""One-archive backups of an install and their restore on an empty install.

The archive (a .tar.gz, encrypted as ``archive_crypto`` says, mode 0600: it holds personal data and keys)
carries:
- ``database.sqlite3`` (SQLite's online backup API: a consistent copy while the portal keeps running) or
  ``database.pgdump`` (``pg_dump --format=custom``: one consistent snapshot of PostgreSQL);
- ``files/``: uploads, generated documents, signing keys, the generated secret key and the key that seals
  two-step sign-in seeds (the files store);
- ``instance/``: ``config.py`` and ``holidays.json`` when the install has them;
- ``manifest.json``: when, which engine, and the SHA-256 of every file in the archive.

The database is copied before the files: a file written after the snapshot is an orphan there (which
check-storage removes), never a row without its file. The archive is written to a temporary file beside its
destination and then linked (a new name) or renamed over it (``replace``): never half an archive under its
name, never written through a symlink planted at the destination.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from glob import glob
from pathlib import Path, PurePosixPath

from sqlalchemy import inspect, select
from sqlalchemy.engine import make_url

from wardportal.kernel.extensions import db
from wardportal.kernel.times import now_utc
from wardportal.operations.archive_crypto import BackupError, Protection, decrypt_file, encrypt_file
from wardportal.staff.models import Ward

__all__ = ["BackupError", "create_backup", "restore_backup"]

FILE_FOLDERS = ("uploads", "keys")
FILE_NAMES = ("secret_key", "totp_key")
INSTANCE_FILES = ("config.py", "holidays.json")
ARCHIVE_NAMES = ("manifest.json", "database.sqlite3", "database.pgdump")


def postgres_tool(name: str) -> str:
    """Path of pg_dump / pg_restore: on PATH, else Debian's versioned folder (newest first)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    if not candidates:
        raise BackupError(f"{name} not found: install the PostgreSQL client (postgresql-client)")
    return candidates[-1]


def _libpq_url(url) -> str:
    """The SQLAlchemy URL as libpq understands it (no +driver)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _dump_database(target: Path) -> tuple[str, Path]:
    """Write a consistent copy of the database into `target`; return (engine name, file)."""
    engine = db.engine
    db.session.commit()  # no transaction of ours holds a lock or an old snapshot
    if engine.dialect.name == "sqlite":
        out = target / "database.sqlite3"
        destination = sqlite3.connect(out)
        raw = engine.raw_connection()
        try:
            raw.driver_connection.backup(destination)
        finally:
            raw.close()
            destination.close()
        return "sqlite", out
    if engine.dialect.name == "postgresql":
        out = target / "database.pgdump"
        done = subprocess.run([postgres_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                               "--file", str(out), "--dbname", _libpq_url(engine.url)],
                              capture_output=True, text=True, timeout=3600)
        if done.returncode != 0:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()[:500]}")
        return "postgresql", out
    raise BackupError(f"backups support SQLite and PostgreSQL, not {engine.dialect.name}")


def create_backup(archive: Path, files_path: Path, instance_path: Path, protection: Protection,
                  replace: bool = False) -> dict:
    """Write the archive (refusing an existing path unless ``replace``); return its manifest."""
    archive, files_path, instance_path = Path(archive), Path(files_path), Path(instance_path)
    if os.path.lexists(archive) and (not replace or archive.is_dir()):
        raise BackupError(f"{archive} already exists: give a new name (or --force to replace a previous archive)")
    archive.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory(prefix="wardportal-backup-") as tmp:
        engine, dump = _dump_database(Path(tmp))
        members: list[tuple[Path, str]] = [(dump, dump.name)]
        for folder in FILE_FOLDERS:
            for path in sorted((files_path / folder).rglob("*")):
                if path.is_file() and not path.name.startswith(".tmp-") and path.name != ".lock":
                    members.append((path, f"files/{path.relative_to(files_path).as_posix()}"))
        members += [(files_path / n, f"files/{n}") for n in FILE_NAMES if (files_path / n).is_file()]
        members += [(instance_path / n, f"instance/{n}") for n in INSTANCE_FILES if (instance_path / n).is_file()]
        manifest = {"created_at": now_utc().isoformat(), "engine": engine,
                    "files": {name: _sha256(path) for path, name in members}}
        clear = Path(tmp) / "archive.tar.gz"  # the private temporary folder (0700) already holds the dump
        with tarfile.open(clear, mode="w:gz") as tar:
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mode = len(data), 0o600
            tar.addfile(info, io.BytesIO(data))
            for path, name in members:
                tar.add(path, arcname=name, recursive=False)
        _place(archive, clear, protection, replace)
    return manifest


def _place(archive: Path, clear: Path, protection: Protection, replace: bool) -> None:
    """Encrypt into a 0600 temporary file beside ``archive``, then give it the archive's name atomically."""
    fd, tmp = tempfile.mkstemp(dir=archive.parent, prefix=f".tmp-{archive.name}.")  # 0600, O_EXCL
    try:
        with os.fdopen(fd, "wb") as out:
            encrypt_file(clear, out, protection)
            out.flush()
            os.fsync(out.fileno())
        if replace:
            os.replace(tmp, archive)  # renames over a symlink itself, never writes through it
        else:
            try:
                os.link(tmp, archive)  # fails if the name appeared meanwhile
            except FileExistsError:
                raise BackupError(f"{archive} already exists: give a new name (or --force)") from None
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def _is_empty_install() -> bool:
    """No schema yet, or a schema without any ward."""
    if not inspect(db.session.connection()).has_table("ward"):
        return True
    empty = db.session.scalar(select(Ward.id).limit(1)) is None
    db.session.commit()
    return empty


def _archive_name(name: object) -> str:
    """A member or manifest name as `create_backup` writes it, or BackupError: relative, normalised, no ``..``,
    and inside the layout (the database dump, ``files/uploads/``, ``files/keys/``, the secret key, the
    instance's settings files): nothing a restore writes can land outside the files store or the instance."""
    if not isinstance(name, str) or not name or "\\" in name or any(ord(ch) < 32 for ch in name):
        raise BackupError(f"the archive names a file {name!r} that a backup never holds: refused, nothing restored")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or posixpath.normpath(name) != name or any(part in (".", "..") for part in parts):
        raise BackupError(f"the archive names a file outside its folders ({name!r}): refused, nothing restored")
    allowed = (name in ARCHIVE_NAMES or (len(parts) >= 3 and parts[0] == "files" and parts[1] in FILE_FOLDERS)
               or (len(parts) == 2 and parts[0] == "files" and parts[1] in FILE_NAMES)
               or (len(parts) == 2 and parts[0] == "instance" and parts[1] in INSTANCE_FILES))
    if not allowed:
        raise BackupError(f"the archive names a file {name!r} that a backup never holds: refused, nothing restored")
    return name


def _checked_members(tar: tarfile.TarFile) -> set[str]:
    """The names of the archive's files, after refusing links, devices and names outside the layout."""
    names = set()
    for member in tar.getmembers():
        if not member.isfile():
            raise BackupError(f"the archive holds {member.name!r}, which is not a plain file (a link, a folder or "
                              "a device): a backup never does; refused, nothing restored")
        names.add(_archive_name(member.name))
    if "manifest.json" not in names:
        raise BackupError("the archive has no manifest.json: it is not a backup of this portal")
    return names


def _checked_manifest(root: Path, members: set[str]) -> dict:
    """The manifest, when it names exactly the archive's files (besides itself), each by a safe name."""
    try:
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    except ValueError:
        manifest = None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict) or not isinstance(manifest.get("engine"), str):
        raise BackupError("the archive's manifest.json is not a backup manifest: refused, nothing restored")
    for name in files:
        _archive_name(name)
    if set(files) != members - {"manifest.json"}:
        raise BackupError("the archive's files and its manifest differ: the archive is damaged")
    return manifest


def restore_backup(archive: Path, files_path: Path, instance_path: Path, passphrase: str | None = None,
                   identity_file: Path | None = None) -> dict:
    """Bring an archive back on an empty install (database, files store, instance settings); return its manifest.

    The archive is decrypted (and authenticated) whole first; every name in it and its manifest is checked
    before anything is extracted or written. Restored files are 0600 in 0700 folders, like the originals.
    """
    files_path, instance_path = Path(files_path), Path(instance_path)
    if not _is_empty_install():
        raise BackupError("this install already has wards: restore only into an empty install")
    with tempfile.TemporaryDirectory(prefix="wardportal-restore-") as tmp:
        clear = Path(tmp) / "archive.tar.gz"
        with open(clear, "wb") as out:
            decrypt_file(Path(archive), out, passphrase, identity_file)
        root = Path(tmp) / "contents"
        try:
            with gzip.open(clear) as whole:  # to its end: a cut or changed clear archive fails its CRC here
                while whole.read(1024 * 1024):
                    pass
            with tarfile.open(clear, "r:gz") as tar:
                members = _checked_members(tar)
                tar.extractall(root, filter="data")
        except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
            raise BackupError(f"the archive is damaged or truncated ({type(exc).__name__}: {exc}): nothing restored"
                              ) from None
        _restore_contents(root, members, files_path, instance_path)
        return json.loads((root / "manifest.json").read_text(encoding="utf-8"))


def _restore_contents(root: Path, members: set[str], files_path: Path, instance_path: Path) -> None:
    """Check the extracted archive against its manifest, then load the database and copy the files back."""
    manifest = _checked_manifest(root, members)
    for name, digest in manifest["files"].items():
        if _sha256(root / name) != digest:
            raise BackupError(f"{name} does not match the archive's manifest: the archive is damaged")
    for name in manifest["files"]:
        for prefix, target in (("files/", files_path), ("instance/", instance_path)):
            if name.startswith(prefix):
                destination = target / name[len(prefix):]
                # a fresh install has already made its own secret key; the archive's replaces it
                replaceable = name[len(prefix):] in FILE_NAMES
                if destination.exists() and not replaceable and _sha256(destination) != manifest["files"][name]:
                    raise BackupError(f"{destination} exists with other content: restore into an empty install")
    _restore_database(root, manifest["engine"])
    for name in manifest["files"]:
        for prefix, target in (("files/", files_path), ("instance/", instance_path)):
            if name.startswith(prefix):
                destination = target / name[len(prefix):]
                destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                # a temporary name and a rename: never written through a link at the destination
                tmp = destination.with_name(f".tmp-{destination.name}.{os.getpid()}")
                shutil.copyfile(root / name, tmp)
                tmp.chmod(0o600)  # instance/config.py holds mail and gateway secrets too
                os.replace(tmp, destination)


def _restore_database(root: Path, engine_name: str) -> None:
    """Load the dumped database into this install's (empty) database."""
    engine = db.engine
    if engine_name != engine.dialect.name:
        raise BackupError(f"the archive holds a {engine_name} database; this install uses {engine.dialect.name}")
    db.session.remove()
    if engine_name == "sqlite":
        source = sqlite3.connect(root / "database.sqlite3")
        raw = engine.raw_connection()
        try:
            source.backup(raw.driver_connection)
        finally:
            source.close()
            raw.close()
        engine.dispose()
        return
    engine.dispose()
    done = subprocess.run([postgres_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
                           "--single-transaction", "--dbname", _libpq_url(engine.url),
                           str(root / "database.pgdump")], capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()[:500]}")
