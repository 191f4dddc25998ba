"""An in-process store of rendered public pages, bounded in entries and bytes, safe across threads."""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CachedPage:
    """A rendered page as it may be served to any anonymous visitor of the same ward and language."""

    generation: tuple
    body: bytes  # with CSRF_PLACEHOLDER where the visitor's own token goes
    status: int
    content_type: str
    etag: str
    last_modified: object  # datetime | None
    expires: float  # monotonic time after which the entry is stale (inf: only a new generation stales it)
    has_placeholder: bool
    # What the view does on every view of the page besides rendering it (count a search), run on each hit.
    on_serve: Callable[[], None] | None = None


class PageStore:
    """Least-recently-used pages; an entry counts only while its generation matches the database's."""

    def __init__(self, max_entries: int = 2000, max_bytes: int = 64 * 1024 * 1024):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._pages: OrderedDict[tuple, CachedPage] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple, generation: tuple) -> CachedPage | None:
        """The page stored under ``key`` if it was rendered at ``generation`` and has not expired."""
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                return None
            if page.generation != generation or page.expires < time.monotonic():
                self._drop(key)
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: CachedPage) -> None:
        """Keep ``page`` under ``key``, evicting the least recently used pages beyond the bounds."""
        if len(page.body) > self.max_bytes // 16:
            return  # one huge page must not flush everything else
        with self._lock:
            self._drop(key)
            self._pages[key] = page
            self._bytes += len(page.body)
            while len(self._pages) > self.max_entries or self._bytes > self.max_bytes:
                self._drop(next(iter(self._pages)))

    def clear(self) -> None:
        """Forget every page (tests, and after a restore)."""
        with self._lock:
            self._pages.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._pages)

    def _drop(self, key: tuple) -> None:
        page = self._pages.pop(key, None)
        if page is not None:
            self._bytes -= len(page.body)
