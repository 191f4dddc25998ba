"""Keeping the Whoosh index on disk: schema, documents, opening, locking, writing and rebuilding.

Several processes may search while one writes. Writes go through `_write`, which waits for the lock
(`writer(timeout=…)`) and, if it cannot get it, marks the index stale instead of failing the caller's
edit. A missing, stale, unreadable or outdated (older schema) index is rebuilt from `docs_loader`.

No code path removes an index another process may be using: a rebuild replaces the documents in a new
generation under Whoosh's write lock, and one that must start from scratch (unreadable or outdated index)
clears the old files only while holding that same lock, so no other writer is half-way through a commit;
readers keep reading the files they opened (no mmap, POSIX unlink semantics) and move to the new
generation on their next search. A lock that cannot be had in time leaves the index as it is, marked stale.

`GENERATION` in the folder records the last catalogue change (search_change id) the index has applied,
so every server's index can follow the database's change log (see catalogue_index.sync_index).
"""

import fcntl
import logging
import os
import threading
import weakref
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from whoosh.analysis import Filter, RegexTokenizer
from whoosh.formats import Existence
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC
from whoosh.query import Term
from whoosh.reading import EmptyReader, MultiReader, SegmentReader
from whoosh.searching import Searcher
from whoosh.writing import CLEAR

from wardportal.search.folding import TOKEN_PATTERN, fold, fold_word, word_set, words

log = logging.getLogger(__name__)

# Bump when the schema or what goes into a field changes: indexes of another version are rebuilt.
SCHEMA_VERSION = 3
_VERSION_FILE = "SCHEMA_VERSION"
_STALE_MARKER = "STALE"
_GENERATION_FILE = "GENERATION"
# How long a from-scratch rebuild waits for writers of other processes before giving up (index marked stale).
_SCRATCH_LOCK_WAIT = 60.0


class IndexBusy(RuntimeError):
    """The index's write lock could not be had in time: nothing was changed, the index is marked stale."""


class VietnameseFoldFilter(Filter):
    """Whoosh filter folding each token (NFC, no diacritics, đ→d, lowercase, kí/ký). Pickled in the schema."""

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold_word(token.text)
            yield token


class FoldedWordSet(Existence):
    """Posting format of the keywords and body: which folded words a document holds, nothing more.

    The engine reads only which documents hold a word (docsets.py), never how often: counting and whoosh's
    token-by-token analyzer chain were most of the cost of indexing 10,000 guides' bodies. Pickled in the
    schema, like the filter above.
    """

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def word_values(self, value, analyzer, **kwargs):
        boost = self.field_boost
        return ((word, 1, boost, b"") for word in word_set(value))


def _word_set_field(analyzer) -> TEXT:
    """A text field holding only the set of its folded words (see FoldedWordSet)."""
    field = TEXT(analyzer=analyzer, phrase=False)
    field.format = FoldedWordSet()
    return field


def vietnamese_analyzer():
    """Return the analyzer of every searchable text field."""
    return RegexTokenizer(TOKEN_PATTERN) | VietnameseFoldFilter()


def make_schema() -> Schema:
    """Return the index schema: short scored fields apart from the body, display data stored."""
    analyzer = vietnamese_analyzer()
    return Schema(
        uid=ID(unique=True), ward_id=ID(stored=True), code=ID(stored=True), procedure_id=STORED,
        title=TEXT(analyzer=analyzer, stored=True), title_words=STORED,
        keywords=_word_set_field(analyzer), keyword_words=STORED,
        body=_word_set_field(analyzer),
        field=STORED, field_slug=ID(stored=True), field_key=ID, online_level=ID(stored=True),
        processing_days=STORED, url=STORED, popular=NUMERIC(stored=True),
    )


