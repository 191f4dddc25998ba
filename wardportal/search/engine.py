"""Procedure search: the backend interface and its Whoosh implementation.

Whoosh keeps the index (index_store.py); the query side works on cached bitmaps of the postings
(docsets.py) because Whoosh's pure-Python matchers were too slow on 10,000 guides. Ranking:
  1. every concept of the query (a word, or a synonym phrase with its official wordings) and every pair
     of neighbouring concepts gets a weight by how rare it is among the allowed guides (BM25 idf); what
     a question says as a reason or circumstance ("để ...", "[scene] thì ...") weighs half;
  2. every allowed guide gets the weighted share of the query it covers, a concept counting fully in
     the title, less in the keywords, least in the body; a word a guide lacks lowers its score and never
     removes it, so a sentence's extra words ("cho chau noi", "can nhung giay to gi") hide nothing.
     These sums run on bit-sliced bitmaps of all guides at once (docsets.SlicedScores);
  3. the best few dozen are ranked one by one on coverage (typos and completions counting less), the
     share of the title matched, whole phrase, and near-exact title (every title word used), so
     "ket hon" puts "Đăng ký kết hôn" before "Đăng ký lại kết hôn".
Guides covering at least 40 % as much as the best, or every concept somewhere, count as results.

Only engine-side modules (this one, index_store.py, docsets.py) import whoosh.
"""

import abc
import logging
import math
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from wardportal.search.docsets import DocSets, SlicedScores, docnums
from wardportal.search.folding import fold, word_spans
from wardportal.search.limits import CorrectionBudget, bound_query
from wardportal.search.query import (BODY_LEVEL, EXACT, KEYWORD_LEVEL, Concept, QueryPlan, Vocabulary,
    candidate_features, highlight, plan_query)
from wardportal.search.phone_typing import ABBREVIATIONS, SYLLABLE_RE, has_raw_marks, read_typed
from wardportal.search.synonyms import FILLERS, merge_synonyms
from wardportal.search.index_store import IndexStore  # noqa: F401

log = logging.getLogger(__name__)

