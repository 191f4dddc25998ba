"""Keeping every server's search index in step with the database through a change log.

Each server has its own Whoosh index (derived data in its instance folder); the database is shared. Every
flush that creates, edits, publishes, unpublishes or deletes a guide writes a `search_change` row in the
same transaction, so the log can never miss a committed change nor record one that was rolled back. On
PostgreSQL the writer takes a lock on the log table first, so change ids are committed in id order and
"everything up to id N" is a well-defined generation.

Every server remembers in its index folder which generation it has applied. Before a search it looks at
the newest id (one indexed lookup, at most once per `SEARCH_SYNC_INTERVAL` seconds per process) and applies
the changes it has not seen: the guides named are read again and re-indexed or dropped. A stale, missing
or outdated index is rebuilt there and then from a snapshot that records the generation it reflects.
"""

from __future__ import annotations

import fcntl
import logging
import threading
import time
from datetime import datetime

from sqlalchemy import func, insert, inspect, select, text, tuple_
from sqlalchemy.orm import Session, selectinload

from wardportal.catalogue.models import Procedure, RequiredDocument
from wardportal.kernel.extensions import db
from wardportal.kernel.times import now_utc
from wardportal.search.models import SearchChange

log = logging.getLogger(__name__)

_LOCKED = "wardportal.search_change_locked"
# At most this many changes are applied in one go; a server far behind catches up over a few searches.
_BATCH = 2000


class Snapshot(list):
    """Search documents of every published guide, with the change-log generation they reflect."""

    def __init__(self, docs, generation: int):
        super().__init__(docs)
        self.generation = generation


def latest_generation(session) -> int:
    """The newest change-log id (0 when the log is empty)."""
    return session.scalar(select(func.coalesce(func.max(SearchChange.id), 0)))


def lag(session, applied: int | None) -> tuple[int, datetime | None]:
    """How far an index that applied change ``applied`` is behind: changes not applied, and the time of the
    oldest of them (None when up to date). An index that applied nothing is behind by the whole log."""
    start = applied or 0
    count, oldest = session.execute(select(func.count(SearchChange.id), func.min(SearchChange.changed_at))
                                    .where(SearchChange.id > start)).one()
    return count, oldest


def snapshot(session, load_docs) -> Snapshot:
    """Read the generation first, then the documents: changes committed meanwhile are applied again later."""
    generation = latest_generation(session)
    return Snapshot(load_docs(), generation)


# ---------------------------------------------------------------- writing the log


def _changed_guides(session: Session) -> set[tuple[int, str]]:
    """(ward_id, code) of every guide this flush touched, old codes of renamed guides included."""
    touched = set()
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(obj, Procedure):
            state = inspect(obj)
            if obj.ward_id is not None and obj.code:
                touched.add((obj.ward_id, obj.code))
            for old_code in state.attrs.code.history.deleted or ():
                if old_code and obj.ward_id is not None:
                    touched.add((obj.ward_id, old_code))
        elif isinstance(obj, RequiredDocument):
            procedure = obj.procedure if "procedure" not in inspect(obj).unloaded else None
            if procedure is None and obj.procedure_id is not None:
                procedure = session.get(Procedure, obj.procedure_id)
            if procedure is not None and procedure.ward_id is not None:
                touched.add((procedure.ward_id, procedure.code))
    return touched


def log_catalogue_changes(session: Session, _context) -> None:
    """Record the guides a flush changed, in the flush's own transaction."""
    touched = _changed_guides(session)
    if not touched:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql" and not session.info.get(_LOCKED):
        # Serialise catalogue writers until commit: ids then become visible in order, never with gaps
        # a follower could skip. Plain reads (the followers' checks) are not blocked by this mode.
        connection.execute(text("LOCK TABLE search_change IN SHARE ROW EXCLUSIVE MODE"))
        session.info[_LOCKED] = True
    now = now_utc()
    connection.execute(insert(SearchChange.__table__),
                       [{"ward_id": ward_id, "code": code, "changed_at": now} for ward_id, code in sorted(touched)])


def forget_lock(session: Session, transaction) -> None:
    """The table lock ends with the transaction."""
    if transaction.parent is None:
        session.info.pop(_LOCKED, None)


# ---------------------------------------------------------------- following the log


class IndexFollower:
    """Brings one server's index up to the database's change log (throttled, one process at a time)."""

    def __init__(self, backend, load_docs, doc_of, interval: float = 1.0):
        self.backend = backend
        self.load_docs = load_docs  # () -> list of search documents (published guides)
        self.doc_of = doc_of  # Procedure -> search document
        self.interval = interval
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def maybe_sync(self) -> None:
        """Sync unless this process looked less than `interval` seconds ago; never raises."""
        now = time.monotonic()
        if now - self._checked_at < self.interval:
            return
        self._checked_at = now
        try:
            self.sync()
        except Exception as exc:  # noqa: BLE001 — search must keep answering from the index it has
            log.warning("search index sync failed: %r", exc)

    def sync(self) -> int:
        """Apply the changes this index has not seen (rebuild when it is stale or unknown); return how many."""
        if not self._lock.acquire(blocking=False):
            return 0  # another thread of this process is at it
        try:
            return self._sync_locked()
        finally:
            self._lock.release()

    def _sync_locked(self) -> int:
        """One process per server follows at a time; the others keep serving the index as it is."""
        store = self.backend
        store.index_dir.parent.mkdir(parents=True, exist_ok=True)
        lock_path = store.index_dir.with_name(store.index_dir.name + ".sync.lock")
        with open(lock_path, "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return 0
            try:
                applied = store.applied_generation()
                if applied is None or store.needs_rebuild():
                    return store.rebuild(snapshot(db.session, self.load_docs))
                rows = db.session.execute(
                    select(SearchChange.id, SearchChange.ward_id, SearchChange.code)
                    .where(SearchChange.id > applied).order_by(SearchChange.id).limit(_BATCH)).all()
                if not rows:
                    return 0
                return self._apply(rows)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _apply(self, rows) -> int:
        """Re-read the guides named by `rows` and index or drop each one."""
        pairs = {(row.ward_id, row.code) for row in rows}
        procedures = db.session.scalars(
            select(Procedure).where(tuple_(Procedure.ward_id, Procedure.code).in_(list(pairs)))
            .options(selectinload(Procedure.documents))).all()
        published = [p for p in procedures if p.is_published]
        kept = {(p.ward_id, p.code) for p in published}
        gone = sorted(pairs - kept)
        if not self.backend.apply([self.doc_of(p) for p in published], gone, rows[-1].id):
            return 0  # marked stale: the next sync rebuilds
        return len(pairs)
