"""Procedure search: the backend interface and its Whoosh implementation.

Whoosh keeps the index (index_store.py); the query side does its boolean work on cached bitmaps of the
postings (docsets.py) because Whoosh's pure-Python matchers were too slow on 10,000 guides. Ranking runs
in stages:
  1. every concept of the query found in the title or keywords (synonyms, code, field name);
  2. only if that gives fewer than three results: every concept found somewhere, body (summary and
     document names) included;
  3. only if both found nothing: any concept in the title or keywords.
Within a stage, candidates are ranked on title coverage, whole-phrase match, share of the title matched
and exact title, so "ket hon" puts "Đăng ký kết hôn" before "Đăng ký lại kết hôn". When a stage matches
more guides than can be ranked one by one (a province-wide search), those with the most concepts in the
title and then the shortest titles — the ones these features favour — are ranked.

Only engine-side modules (this one, index_store.py, docsets.py) import whoosh.
"""

import abc
import logging
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .docsets import DocSets, at_least, docnums
from .folding import fold, word_spans
from .index_store import IndexStore, VietnameseFoldFilter, document_fields, make_schema  # noqa: F401
from .limits import CorrectionBudget, bound_query
from .query import EXACT, Concept, QueryPlan, Vocabulary, highlight, plan_query, title_features
from .synonyms import merge_synonyms

log = logging.getLogger(__name__)

_CANDIDATES = 40
_BODY_STAGE_BELOW = 3
_VOCABULARY_WEIGHTS = {"title": 4, "keywords": 1, "body": 1}


@dataclass
class SearchResult:
    """One procedure found; `title_html` is escaped HTML with matched words in <mark>."""

    procedure_id: int
    ward_id: str
    code: str
    title: str
    title_html: str
    field: str
    field_slug: str
    online_level: str
    processing_days: int | None
    url: str | None
    score: float


@dataclass
class SearchPage:
    """A page of results; `total` counts matches of the stages that answered the query."""

    query: str
    total: int
    results: list[SearchResult] = field(default_factory=list)
    suggestion: str | None = None
    degraded: bool = False


class SearchBackend(abc.ABC):
    """What the site needs from a search engine; a PostgreSQL full-text backend can implement it too."""

    @abc.abstractmethod
    def rebuild(self, docs: Iterable[Mapping]) -> int:
        """Replace the whole index with `docs`; return how many were indexed."""

    @abc.abstractmethod
    def upsert(self, doc: Mapping) -> bool:
        """Add or replace one procedure; False if the index could not be written (now marked stale)."""

    @abc.abstractmethod
    def delete(self, ward_id, code: str) -> bool:
        """Remove one procedure (unpublished or deleted); False if the index could not be written."""

    @abc.abstractmethod
    def document_count(self) -> int:
        """How many procedures the index holds (all wards)."""

    @abc.abstractmethod
    def search(self, ward_id, q: str, field: str | None = None, online_level: str | None = None,
               limit: int = 10, offset: int = 0, synonyms: Mapping | None = None) -> SearchPage:
        """Return ranked procedures of ward `ward_id` (None: all wards) for what a resident typed."""

    @abc.abstractmethod
    def suggest(self, ward_id, q: str) -> str | None:
        """Return a corrected query ("did you mean"), or None."""


@dataclass
class _ConceptDocs:
    """The documents one concept matches: in the title alone, in title or keywords, anywhere."""

    title: int = 0
    titled: int = 0
    anywhere: int = 0


