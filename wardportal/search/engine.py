"""Procedure search: the backend interface and its Whoosh implementation (the only module importing whoosh).

Ranking runs in stages so a query scores short fields first (libraries.md: scoring long bodies is what
makes Whoosh slow at 10k guides):
  1. every concept of the query found in the title or keywords (synonyms, code, field name);
  2. only if that gives fewer than three results: every concept found somewhere, body (summary,
     applicants, steps, document names) included;
  3. only if both found nothing: any concept in the title or keywords.
Within a stage, candidates are re-ranked on title coverage, whole-phrase match, share of the title
matched and exact title, so "ket hon" puts "Đăng ký kết hôn" before "Đăng ký lại kết hôn".

Several processes may search while one writes. Writes go through `_write`, which waits for the lock
(`writer(timeout=…)`) and, if it cannot get it, marks the index stale instead of failing the caller's
edit. A missing, stale or unreadable index is rebuilt from `docs_loader`; search never raises.
"""

import abc
import fcntl
import logging
import shutil
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.analysis import Filter, RegexTokenizer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.query import And, Or, Term
# DefaultOr: a tree of union matchers; plain Or preloads every posting list on small indexes (slow).
from whoosh.query.compound import DefaultOr
from whoosh.writing import CLEAR

from .folding import TOKEN_PATTERN, fold, fold_word, word_spans, words
from .query import EXACT, QueryPlan, Vocabulary, highlight, plan_query, title_features
from .synonyms import merge_synonyms

log = logging.getLogger(__name__)

TITLE_FIELDS = {"title": 3.0, "keywords": 1.5}
ALL_FIELDS = {**TITLE_FIELDS, "body": 1.0}
_CANDIDATES = 40
_BODY_STAGE_BELOW = 3
_STALE_MARKER = "STALE"


class VietnameseFoldFilter(Filter):
    """Whoosh filter folding each token (NFC, no diacritics, đ→d, lowercase, kí/ký). Pickled in the schema."""

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold_word(token.text)
            yield token


def vietnamese_analyzer():
    """Return the analyzer of every searchable text field."""
    return RegexTokenizer(TOKEN_PATTERN) | VietnameseFoldFilter()


def make_schema() -> Schema:
    """Return the index schema: short scored fields apart from the long body, display data stored."""
    analyzer = vietnamese_analyzer()
    return Schema(
        uid=ID(unique=True), ward_id=ID(stored=True), code=ID(stored=True), procedure_id=STORED,
        title=TEXT(analyzer=analyzer, stored=True), title_words=STORED,
        keywords=TEXT(analyzer=analyzer, phrase=False), keyword_words=STORED,
        body=TEXT(analyzer=analyzer, phrase=False),
        field=STORED, field_slug=ID(stored=True), field_key=ID, online_level=ID(stored=True),
        processing_days=STORED, url=STORED, popular=NUMERIC(stored=True),
    )


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
    def search(self, ward_id, q: str, field: str | None = None, online_level: str | None = None,
               limit: int = 10, offset: int = 0, synonyms: Mapping | None = None) -> SearchPage:
        """Return ranked procedures of ward `ward_id` (None: all wards) for what a resident typed."""

    @abc.abstractmethod
    def suggest(self, ward_id, q: str) -> str | None:
        """Return a corrected query ("did you mean"), or None."""


def document_fields(doc: Mapping) -> dict:
    """Turn a procedure dict into the stored and indexed fields of one index document."""
    title = unicodedata.normalize("NFC", doc["title"])
    extra = doc.get("keywords") or doc.get("synonyms") or []
    keywords = " ".join([doc["code"], doc.get("field", ""), *([extra] if isinstance(extra, str) else extra)])
    body = " ".join([doc.get("summary", ""), doc.get("applicants", ""), doc.get("steps", ""),
                     *doc.get("documents", [])])
    return {
        "uid": f"{doc['ward_id']}:{doc['code']}", "ward_id": str(doc["ward_id"]), "code": doc["code"],
        "procedure_id": doc["procedure_id"], "title": title, "title_words": " ".join(words(title)),
        "keywords": keywords, "keyword_words": " ".join(words(keywords)), "body": body,
        "field": doc.get("field", ""), "field_slug": doc.get("field_slug") or "",
        "field_key": fold(doc.get("field", "")), "online_level": str(doc.get("online_level") or "none"),
        "processing_days": doc.get("processing_days"), "url": doc.get("url"),
        "popular": int(bool(doc.get("popular"))),
    }


