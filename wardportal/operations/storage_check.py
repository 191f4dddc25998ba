"""Checking the files store against the database: hashes, missing files, orphans and temporary files.

A process killed between writing a file and committing its row leaves a file no row names, and one
killed while writing leaves a ``.tmp-*`` file. Both are removed once older than a safe age (a file that
young may belong to a transaction still running on another server). Stored files are checked against
their SHA-256; missing or changed ones are reported, never "repaired".
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from .. import file_storage
from ..extensions import db
from ..models import DossierFile
from ..models.submission import DraftFile

_STORED = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{32}\.(pdf|jpg|png)$")
DEFAULT_SAFE_AGE = 24 * 3600


@dataclass
class StorageReport:
    """What a check found and did."""

    checked: int = 0
    missing: list[str] = field(default_factory=list)
    corrupt: list[str] = field(default_factory=list)
    orphans_removed: list[str] = field(default_factory=list)
    temp_removed: list[str] = field(default_factory=list)
    young_kept: int = 0

    @property
    def healthy(self) -> bool:
        """No file a row names is missing or changed."""
        return not self.missing and not self.corrupt


def _rows():
    """(stored name, sha256, what it belongs to) of every file the database names."""
    for model, label in ((DossierFile, "dossier file"), (DraftFile, "draft file")):
        for row_id, name, digest in db.session.execute(select(model.id, model.stored_name, model.sha256)):
            yield name, digest, f"{label} {row_id}"


def check_storage(uploads: Path, safe_age: float = DEFAULT_SAFE_AGE, remove: bool = True,
                  now: float | None = None) -> StorageReport:
    """Hash-check every stored file; remove orphans and temp files older than `safe_age` seconds."""
    uploads = Path(uploads)
    now = now if now is not None else time.time()
    report = StorageReport()
    known = set()
    for name, digest, owner in _rows():
        known.add(name)
        report.checked += 1
        if not file_storage.exists(uploads, name):
            report.missing.append(f"{owner}: {name}")
        elif file_storage.sha256_of(uploads, name) != digest:
            report.corrupt.append(f"{owner}: {name}")
    # Rows committed after the listing started are still protected by the safe age.
    db.session.commit()
    if not uploads.is_dir():
        return report
    for path in sorted(uploads.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(uploads).as_posix()
        is_temp = path.name.startswith(".tmp-")
        if not is_temp and (relative in known or not _STORED.match(relative)):
            continue
        if now - path.stat().st_mtime < safe_age:
            report.young_kept += 1
            continue
        if remove:
            path.unlink(missing_ok=True)
        (report.temp_removed if is_temp else report.orphans_removed).append(relative)
    return report