_CANDIDATES = 40
_SCALE = 1000  # a query's full coverage, in the integer points the bitmaps add up
_RELATIVE_FLOOR = 0.4  # a guide answers the query when it covers at least 40 % as much as the best one
# ... and at least this share of the whole query: a stray word in a summary is not an answer
_ABSOLUTE_FLOOR = 0.1
_DESCRIBING = 0.6  # weight of a word found in no title or keyword, relative to its rarity
_CIRCUMSTANCE = 0.5  # weight of a word said as a reason or circumstance ("để", "vì", "khi" ...)
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
        """Plan the query, score every allowed guide on the bitmaps, rank the best ones, build the results."""
        searcher = self._searcher()
        vocab = self._vocabulary(searcher)
        docsets = self._docsets(searcher)
        plan = plan_query(q, vocab, _synonym_table(synonyms))
        allowed = self._restriction(docsets, ward_id, field_name, online_level)
        concepts = [_concept_docs(docsets, concept) for concept in plan.concepts]
        wanted = offset + limit
        pairs = _pairs(concepts)
        weights, pair_weights = _concept_weights(plan, concepts, pairs, allowed)
        matches, window = _matches(docsets, concepts + pairs, weights + pair_weights, allowed,
                                   max(_CANDIDATES, wanted))
        ranked = _rank(docsets, plan, concepts, weights, list(zip(pairs, pair_weights)), window)
        page = SearchPage(query=q, total=matches.bit_count(),
                          suggestion=self._suggestion(q, vocab, _together(docsets, allowed)))
        for score, stored, matched in ranked[offset:wanted]:
            page.results.append(SearchResult(
                procedure_id=stored["procedure_id"], ward_id=stored["ward_id"], code=stored["code"],
                title=stored["title"], title_html=highlight(stored["title"], matched), field=stored["field"],
                field_slug=stored.get("field_slug", ""), online_level=stored["online_level"],
                processing_days=stored.get("processing_days"), url=stored.get("url"), score=round(score, 4)))
        return page

    @staticmethod
    def _suggestion(q: str, vocab: Vocabulary, together=None) -> str | None:
        """Offer `q` with its unknown words replaced by the nearest indexed word, if any was.

        Never a misspelling of a correctly typed query: a word that is a well-formed Vietnamese syllable
        ("tro cap that nghiep": thất) is a real word the guides lack, corrected only when the correction
        names a guide together with its known neighbours (`together(a, b)`: some guide has both), as
        "khia sinh" → "khai sinh". Words the phone-typing reader understands (raw Telex, abbreviations,
        words run together) are not offered corrections either.
        """
        spans = word_spans(q)
        completing = bool(q) and not q[-1].isspace()
        out, cursor, changed = [], 0, False
        budget = CorrectionBudget()
        for n, (start, end, word) in enumerate(spans):
            if word in vocab or word[0].isdigit() or (completing and n == len(spans) - 1
                                                        and vocab.completions(word, cap=1)):
                continue
            read = read_typed(q[start:end] + " ", known=vocab.__contains__)
            understood = read != [word] and all(w in vocab or (w,) in FILLERS for w in read)
            if understood and (has_raw_marks(word) or word in ABBREVIATIONS):
                continue  # raw Telex/VNI or an abbreviation: read as meant, nothing to respell
            if not budget.take():
                break
            # Words run together are offered with their spaces ("hokinhdoanh" → "ho kinh doanh").
            better = " ".join(read) if understood else vocab.correction(word)
            if better and SYLLABLE_RE.match(word) and " " not in better:
                neighbours = [w for _, _, w in spans[max(0, n - 1):n] + spans[n + 1:n + 2] if w in vocab]
                if not neighbours or together is None or not all(together(better, w) for w in neighbours):
                    better = None
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
            docsets = self._docsets(searcher)
            return self._suggestion(bound_query(q), vocab, _together(docsets, docsets.live))
        except Exception as exc:
            log.warning("suggest failed: %r", exc)
            self._reset_searcher()
            return None


def _together(docsets: DocSets, allowed: int):
    """Whether some allowed guide has both words in its title or keywords."""
    def both(a: str, b: str) -> bool:
        return bool(allowed & (docsets.term("title", a) | docsets.term("keywords", a))
                    & (docsets.term("title", b) | docsets.term("keywords", b)))
    return both


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


def _pairs(concepts: list[_ConceptDocs]) -> list[_ConceptDocs]:
    """Return the documents holding both of each two neighbouring concepts in the title or keywords.

    A pair of words that names a procedure together ("khai tu") is rarer than either word, so it
    weighs more than both; two words a sentence puts side by side by chance rarely share a title.
    """
    return [_ConceptDocs(title=a.title & b.title, titled=a.titled & b.titled, anywhere=a.anywhere & b.anywhere)
            for a, b in zip(concepts, concepts[1:])]


def _concept_weights(plan: QueryPlan, concepts: list[_ConceptDocs], pairs: list[_ConceptDocs],
                     allowed: int) -> tuple[list[float], list[float]]:
    """Return the share of the query of each concept and of each pair, by rarity (BM25 idf).

    A word most guides contain ("dang", "ky") weighs little, the words that name the procedure most. A
    phrase counts once per word, like the words it stands for. A word no title or keyword of the allowed
    guides contains (a sentence's "qua doi", "tuan truoc") describes, it does not name: it weighs
    `_DESCRIBING` of its rarity. A pair counts only where some guide has both words.
    """
    total = allowed.bit_count()

    def idf(found: int) -> float:
        return math.log(1 + (total - found + 0.5) / (found + 0.5))

    singles = []
    for concept, docs in zip(plan.concepts, concepts):
        size = concept.size
        naming = 1.0 if docs.titled & allowed else _DESCRIBING
        circumstance = _CIRCUMSTANCE if plan.circumstantial(concept) else 1.0
        singles.append(idf((docs.anywhere & allowed).bit_count()) * size * naming * circumstance)
    doubles = []
    for docs in pairs:
        found = (docs.anywhere & allowed).bit_count()
        doubles.append(idf(found) if found else 0.0)
    norm = sum(singles) + sum(doubles) or 1.0
    return [value / norm for value in singles], [value / norm for value in doubles]