class WhooshBackend(IndexStore, SearchBackend):
    """Whoosh index in a folder; `docs_loader()` returns all procedure dicts for (re)building it."""

    def __init__(self, index_dir, docs_loader=None, writer_timeout: float = 5.0):
        super().__init__(index_dir, docs_loader, writer_timeout)
        self._cache_lock = threading.Lock()
        self._vocab: tuple[int, Vocabulary] | None = None

    def _reset_searcher(self) -> None:
        """Forget this thread's searcher and its bitmaps."""
        super()._reset_searcher()
        self._local.docsets = None

    def _docsets(self, searcher) -> DocSets:
        """Return the bitmaps of this thread's searcher (built on its first query)."""
        docsets = getattr(self._local, "docsets", None)
        if docsets is None or docsets[0] is not searcher:
            docsets = self._local.docsets = (searcher, DocSets(searcher, str(self.index_dir)))
        return docsets[1]

    def _vocabulary(self, searcher) -> Vocabulary:
        """Return the index's term frequencies, cached per index generation."""
        generation = searcher.reader().generation()
        with self._cache_lock:
            if self._vocab is None or self._vocab[0] != generation:
                # A word in titles counts more: corrections and completions should lead to titles.
                frequencies = self._docsets(searcher).frequencies(_VOCABULARY_WEIGHTS)
                self._vocab = (generation, Vocabulary(frequencies))
            return self._vocab[1]

    @staticmethod
    def _restriction(docsets: DocSets, ward_id, field_name, online_level) -> int:
        """Return the documents allowed by the ward, field (slug or name) and online level asked for."""
        allowed = docsets.live
        if ward_id is not None:
            allowed &= docsets.term("ward_id", str(ward_id))
        if field_name:
            allowed &= docsets.term("field_slug", field_name) | docsets.term("field_key", fold(field_name))
        if online_level:
            allowed &= docsets.term("online_level", str(online_level))
        return allowed

    def search(self, ward_id, q: str, field: str | None = None, online_level: str | None = None,
               limit: int = 10, offset: int = 0, synonyms: Mapping | None = None) -> SearchPage:
        """Rank the procedures of `ward_id` for `q`; never raises (a degraded page has no results)."""
        page = SearchPage(query=q, total=0)
        if not q or not q.strip():
            return page
        q = bound_query(q)  # the worst query must cost a small multiple of a normal one (limits.py)
        for attempt in range(3):
            try:
                return self._search(ward_id, q, field, online_level, limit, offset, synonyms)
            except Exception as exc:
                log.warning("search failed (attempt %d): %r", attempt + 1, exc)
                self._reset_searcher()
                if attempt == 1 and not self._recover():
                    break
        page.degraded = True
        return page

    def _search(self, ward_id, q, field_name, online_level, limit, offset, synonyms) -> SearchPage:
        """Plan the query, run the stages needed to fill the page, and build the results."""
        searcher = self._searcher()
        vocab = self._vocabulary(searcher)
        docsets = self._docsets(searcher)
        plan = plan_query(q, vocab, _synonym_table(synonyms))
        allowed = self._restriction(docsets, ward_id, field_name, online_level)
        concepts = [_concept_docs(docsets, concept) for concept in plan.concepts]
        wanted = offset + limit
        ranked, seen, total = [], 0, 0
        for number, found in enumerate(_stages(concepts)):
            if number == 2 and total:
                break
            new = found & allowed & ~seen
            seen |= new
            total += new.bit_count()
            ranked.extend(_rank(searcher, docsets, plan, concepts, new, max(_CANDIDATES, wanted)))
            # The body stage widens the net: only when titles gave (almost) nothing for this page.
            if total >= min(wanted, _BODY_STAGE_BELOW):
                break
        page = SearchPage(query=q, total=total, suggestion=self._suggestion(q, vocab))
        for score, stored, matched in ranked[offset:wanted]:
            page.results.append(SearchResult(
                procedure_id=stored["procedure_id"], ward_id=stored["ward_id"], code=stored["code"],
                title=stored["title"], title_html=highlight(stored["title"], matched), field=stored["field"],
                field_slug=stored.get("field_slug", ""), online_level=stored["online_level"],
                processing_days=stored.get("processing_days"), url=stored.get("url"), score=round(score, 4)))
        return page

    @staticmethod
    def _suggestion(q: str, vocab: Vocabulary) -> str | None:
        """Offer `q` with its unknown words replaced by the nearest indexed word, if any was."""
        spans = word_spans(q)
        completing = bool(q) and not q[-1].isspace()
        out, cursor, changed = [], 0, False
        budget = CorrectionBudget()
        for n, (start, end, word) in enumerate(spans):
            if word in vocab or word[0].isdigit() or (completing and n == len(spans) - 1
                                                        and vocab.completions(word, cap=1)):
                continue
            if not budget.take():
                break
            better = vocab.correction(word)
            if better:
                out.append(q[cursor:start] + better)
                cursor, changed = end, True
        out.append(q[cursor:])
        return "".join(out).strip() if changed else None

    def suggest(self, ward_id, q: str) -> str | None:
        """Return `q` with each unknown word replaced by its nearest indexed word, or None."""
        try:
            searcher = self._searcher()
            vocab = self._vocabulary(searcher)
            return self._suggestion(bound_query(q), vocab)
        except Exception as exc:
            log.warning("suggest failed: %r", exc)
            self._reset_searcher()
            return None


