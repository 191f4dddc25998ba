"""The search index of this install's catalogue: one backend per app, kept in step with the database.

The index is derived data, one per server. It follows the database's change log (index_sync.py): every
guide change is logged in its own transaction, the server that made it applies it right after the commit
(through the catalogue signals), every other server before its next search (checked at most once per
`SEARCH_SYNC_INTERVAL` seconds). It is rebuilt from the database when it is missing, stale or damaged, and
`flask --app wardportal reindex` rebuilds it on demand.
"""

import logging

from flask import Flask, current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from wardportal.catalogue.models import Procedure
from wardportal.kernel.extensions import db
from wardportal.kernel.startup_line import search_index_folder
from wardportal.search.engine import SearchBackend, WhooshBackend
from wardportal.search.folding import fold
from wardportal.search.index_sync import IndexFollower, snapshot
from wardportal.search.models import SearchSynonym
from wardportal.staff import audit
from wardportal.staff.models import Ward

log = logging.getLogger(__name__)


def procedure_doc(procedure: Procedure) -> dict:
    """The plain document the search engine indexes for one guide."""
    return {
        "ward_id": procedure.ward_id, "procedure_id": procedure.id, "code": procedure.code,
        "title": procedure.title, "field": procedure.field, "field_slug": procedure.field_slug,
        "summary": procedure.summary, "applicants": procedure.applicants, "steps": procedure.steps,
        "documents": [d.name for d in procedure.documents], "online_level": procedure.online_level,
        "processing_days": procedure.processing_days, "popular": procedure.is_popular,
        # English titles and words too: an English query finds the guide through them (kept as keywords).
        "keywords": " ; ".join(part for part in (procedure.search_keywords, procedure.title_en,
                                                 procedure.keywords_en) if part),
    }


def load_published_docs() -> list[dict]:
    """Every published guide of every ward, as search documents."""
    query = (select(Procedure).where(Procedure.is_published.is_(True))
             .options(selectinload(Procedure.documents)))
    return [procedure_doc(p) for p in db.session.scalars(query)]


def init_search(app: Flask) -> None:
    """Give the app its search backend over ``<instance>/search-index`` and the follower that syncs it."""

    def docs_loader():
        # Inside a request or command, read with its session: a second connection would wait for the
        # write lock that session may hold (SQLite) and time out.
        if has_app_context():
            return snapshot(db.session, load_published_docs)
        with app.app_context():
            return snapshot(db.session, load_published_docs)

    index_dir = search_index_folder(app)
    backend = WhooshBackend(index_dir, docs_loader=docs_loader)
    app.extensions["search"] = backend
    app.extensions["search.follower"] = IndexFollower(
        backend, load_published_docs, procedure_doc, interval=float(app.config.get("SEARCH_SYNC_INTERVAL", 1.0)))


def search_backend() -> SearchBackend:
    """The current app's search backend, brought up to the database's change log first (throttled)."""
    follower = current_app.extensions.get("search.follower")
    if follower is not None:
        follower.maybe_sync()
    return current_app.extensions["search"]


def sync_index() -> int:
    """Apply every catalogue change this server's index has not seen yet; return how many guides."""
    return current_app.extensions["search.follower"].sync()


def ward_synonyms(ward_id: int) -> dict[str, list[str]]:
    """The everyday phrases this ward's editors added, each mapped to its official wordings."""
    rows = db.session.execute(select(SearchSynonym.phrase, SearchSynonym.expansion)
                              .where(SearchSynonym.ward_id == ward_id))
    return {phrase: [part.strip() for part in expansion.split(";") if part.strip()] for phrase, expansion in rows}


def list_ward_synonyms(ward: Ward) -> list[SearchSynonym]:
    """The ward's own synonyms, alphabetically, for the editors' page."""
    return list(db.session.scalars(select(SearchSynonym).where(SearchSynonym.ward_id == ward.id)
                                   .order_by(SearchSynonym.phrase)))


def add_ward_synonym(ward: Ward, phrase: str, expansion: str, actor, ip_address: str, now) -> SearchSynonym:
    """Teach the ward's search an everyday phrase; raise ValueError when the ward already has it."""
    phrase, expansion = " ".join(phrase.split()), " ".join(expansion.split())
    folded = fold(phrase)
    if any(fold(s.phrase) == folded for s in list_ward_synonyms(ward)):
        raise ValueError("duplicate")
    synonym = SearchSynonym(ward_id=ward.id, phrase=phrase, expansion=expansion)
    db.session.add(synonym)
    audit.record("search.synonym_added", actor, ip_address, now, ward=ward, target=phrase)
    db.session.commit()
    return synonym


def remove_ward_synonym(ward: Ward, synonym_id: int, actor, ip_address: str, now) -> bool:
    """Forget one of the ward's synonyms; False when it is not this ward's."""
    synonym = db.session.get(SearchSynonym, synonym_id)
    if synonym is None or synonym.ward_id != ward.id:
        return False
    audit.record("search.synonym_removed", actor, ip_address, now, ward=ward, target=synonym.phrase)
    db.session.delete(synonym)
    db.session.commit()
    return True


def rebuild_index() -> int:
    """Rebuild the whole index from the database; return how many guides it holds."""
    return current_app.extensions["search"].rebuild(snapshot(db.session, load_published_docs))


def on_procedures_changed(_sender, **_extra):
    """Guides were saved: apply the change log now, so this server's next search already sees them."""
    if "search.follower" in current_app.extensions:
        try:
            sync_index()
        except Exception as exc:  # noqa: BLE001 — the edit is committed; the next search catches up
            log.warning("search index sync after an edit failed: %r", exc)


def on_procedures_deleted(_sender, **_extra):
    """Guides were deleted for good: same as any other change."""
    on_procedures_changed(_sender)