def _matches(docsets: DocSets, concepts: list[_ConceptDocs], weights: list[float], allowed: int,
             window: int) -> tuple[int, list[int]]:
    """Return (the guides that answer the query, about `window` of them to rank one by one, best first).

    Every allowed guide gets the weighted share of the query it covers (title, then keywords, then
    body), summed on bit-sliced bitmaps. Guides within `_RELATIVE_FLOOR` of the best (and above `_ABSOLUTE_FLOOR`), or holding every
    concept somewhere, answer the query;
    the best `window` of them are ranked, ties broken by the shortest title.
    """
    scores = SlicedScores()
    found, everything = 0, allowed
    for concept, weight in zip(concepts, weights):
        value = round(_SCALE * weight)
        title = concept.title & allowed
        keywords = concept.titled & ~concept.title & allowed
        body = concept.anywhere & ~concept.titled & allowed
        scores.add([(title, value), (keywords, round(value * KEYWORD_LEVEL)), (body, round(value * BODY_LEVEL))])
        found |= concept.anywhere & allowed
        if weight:
            everything &= concept.anywhere
    best = scores.best(found)
    if not best:
        return 0, []
    floor = max(best * _RELATIVE_FLOOR, _SCALE * _ABSOLUTE_FLOOR)
    # A guide that has every word of the query somewhere answers it, however far below the best.
    matches = scores.at_least(max(1, math.ceil(floor)), found) | everything
    sure, tied = scores.top(matches, window)
    picked = docnums(sure)
    if tied:
        for _, same_length in docsets.lengths("title"):
            part = tied & same_length
            if part:
                picked.extend(docnums(part, window - len(picked)))
                if len(picked) >= window:
                    break
    return matches, picked


def _level(docs: _ConceptDocs, docnum: int) -> float:
    """How much a concept counts for one document: in the title, the keywords, the body, or not at all."""
    if docs.title >> docnum & 1:
        return 1.0
    if docs.titled >> docnum & 1:
        return KEYWORD_LEVEL
    return BODY_LEVEL if docs.anywhere >> docnum & 1 else 0.0


def _rank(docsets: DocSets, plan: QueryPlan, concepts: list[_ConceptDocs], weights: list[float],
          pairs: list[tuple[_ConceptDocs, float]], docnums_: list[int]) -> list[tuple]:
    """Order candidates on coverage and title features; return (score, stored fields, matched positions)."""
    codes = {c.code for c in plan.concepts if c.code}
    ranked = []
    # A province-wide search meets the same national titles in many wards: compute their features once.
    memo: dict[tuple, dict] = {}
    for docnum in docnums_:
        stored = docsets.stored(docnum)
        # Outside the title only where a concept is found counts (keywords, body): the bitmaps know.
        levels = tuple(0.0 if concept.title >> docnum & 1 else _level(concept, docnum) for concept in concepts)
        key = (stored["title_words"], levels)
        f = memo.get(key)
        if f is None:
            f = memo[key] = candidate_features(plan, weights, stored["title_words"].split(), list(levels))
        coverage = f["coverage"] + sum(weight * _level(docs, docnum) for docs, weight in pairs)
        score = (4 * coverage + 0.5 * f["phrase"] + 2 * f["ratio"] + 2 * f["exact"]
                 + 0.3 * stored.get("popular", 0) + (100 if stored["code"] in codes else 0))
        ranked.append((score, docnum, stored, f["matched"]))
    ranked.sort(key=lambda row: (-row[0], row[1]))
    return [(score, stored, matched) for score, _, stored, matched in ranked]
