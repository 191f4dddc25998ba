"""Private by default: everything the portal writes is readable only by the user it runs as.

The instance folder and the files store hold the database, password hashes, two-step seeds, signing keys and
residents' uploads. The process's umask (0o077) makes every file it creates 0600 and every folder 0700,
whatever writes it (SQLite and its -wal/-shm files, the search index, uploads, keys); folders and a database
made by an older release with looser modes are tightened at start, with one warning line each.
"""

import logging
import os
import stat
from pathlib import Path

from sqlalchemy.engine import make_url

PRIVATE_UMASK = 0o077

log = logging.getLogger(__name__)


def restrict_umask() -> None:
    """Files this process creates from now on: 0600; folders: 0700."""
    os.umask(PRIVATE_UMASK)


def private_folder(path: Path, what: str) -> Path:
    """Create ``path`` (0700), or tighten an existing folder that others could read, saying so in one line."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    _tighten(path, 0o700, what)
    return path


def private_database(url: str) -> None:
    """An existing SQLite database file (and its -wal/-shm companions) made readable by others: 0600."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return
    for suffix in ("", "-wal", "-shm"):
        path = Path(parsed.database + suffix)
        if path.is_file():
            _tighten(path, 0o600, "database file")


def _tighten(path: Path, mode: int, what: str) -> None:
    current = stat.S_IMODE(path.stat().st_mode)
    if not current & 0o077:
        return
    try:
        path.chmod(mode)
    except OSError as exc:  # e.g. a shared mount owned by another account: say so, the admin fixes it
        log.warning("%s %s is %04o (readable by other local users) and could not be tightened to %04o: %s",
                    what, path, current, mode, exc.strerror)
        return
    log.warning("%s %s was %04o (readable by other local users): tightened to %04o", what, path, current, mode)