def document_fields(doc: Mapping) -> dict:
    """Turn a procedure dict into the stored and indexed fields of one index document.

    The body holds what describes the guide (summary, document names), not the long how-to text of
    steps and applicants: those words are in nearly every guide, so they add cost and noise, not recall.
    """
    title = unicodedata.normalize("NFC", doc["title"])
    extra = doc.get("keywords") or doc.get("synonyms") or []
    keywords = " ".join([doc["code"], doc.get("field", ""), *([extra] if isinstance(extra, str) else extra)])
    body = " ".join([doc.get("summary", ""), *doc.get("documents", [])])
    return {
        "uid": f"{doc['ward_id']}:{doc['code']}", "ward_id": str(doc["ward_id"]), "code": doc["code"],
        "procedure_id": doc["procedure_id"], "title": title, "title_words": " ".join(words(title)),
        "keywords": keywords, "keyword_words": " ".join(words(keywords)), "body": body,
        "field": doc.get("field", ""), "field_slug": doc.get("field_slug") or "",
        "field_key": fold(doc.get("field", "")), "online_level": str(doc.get("online_level") or "none"),
        "processing_days": doc.get("processing_days"), "url": doc.get("url"),
        "popular": int(bool(doc.get("popular"))),
    }


def open_searcher(ix, attempts: int = 10) -> Searcher:
    """Return `ix.searcher()`, closing what it opened when a writer removes a segment meanwhile.

    Whoosh retries that race too, but leaks the segment files opened before it; with searches taking a
    millisecond or two, a busy writer made it happen often.
    """
    attempt = 0
    while True:
        readers = []
        try:
            toc = TOC.read(ix.storage, ix.indexname)
            for segment in toc.segments:
                readers.append(SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation))
            break
        except BaseException as exc:
            for reader in readers:
                reader.close()
            attempt += 1
            if not isinstance(exc, OSError) or attempt >= attempts:
                raise
            time.sleep(0.05)
    if not readers:
        return Searcher(EmptyReader(toc.schema), fromindex=ix)
    reader = readers[0] if len(readers) == 1 else MultiReader(readers, generation=toc.generation)
    return Searcher(reader, fromindex=ix)


