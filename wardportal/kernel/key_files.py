"""Keys the install makes for itself once and keeps in the shared files store (mode 0600)."""

import os
import secrets
from collections.abc import Callable
from pathlib import Path


def read_or_create(path: Path, make: Callable[[], str]) -> str:
    """The key in ``path``; made with ``make()`` first when the file does not exist yet.

    Created under os.link's atomicity (works on network file systems too): the first server to link its
    key wins, every other server reads that one, so every server of the install uses the same key.
    """
    path = Path(path)
    if not path.exists():
        # unique across servers sharing the folder, not just across this host's processes
        tmp = path.with_name(f".tmp-{path.name}.{secrets.token_hex(8)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(make())
            handle.flush()
            os.fsync(handle.fileno())
        # os.link fails if another worker won the race; then its key is the one everybody uses.
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()