_SYNONYM_CACHE: dict[tuple, dict] = {}


def _synonym_table(extra: Mapping | None) -> dict:
    """Return folded defaults merged with a ward's extra synonyms, cached by their content."""
    key = tuple(sorted((k, v if isinstance(v, str) else tuple(v)) for k, v in (extra or {}).items()))
    table = _SYNONYM_CACHE.get(key)
    if table is None:
        if len(_SYNONYM_CACHE) > 64:
            _SYNONYM_CACHE.clear()
        table = _SYNONYM_CACHE[key] = merge_synonyms(extra)
    return table


def _concept_docs(docsets: DocSets, concept: Concept) -> _ConceptDocs:
    """Return where the documents match one concept: an alternative matches when all its words do.

    The body is searched for exact words only: a completion or typo neighbour found only in a long
    text is noise, not a sign the resident meant that guide.
    """
    found = _ConceptDocs()
    for alternative in concept.alternatives:
        title = titled = anywhere = -1  # all documents: the identity of AND
        for expansion in alternative:
            in_title = docsets.any_term("title", expansion)
            in_keywords = docsets.any_term("keywords", expansion)
            in_body = docsets.any_term("body", [t for t, weight in expansion.items() if weight == EXACT])
            title &= in_title
            titled &= in_title | in_keywords
            anywhere &= in_title | in_keywords | in_body
        found.title |= title
        found.titled |= titled
        found.anywhere |= anywhere
    return found


def _stages(concepts: list[_ConceptDocs]) -> list[int]:
    """Return the documents of each ranking stage (see the module docstring), before restriction."""
    if not concepts:
        return []
    all_titled = all_anywhere = -1
    any_titled = 0
    for concept in concepts:
        all_titled &= concept.titled
        all_anywhere &= concept.anywhere
        any_titled |= concept.titled
    return [all_titled, all_anywhere, any_titled]


def _preselect(docsets: DocSets, concepts: list[_ConceptDocs], found: int, window: int) -> list[int]:
    """Pick about `window` documents of `found` to rank: most concepts in the title, then shortest titles."""
    if found.bit_count() <= window:
        return docnums(found)
    picked: list[int] = []
    counts = at_least([concept.title for concept in concepts])
    for k in range(len(concepts), -1, -1):
        tier = found & counts[k]
        found &= ~tier
        for _, same_length in docsets.lengths("title"):
            part = tier & same_length
            if part:
                picked.extend(docnums(part, window - len(picked)))
                if len(picked) >= window:
                    return picked
    return picked


def _rank(searcher, docsets, plan: QueryPlan, concepts, found: int, window: int) -> list[tuple]:
    """Order one stage's documents by title features; return (score, stored fields, matched positions)."""
    codes = {c.code for c in plan.concepts if c.code}
    ranked = []
    for docnum in _preselect(docsets, concepts, found, window):
        stored = searcher.stored_fields(docnum)
        f = title_features(plan, stored["title_words"].split(), stored["keyword_words"].split())
        # Share of concepts in the title or keywords: in the any-concept stage, more is better.
        titled = sum(concept.titled >> docnum & 1 for concept in concepts) / max(len(concepts), 1)
        score = (0.5 * titled + 3 * f["coverage"] + f["phrase"] + 2 * f["ratio"] + 2 * f["exact"]
                 + 0.3 * stored.get("popular", 0) + (100 if stored["code"] in codes else 0))
        ranked.append((score, docnum, stored, f["matched"]))
    ranked.sort(key=lambda row: (-row[0], row[1]))
    return [(score, stored, matched) for score, _, stored, matched in ranked]