class WhooshBackend(SearchBackend):
    """Whoosh index in a folder; `docs_loader()` returns all procedure dicts for (re)building it."""

    def __init__(self, index_dir, docs_loader: Callable[[], Iterable[Mapping]] | None = None,
                 writer_timeout: float = 5.0):
        self.index_dir = Path(index_dir)
        self.docs_loader = docs_loader
        self.writer_timeout = writer_timeout
        self._local = threading.local()
        self._vocab_lock = threading.Lock()
        self._vocab: tuple[int, Vocabulary] | None = None

    # -- writing ---------------------------------------------------------------------------------
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

    def rebuild(self, docs: Iterable[Mapping]) -> int:
        """Replace the whole index with `docs` (in place when readable, from scratch when not)."""
        self.index_dir.parent.mkdir(parents=True, exist_ok=True)
        with open(self._rebuild_lock_path(), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                return self._rebuild_locked(docs)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _rebuild_locked(self, docs: Iterable[Mapping]) -> int:
        """Rebuild while holding the rebuild lock."""
        try:
            ix = self._open()
            writer = ix.writer(timeout=self.writer_timeout, limitmb=128)
            # CLEAR commits a new generation replacing every segment: readers switch over atomically.
            count = self._add_all(writer, docs)
            writer.commit(mergetype=CLEAR)
        except Exception as exc:  # missing or unreadable: start from an empty folder
            log.info("search index at %s missing or unusable (%r); building from scratch", self.index_dir, exc)
            shutil.rmtree(self.index_dir, ignore_errors=True)
            self.index_dir.mkdir(parents=True)
            writer = self._storage().create_index(make_schema()).writer(limitmb=128)
            count = self._add_all(writer, docs)
            writer.commit()
        (self.index_dir / _STALE_MARKER).unlink(missing_ok=True)
        self._reset_searcher()
        return count

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

    def needs_rebuild(self) -> bool:
        """Whether the index is missing, marked stale or cannot be read."""
        if (self.index_dir / _STALE_MARKER).exists():
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

    # -- reading ---------------------------------------------------------------------------------
    def close(self) -> None:
        """Release this thread's searcher (open files); the next search reopens the index."""
        self._reset_searcher()

    def _reset_searcher(self) -> None:
        """Forget this thread's searcher so the next query reopens the index."""
        searcher = getattr(self._local, "searcher", None)
        self._local.searcher = None
        self._local.filters = {}
        if searcher is not None:
            try:
                searcher.close()
            except Exception:
                pass

    def _searcher(self):
        """Return this thread's searcher, refreshed to the latest committed generation."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None and searcher.up_to_date():
            return searcher
        # Not searcher.refresh(): it reuses segment readers and misses deletions committed on their own.
        self._reset_searcher()
        self._local.searcher = self._open().searcher()
        return self._local.searcher

    def _vocabulary(self, searcher) -> Vocabulary:
        """Return the index's term frequencies, cached per index generation."""
        generation = searcher.reader().generation()
        with self._vocab_lock:
            if self._vocab is None or self._vocab[0] != generation:
                reader, frequencies = searcher.reader(), {}
                # A word in titles counts more: corrections and completions should lead to titles.
                for fieldname, weight in (("title", 4), ("keywords", 1), ("body", 1)):
                    for term, info in reader.iter_field(fieldname):
                        text = term.decode("utf-8")
                        frequencies[text] = frequencies.get(text, 0) + weight * info.doc_frequency()
                self._vocab = (generation, Vocabulary(frequencies))
            return self._vocab[1]

    def _filter(self, searcher, ward_id, field_name, online_level):
        """Return the set of allowed docnums (cached per searcher), or None for no restriction."""
        key = (ward_id, field_name, online_level)
        if key in self._local.filters:
            return self._local.filters[key]
        terms = []
        if ward_id is not None:
            terms.append(Term("ward_id", str(ward_id)))
        if field_name:
            terms.append(Or([Term("field_slug", field_name), Term("field_key", fold(field_name))]))
        if online_level:
            terms.append(Term("online_level", str(online_level)))
        allowed = set(searcher.docs_for_query(And(terms))) if terms else None
        if len(self._local.filters) > 256:
            self._local.filters.clear()
        self._local.filters[key] = allowed
        return allowed

    def search(self, ward_id, q: str, field: str | None = None, online_level: str | None = None,
               limit: int = 10, offset: int = 0, synonyms: Mapping | None = None) -> SearchPage:
        """Rank the procedures of `ward_id` for `q`; never raises (a degraded page has no results)."""
        page = SearchPage(query=q, total=0)
        if not q or not q.strip():
            return page
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
        plan = plan_query(q, vocab, _synonym_table(synonyms))
        allowed = self._filter(searcher, ward_id, field_name, online_level)
        wanted = offset + limit
        ranked, seen, total = [], set(), 0
        stages = [(TITLE_FIELDS, True), (ALL_FIELDS, True), (TITLE_FIELDS, False)]
        for number, (fields, require_all) in enumerate(stages):
            if number == 2 and total:
                break
            query = _build_query(plan, fields, require_all)
            if query is None:
                break
            window = max(_CANDIDATES, wanted)
            results = searcher.search(query, limit=window, filter=allowed)
            new = [hit for hit in results if hit.docnum not in seen]
            # Counting every match would run the query a second time: exact within the window, estimated beyond.
            scored = results.scored_length()
            total += len(new) if scored < window else results.estimated_length() - (scored - len(new))
            seen.update(hit.docnum for hit in new)
            ranked.extend(_rerank(plan, new))
            # Body search is the expensive stage: only when titles gave (almost) nothing for this page.
            if total >= min(wanted, _BODY_STAGE_BELOW):
                break
        page = SearchPage(query=q, total=total, suggestion=self._suggestion(q, vocab))
        for score, hit, matched in ranked[offset:wanted]:
            stored = hit.fields()
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
        for n, (start, end, word) in enumerate(spans):
            if word in vocab or word[0].isdigit() or (completing and n == len(spans) - 1
                                                        and vocab.completions(word, cap=1)):
                continue
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
            return self._suggestion(q, vocab)
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


def _build_query(plan: QueryPlan, fields: Mapping[str, float], require_all: bool):
    """Return the Whoosh query for one stage, or None when nothing in the plan can match.

    The long body is searched for exact words only: completions and typo neighbours there would each add
    a long posting list to score, the cost that makes body search slow at national scale.
    """
    concepts = []
    for concept in plan.concepts:
        alternatives = []
        for alt in concept.alternatives:
            words_q = [DefaultOr([Term(f, term, boost=boost * weight) for f, boost in fields.items()
                           for term, weight in expansion.items() if f != "body" or weight == EXACT])
                       for expansion in alt]
            alternatives.append(words_q[0] if len(words_q) == 1 else And(words_q))
        concepts.append(alternatives[0] if len(alternatives) == 1 else DefaultOr(alternatives))
    if not concepts:
        return None
    if len(concepts) == 1:
        return concepts[0]
    return And(concepts) if require_all else DefaultOr(concepts)


def _rerank(plan: QueryPlan, hits) -> list[tuple[float, object, set[int]]]:
    """Order one stage's hits by title features on top of the engine's score."""
    if not hits:
        return []
    best = max(hit.score for hit in hits) or 1.0
    codes = {c.code for c in plan.concepts if c.code}
    scored = []
    for hit in hits:
        stored = hit.fields()
        f = title_features(plan, stored["title_words"].split(), stored["keyword_words"].split())
        score = (0.5 * hit.score / best + 3 * f["coverage"] + f["phrase"] + 2 * f["ratio"] + 2 * f["exact"]
                 + 0.3 * stored.get("popular", 0) + (100 if stored["code"] in codes else 0))
        scored.append((score, hit, f["matched"]))
    scored.sort(key=lambda pair: -pair[0])
    return scored
