"""Checking the files store against the database: sizes, hashes, missing files, orphans, temp files, keys.

Every file a row owns (`stored_files`: dossier and draft files, publications' PDFs and pictures, feedback
photos, blank forms kept in the database) is checked against its size and SHA-256; missing or changed ones
are reported by kind and owner, never "repaired". A process killed between writing a file and committing
its row leaves a file no row names, and one killed while writing leaves a ``.tmp-*`` file. Both are removed
once older than a safe age (a file that young may belong to a transaction still running on another server);
files publication revisions name are history and are kept. The signing keys are checked to be complete and
are never removed.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from wardportal.kernel import file_storage
from wardportal.kernel.database import reading
from wardportal.kernel.signing_keys import keys_dir
from wardportal.operations import stored_files

_STORED = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{32}\.(pdf|jpg|png)$")
DEFAULT_SAFE_AGE = 24 * 3600


@dataclass
class StorageReport:
    """What a check found and did; missing and corrupt lines read "<kind> <id> (<owner>): <file>"."""

    checked: int = 0
    missing: list[str] = field(default_factory=list)
    corrupt: list[str] = field(default_factory=list)
    orphans_removed: list[str] = field(default_factory=list)
    temp_removed: list[str] = field(default_factory=list)
    young_kept: int = 0
    history_kept: int = 0
    checked_by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def healthy(self) -> bool:
        """No file a row names is missing or changed, and no signing key is missing."""
        return not self.missing and not self.corrupt


def _problem(uploads: Path, owned: stored_files.OwnedFile) -> str | None:
    """What is wrong with an owned file: "missing", "changed" (size or SHA-256), or None."""
    if owned.stored_name is None:
        data = stored_files.database_bytes(owned)
        size, digest = len(data), hashlib.sha256(data).hexdigest()
    else:
        try:
            path = file_storage.path_of(uploads, owned.stored_name)
        except ValueError:  # a name this store never generates: nothing can be there
            return "missing"
        if not path.is_file():
            return "missing"
        size, digest = path.stat().st_size, file_storage.sha256_of(uploads, owned.stored_name)
    # an empty hash (a picture or photo stored before hashes were recorded) cannot be compared
    if owned.size is not None and owned.sha256 and size != owned.size:
        return "changed"
    return "changed" if owned.sha256 and digest != owned.sha256 else None


def _check_owned(uploads: Path, report: StorageReport) -> set[str]:
    """Check every owned file; return the stored names owned (to keep)."""
    known = set()
    for ref in stored_files.references():
        for owned in stored_files.owned_files(ref):
            if owned.stored_name is not None:
                known.add(owned.stored_name)
            report.checked += 1
            report.checked_by_kind[owned.kind] = report.checked_by_kind.get(owned.kind, 0) + 1
            problem = _problem(uploads, owned)
            line = f"{owned.owner}: {owned.stored_name or 'bytes in the database'}"
            if problem == "missing":
                report.missing.append(line)
            elif problem == "changed":
                report.corrupt.append(line)
    return known


def check_keys(files_root: Path, report: StorageReport) -> None:
    """The install's root CA and each ward's signing key are complete (keys are never removed).

    Only what is there is judged: keys are made on first use, and a ward may sign with a configured
    PKCS#12 instead. A ward's certificate without its key, or any ward key without the root CA that
    vouches for it, means documents can no longer be signed or verified as the ward's.
    """
    folder = keys_dir(files_root)
    wards = sorted(path for path in (folder / "wards").glob("*") if path.is_dir())
    generated = [ward for ward in wards if (ward / "cert.pem").exists() or (ward / "key.pem").exists()]
    needed = []
    if generated or (folder / "root-ca.pem").exists():
        needed += [("install root CA", folder / name) for name in ("root-ca.pem", "root-ca.key.pem")]
    for ward in generated:
        needed += [(f"signing key of ward {ward.name}", ward / name) for name in ("cert.pem", "key.pem")]
    for ward in wards:
        if (ward / "configured-cert.pem").exists():
            needed.append((f"configured certificate of ward {ward.name}", ward / "trusted-root.pem"))
    for owner, path in needed:
        report.checked += 1
        report.checked_by_kind["signing key"] = report.checked_by_kind.get("signing key", 0) + 1
        if not path.is_file():
            report.missing.append(f"signing key ({owner}): keys/{path.relative_to(folder).as_posix()}")


def check_storage(uploads: Path, safe_age: float = DEFAULT_SAFE_AGE, remove: bool = True,
                  now: float | None = None) -> StorageReport:
    """Verify every owned file and the keys (``uploads``' parent is the files store); remove unowned files
    and temp files older than `safe_age` seconds."""
    uploads = Path(uploads)
    now = now if now is not None else time.time()
    report = StorageReport()
    # Hashing every stored file takes minutes on a large install: read without holding the write lock.
    with reading():
        known = _check_owned(uploads, report)
        history = stored_files.history_names() - known
    check_keys(uploads.parent, report)
    # Rows committed after the listing started are still protected by the safe age.
    if not uploads.is_dir():
        return report
    for path in sorted(uploads.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(uploads).as_posix()
        is_temp = path.name.startswith(".tmp-")
        if relative in history:
            report.history_kept += 1
            continue
        if not is_temp and (relative in known or not _STORED.match(relative)):
            continue
        if now - path.stat().st_mtime < safe_age:
            report.young_kept += 1
            continue
        if remove:
            path.unlink(missing_ok=True)
        (report.temp_removed if is_temp else report.orphans_removed).append(relative)
    return report
