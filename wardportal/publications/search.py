"""Search of a ward's public notices, news and documents, by title and by document number.

Folding is `search.folding` (the same as the guides' index), applied once at save time to a
``search_text`` column and to each query here; matching is SQL (every query word must start a word of the
text), so the guides' Whoosh schema stays untouched. A document number is normalised to its folded words
(``123/QĐ-UBND``, ``123/qd-ubnd`` and ``123 qd`` all give ``123 qd ...``), and an exact number ranks first.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_

from wardportal.kernel.extensions import db
from wardportal.publications.models import PUBLICATION_KINDS, Publication
from wardportal.publications.queries import public
from wardportal.search.folding import words

MAX_QUERY_WORDS = 8


def number_key(number: str) -> str:
    """A document number reduced to its folded words: ``123/QĐ-UBND`` → ``123 qd ubnd``."""
    return " ".join(words(number or ""))


def search_publications(ward, query: str, now: datetime, per_kind: int = 10) -> dict[str, list[Publication]]:
    """Public publications matching ``query``, grouped by kind (kinds without results are left out)."""
    terms = words(query or "")[:MAX_QUERY_WORDS]
    if not terms:
        return {}
    # " term" at a word start; LIKE wildcards in a term are escaped (\w includes "_")
    condition = and_(*(Publication.search_text.contains(" " + term, autoescape=True) for term in terms))
    wanted = " ".join(terms)
    grouped: dict[str, list[Publication]] = {}
    for kind in PUBLICATION_KINDS:
        rows = list(db.session.scalars(
            public(ward, now, kind).where(condition)
            .order_by(Publication.publish_at.desc(), Publication.id.desc()).limit(per_kind * 3)))
        # an exact or leading number match first, then newest first (the SQL order, kept by a stable sort)
        rows.sort(key=lambda p: 0 if p.doc_number and number_key(p.doc_number).startswith(wanted) else 1)
        if rows:
            grouped[kind] = rows[:per_kind]
    return grouped
