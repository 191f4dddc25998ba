"""Ward publications: notices, news and official documents, published (signed) and searchable.

Public pages, Atom feeds, the sitemap and canonical links live in ``views_public``; the editors' pages in
``views_staff``; the leaders' review and signing of documents in ``views_leader``. Domain logic is in plain
modules: ``editing`` (save, publish, schedule, revisions), ``queries`` (what residents see at a given moment),
``search``, ``media`` (pictures and PDFs), ``approval`` (documents a leader signs before the ward's seal),
``signing`` (the ward's seal alone, signature checks), ``feeds`` and ``sitemap``.
"""

from flask import Blueprint
from wardportal.publications.links import canonical_url

bp = Blueprint("publications", __name__)


@bp.record_once
def _set_up(state) -> None:
    """The shared layout's canonical link (it reads the request, never the database)."""
    state.app.jinja_env.globals["canonical_url"] = canonical_url
