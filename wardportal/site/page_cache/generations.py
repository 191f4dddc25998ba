"""Content generations: a counter per ward, bumped in the same transaction as every public change.

Every server keeps rendered public pages keyed by the ward's generation (see ``page_cache.store``). The
generation lives in the ``ward`` row the request loads anyway, so a server notices another server's change
with no extra query, and a change can never be committed without its bump (same flush, same transaction).
Hooking the ORM flush rather than each editing function means every path that changes the catalogue (the
editor, the importer, the demo loader, restores, scheduled publishing) is covered without knowing about it.
"""

import threading
import time

from flask import current_app, has_app_context
from sqlalchemy import inspect, select, update
from sqlalchemy.orm import Session

from wardportal.catalogue.models import Contact, FormTemplate, OutsideService, Procedure, RequiredDocument
from wardportal.kernel.extensions import db
from wardportal.kernel.times import now_utc
from wardportal.publications.models import Publication
from wardportal.search.models import SearchSynonym
from wardportal.staff.models import Ward

# Rows whose content residents see on the public pages (or in search results), with their ward column.
_WARD_OWNED = (Procedure, Contact, SearchSynonym, Publication, OutsideService)
_GUIDE_PARTS = (RequiredDocument, FormTemplate)
# Ward columns that only the cache itself writes: changing them must not count as a content change.
_WARD_BOOKKEEPING = {"content_generation", "content_changed_at", "notice_html"}


def _touched_wards(session: Session) -> set[int]:
    """Ids of the wards whose public content the pending flush changes."""
    ward_ids: set[int] = set()
    procedure_ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Ward):
            if obj in session.new or obj in session.deleted or _ward_content_changed(obj, session):
                if obj.id is not None:
                    ward_ids.add(obj.id)
        elif isinstance(obj, _WARD_OWNED):
            if obj.ward_id is not None and (obj not in session.dirty or session.is_modified(obj)):
                ward_ids.add(obj.ward_id)
        elif isinstance(obj, _GUIDE_PARTS):
            if obj.procedure is not None and obj.procedure.ward_id is not None:
                ward_ids.add(obj.procedure.ward_id)
            elif obj.procedure_id is not None:
                procedure_ids.add(obj.procedure_id)
    if procedure_ids:
        ward_ids.update(session.connection().scalars(
            select(Procedure.ward_id).where(Procedure.id.in_(procedure_ids))))
    return ward_ids


def _ward_content_changed(ward: Ward, session: Session) -> bool:
    """Whether a dirty ward row changed something besides the cache's own bookkeeping columns."""
    return any(attr.history.has_changes() for attr in inspect(ward).attrs if attr.key not in _WARD_BOOKKEEPING)


def bump(session: Session, ward_ids: set[int]) -> None:
    """Advance the content generation of these wards inside the session's current transaction."""
    if not ward_ids:
        return
    session.connection().execute(
        update(Ward).where(Ward.id.in_(sorted(ward_ids)))
        .values(content_generation=Ward.content_generation + 1, content_changed_at=now_utc())
        .execution_options(synchronize_session=False))


def after_flush(session: Session, _context) -> None:
    pending = session.info.setdefault("page_cache_wards", set())
    pending.update(_touched_wards(session))


def before_commit(session: Session) -> None:
    # Flush first so the last changes are counted, then bump once per transaction, still inside it.
    session.flush()
    wards = session.info.pop("page_cache_wards", set())
    bump(session, wards)
    if wards:
        session.info["page_cache_bumped"] = True


def after_commit(session: Session) -> None:
    # This server sees its own change at once; the others when their memo expires.
    if session.info.pop("page_cache_bumped", False) and has_app_context():
        memo = current_app.extensions.get("page_cache_generations")
        if memo is not None:
            memo.clear()


def after_rollback(session: Session) -> None:
    session.info.pop("page_cache_wards", None)
    session.info.pop("page_cache_bumped", None)


class GenerationMemo:
    """Every ward's (id, generation, last change) by slug, read in one query and kept ``ttl`` seconds."""

    def __init__(self, ttl: float):
        self.ttl = ttl
        self._wards: dict[str, tuple] = {}
        self._read_at = -float("inf")
        self._lock = threading.Lock()

    def wards(self) -> dict[str, tuple]:
        """The generations, read again when older than the time limit."""
        with self._lock:
            if time.monotonic() - self._read_at < self.ttl:
                return self._wards
        rows = db.session.execute(select(Ward.slug, Ward.id, Ward.content_generation, Ward.content_changed_at))
        wards = {slug: (ward_id, generation, changed) for slug, ward_id, generation, changed in rows}
        with self._lock:
            self._wards, self._read_at = wards, time.monotonic()
        return wards

    def clear(self) -> None:
        """Read again on the next request."""
        with self._lock:
            self._read_at = -float("inf")