class IndexStore:
    """The index folder: per-thread searchers, one write path, rebuild from `docs_loader()` when needed."""

    def __init__(self, index_dir, docs_loader: Callable[[], Iterable[Mapping]] | None = None,
                 writer_timeout: float = 5.0):
        self.index_dir = Path(index_dir)
        self.docs_loader = docs_loader
        self.writer_timeout = writer_timeout
        self._local = threading.local()
        # Every thread's open searcher, so that searchers of finished threads (a thread-per-request server)
        # are closed on the next open instead of holding their files until garbage collection.
        self._registry_lock = threading.Lock()
        self._registry: dict[int, tuple[weakref.ref, object]] = {}

    def _storage(self) -> FileStorage:
        """The index folder without mmap: a segment truncated under a mapping kills the process (SIGBUS)."""
        return FileStorage(str(self.index_dir), supports_mmap=False)

    def _open(self):
        """Open the index, raising EmptyIndexError/OSError when it is missing or unreadable."""
        if not self.index_dir.is_dir():
            raise FileNotFoundError(self.index_dir)
        return self._storage().open_index()

    def _rebuild_lock_path(self) -> Path:
        """A lock file beside the index folder, so it survives wiping the folder."""
        return self.index_dir.with_name(self.index_dir.name + ".rebuild.lock")

    def _schema_is_current(self) -> bool:
        """Whether the index was built with this code's schema version."""
        try:
            return (self.index_dir / _VERSION_FILE).read_text().strip() == str(SCHEMA_VERSION)
        except OSError:
            return False

    def rebuild(self, docs: Iterable[Mapping], generation: int | None = None) -> int:
        """Replace the whole index with `docs` (in place when readable and current, from scratch if not).

        `generation` is the change-log position the documents reflect; it is recorded with the index.
        Raises IndexBusy (index marked stale, nothing lost) when other writers hold the lock too long.
        """
        self.index_dir.parent.mkdir(parents=True, exist_ok=True)
        with open(self._rebuild_lock_path(), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                return self._rebuild_locked(docs, generation)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _rebuild_locked(self, docs: Iterable[Mapping], generation: int | None = None) -> int:
        """Rebuild while holding the rebuild lock (a loader's list may carry its `generation`)."""
        if generation is None:
            generation = getattr(docs, "generation", None)
        docs = list(docs)
        usable = self._schema_is_current()
        if usable:
            try:
                ix = self._open()
            except Exception as exc:  # noqa: BLE001 — unreadable: start from scratch below
                log.info("search index at %s unreadable (%r); building from scratch", self.index_dir, exc)
                usable = False
        if usable:
            try:
                writer = ix.writer(timeout=self.writer_timeout, limitmb=128)
            except Exception as exc:  # busy is not damaged: never wipe an index because a writer is slow
                self._mark_stale()
                raise IndexBusy(str(exc)) from exc
            # CLEAR commits a new generation replacing every segment: readers switch over atomically.
            count = self._add_all(writer, docs)
            writer.commit(mergetype=CLEAR)
        else:
            count = self._rebuild_from_scratch(docs)
        if generation is not None:
            self.set_applied_generation(generation)
        (self.index_dir / _STALE_MARKER).unlink(missing_ok=True)
        self._reset_searcher()
        return count

    def _rebuild_from_scratch(self, docs: list[Mapping]) -> int:
        """Write a new index in the folder, clearing the old files only while holding Whoosh's write lock."""
        self.index_dir.mkdir(parents=True, exist_ok=True)
        storage = self._storage()
        write_lock = storage.lock("MAIN_WRITELOCK")
        if not _acquire(write_lock, _SCRATCH_LOCK_WAIT):
            self._mark_stale()
            raise IndexBusy("search index write lock held too long")
        try:
            previous = _latest_generation(storage)
            for name in list(storage):
                # the lock file itself stays: another process may be waiting on it
                if name.startswith("_MAIN_") or name.endswith((".seg", ".toc")) or name == _VERSION_FILE:
                    storage.delete_file(name)
            # Generations keep counting up, so a reader never mistakes the new index for the one it has.
            TOC(make_schema(), [], previous + 1).write(storage, "MAIN")
        finally:
            write_lock.release()
        writer = storage.open_index().writer(timeout=_SCRATCH_LOCK_WAIT, limitmb=128)
        count = self._add_all(writer, docs)
        writer.commit()
        (self.index_dir / _VERSION_FILE).write_text(f"{SCHEMA_VERSION}\n")
        return count

    def applied_generation(self) -> int | None:
        """The last catalogue change this index has applied, or None when unknown (rebuild to learn it)."""
        try:
            return int((self.index_dir / _GENERATION_FILE).read_text().strip())
        except (OSError, ValueError):
            return None

    def set_applied_generation(self, generation: int) -> None:
        """Record the catalogue change the index now reflects (atomically: readers see old or new)."""
        tmp = self.index_dir / f".{_GENERATION_FILE}.{os.getpid()}.{threading.get_ident()}"
        tmp.write_text(f"{generation}\n")
        os.replace(tmp, self.index_dir / _GENERATION_FILE)

    def apply(self, upserts: Iterable[Mapping], deletes: Iterable[tuple], generation: int) -> bool:
        """Add or replace `upserts`, remove `deletes` ((ward_id, code) pairs) in one commit; record `generation`."""
        fields = [document_fields(doc) for doc in upserts]
        uids = [f"{ward_id}:{code}" for ward_id, code in deletes]

        def action(writer):
            for uid in uids:
                writer.delete_by_term("uid", uid)
            for item in fields:
                writer.update_document(**item)

        if not self._write(action):
            return False
        self.set_applied_generation(generation)
        return True

    @staticmethod
    def _add_all(writer, docs: Iterable[Mapping]) -> int:
        """Add every doc to a writer, cancelling the writer if a doc is malformed."""
        count = 0
        try:
            for doc in docs:
                writer.add_document(**document_fields(doc))
                count += 1
        except BaseException:
            writer.cancel()
            raise
        return count

    def _write(self, action: Callable) -> bool:
        """Run `action(writer)` and commit; on lock timeout or error mark the index stale, return False."""
        try:
            writer = self._open().writer(timeout=self.writer_timeout)
        except Exception as exc:
            log.warning("search index not writable (%r); marked stale", exc)
            self._mark_stale()
            return False
        try:
            action(writer)
            writer.commit()
            return True
        except Exception as exc:
            writer.cancel()
            log.warning("search index update failed (%r); marked stale", exc)
            self._mark_stale()
            return False

    def _mark_stale(self) -> None:
        """Record that the index missed an update, so `ensure` rebuilds it."""
        try:
            (self.index_dir / _STALE_MARKER).touch()
        except OSError:
            pass  # no folder at all: ensure() rebuilds a missing index anyway

    def upsert(self, doc: Mapping) -> bool:
        """Add or replace one procedure (keyed by ward and code)."""
        fields = document_fields(doc)
        return self._write(lambda w: w.update_document(**fields))

    def delete(self, ward_id, code: str) -> bool:
        """Remove one procedure from the index."""
        return self._write(lambda w: w.delete_by_term("uid", f"{ward_id}:{code}"))

    def document_count(self) -> int:
        """How many procedures the index holds."""
        with self._open().searcher() as searcher:
            return searcher.doc_count()

    def needs_rebuild(self) -> bool:
        """Whether the index is missing, marked stale, of an older schema or cannot be read."""
        if (self.index_dir / _STALE_MARKER).exists() or not self._schema_is_current():
            return True
        try:
            with self._open().searcher() as searcher:
                searcher.search(Term("title", "a"), limit=1)
                searcher.doc_count()
            return False
        except Exception:
            return True

    def ensure(self, docs_loader: Callable[[], Iterable[Mapping]] | None = None) -> bool:
        """Rebuild from `docs_loader` (or the constructor's) when needed; True if it rebuilt."""
        loader = docs_loader or self.docs_loader
        if loader is None or not self.needs_rebuild():
            return False
        self.rebuild(loader())
        return True

    def _recover(self) -> bool:
        """Rebuild after a read failure, unless another process is already rebuilding."""
        if self.docs_loader is None:
            return False
        self.index_dir.parent.mkdir(parents=True, exist_ok=True)
        with open(self._rebuild_lock_path(), "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            try:
                self._reset_searcher()
                if not self.needs_rebuild():
                    return True  # another process repaired it meanwhile
                self._rebuild_locked(self.docs_loader())
                return True
            except Exception as exc:
                log.error("search index rebuild failed: %r", exc)
                return False
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def close(self) -> None:
        """Release this thread's searcher (open files); the next search reopens the index."""
        self._reset_searcher()

    def close_all(self) -> None:
        """Release every thread's searcher (at shutdown; a thread still searching reopens the index)."""
        self._reset_searcher()
        with self._registry_lock:
            stale, self._registry = list(self._registry.values()), {}
        for _thread, searcher in stale:
            _close_quietly(searcher)

    def _reset_searcher(self) -> None:
        """Forget this thread's searcher so the next query reopens the index."""
        searcher = getattr(self._local, "searcher", None)
        self._local.searcher = None
        with self._registry_lock:
            entry = self._registry.pop(threading.get_ident(), None)
        # Thread idents are reused: the entry may be a finished thread's searcher, which needs closing too.
        if entry is not None and entry[1] is not searcher:
            _close_quietly(entry[1])
        if searcher is not None:
            _close_quietly(searcher)

    def _register(self, searcher) -> None:
        """Remember this thread's searcher and close those of threads that have finished."""
        with self._registry_lock:
            finished = [ident for ident, (thread, _s) in self._registry.items()
                        if thread() is None or not thread().is_alive()]
            stale = [self._registry.pop(ident)[1] for ident in finished]
            self._registry[threading.get_ident()] = (weakref.ref(threading.current_thread()), searcher)
        for old in stale:
            _close_quietly(old)

    def _searcher(self):
        """Return this thread's searcher, refreshed to the latest committed generation."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None and searcher.up_to_date():
            return searcher
        # Not searcher.refresh(): it reuses segment readers and misses deletions committed on their own.
        self._reset_searcher()
        self._local.searcher = open_searcher(self._open())
        self._register(self._local.searcher)
        return self._local.searcher


def _acquire(lock, seconds: float) -> bool:
    """Try to take a Whoosh file lock for up to `seconds`."""
    deadline = time.monotonic() + seconds
    while not lock.acquire(blocking=False):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


def _latest_generation(storage) -> int:
    """The highest TOC generation in the folder (-1 when there is none)."""
    try:
        return TOC._latest_generation(storage, "MAIN")
    except Exception:  # noqa: BLE001 — unreadable listing: start at 0
        return -1


def _close_quietly(searcher) -> None:
    """Close a searcher; one that is already closed or broken needs nothing more."""
    try:
        searcher.close()
    except Exception:
        pass
