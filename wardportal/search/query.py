"""Understanding a resident's query and ranking candidates: plain Python, independent of the engine.

A query becomes a list of *concepts* (one per meaningful word or synonym phrase). Each concept has one or
more alternatives (the words typed, or the official phrase a synonym stands for); each word of an
alternative has expansions, the index terms it may match with a weight: 1.0 exact, 0.7 a completion of
the word being typed, 0.6 a one-typo neighbour; an unknown word that is two known words typed without
the space ("khaisinh") becomes that pair. Filler words are dropped; words the index has never seen
are dropped too (they can only be typos without a neighbour), and remembered for "did you mean".
"""

import bisect
import heapq
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from wardportal.search.folding import word_spans, words
from wardportal.search.limits import MAX_QUERY_CONCEPTS
from wardportal.search.phone_typing import read_typed
from wardportal.search.synonyms import FILLERS

EXACT, PREFIX, FUZZY = 1.0, 0.7, 0.6
# How much a word counts where it is found: the title names the procedure, keywords are the ward's own
# additions, the body (summary, document names) only mentions things.
KEYWORD_LEVEL, BODY_LEVEL = 0.6, 0.3
_PREFIX_CAP, _FUZZY_CAP = 10, 6
_TWO_EDITS_MAX = 7
_SECOND_CHOICE = 0.8
_CODE_RE = re.compile(r"^\d+(?:\.\d+)+$")
_YEAR_RE = re.compile(r"^(19|20)\d\d$")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# The shape of a Vietnamese syllable once folded: an onset, one to three vowels, a final consonant. A word
# of a sentence that has this shape but is not in the index is a real word no guide uses ("vừa", "chạy"),
# not a typo: correcting it to a neighbour ("vua" → "cua", "sua") only adds noise.
_SYLLABLE_RE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$")
# From this many words on, a query is a sentence rather than a name being typed.
_SENTENCE_WORDS = 5
# Words after which a question tells why, where or what of (_mark_context), and words that end that.
_CONTEXT_CUES = (("de",), ("vi",), ("khi",), ("boi",), ("sao", "y"), ("photo",), ("chung", "thuc", "ban", "sao"),
                 ("cong", "chung", "ban", "sao"), ("ban", "photo"), ("dang", "o"))
_CLAUSE_CUES = {("thi",), ("nhung",), ("muon",), ("can",), ("xin",), ("nen",), ("ma",)}

Expansion = dict[str, float]


class Vocabulary:
    """The folded terms of an index with their document frequencies: completions, typos, corrections."""

    def __init__(self, frequencies: Mapping[str, int]):
        self.frequencies = dict(frequencies)
        self._sorted = sorted(self.frequencies)
        self._corrections: dict[str, str | None] = {}

    def __contains__(self, term: str) -> bool:
        return term in self.frequencies

    def completions(self, prefix: str, cap: int = _PREFIX_CAP) -> list[str]:
        """Return up to `cap` terms starting with `prefix` (not `prefix` itself), most frequent first."""
        start = bisect.bisect_right(self._sorted, prefix)
        # The terms starting with `prefix` are one run of the sorted list; find its end by bisection too
        # ("1.00" begins thousands of procedure codes).
        end = bisect.bisect_left(self._sorted, prefix + "\U0010ffff", start)
        frequencies = self.frequencies
        return heapq.nsmallest(cap, self._sorted[start:end], key=lambda t: (-frequencies[t], t))

    def neighbours(self, word: str) -> list[str]:
        """Return terms one edit away (insert, delete, replace, or swap two adjacent letters)."""
        return sorted((t for t in _edits1(word) if t in self.frequencies), key=lambda t: (-self.frequencies[t], t))

    def split(self, word: str) -> tuple[str, str] | None:
        """Return the two known words that typed without a space give `word` ("thuongtru"), or None."""
        pairs = [(word[:i], word[i:]) for i in range(2, len(word) - 1)]
        known = [pair for pair in pairs if pair[0] in self.frequencies and pair[1] in self.frequencies]
        return max(known, key=lambda p: min(self.frequencies[p[0]], self.frequencies[p[1]]), default=None)

    def correction(self, word: str) -> str | None:
        """Return the nearest known term(s) to an unknown `word`: fewest edits first, then most frequent."""
        if word not in self._corrections:
            if len(self._corrections) > 10_000:
                self._corrections.clear()  # what residents mistype is unbounded; the memo must not be
            self._corrections[word] = self._correct(word)
        return self._corrections[word]

    def _correct(self, word: str) -> str | None:
        """Compute `correction`: one edit, then a missing space, then two edits (short words only)."""
        near = self.neighbours(word)
        if near:
            return near[0]
        pair = self.split(word)
        if pair:
            return " ".join(pair)
        # Two edits of a long word are ~10⁵ strings to try; syllables are at most 7 letters anyway.
        if not 4 <= len(word) <= _TWO_EDITS_MAX:
            return None
        found = {t for e in _edits1(word) for t in _edits1(e) if t in self.frequencies}
        return min(found, key=lambda t: (-self.frequencies[t], t)) if found else None


def _edits1(word: str) -> set[str]:
    """All strings one edit from `word` (Damerau: an adjacent swap counts as one edit)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    inserts = {a + c + b for a, b in splits for c in _LETTERS}
    return (deletes | swaps | replaces | inserts) - {word}


@dataclass
class Concept:
    """One thing the resident asked for: alternatives, each a sequence of word expansions."""

    alternatives: list[list[Expansion]]
    code: str | None = None
    # How much each alternative counts when it matches; a synonym's later official phrases count less.
    preference: list[float] | None = None
    # How many meaningful words the resident typed for it: a concept weighs like the words it stands for.
    size: int = 1
    # Said as a circumstance ("... để đi xuất khẩu lao động"), not as what is asked.
    context: bool = False


@dataclass
class QueryPlan:
    """What a query means for the index: its concepts, the folded words typed, and unknown words."""

    concepts: list[Concept] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def circumstantial(self, concept: Concept) -> bool:
        """Whether `concept` only sets the scene of what else the query asks (if all do, none does)."""
        return concept.context and not all(c.context for c in self.concepts)


def _segments(tokens: list[str], synonyms: Mapping[tuple, tuple]) -> list[tuple[tuple[str, ...], tuple]]:
    """Split tokens into (words, synonym targets) segments, longest synonym phrase first."""
    longest = max((len(k) for k in synonyms), default=0)
    segments, i = [], 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            key = tuple(tokens[i:i + n])
            if key in synonyms:
                segments.append((key, synonyms[key]))
                i += n
                break
        else:
            segments.append(((tokens[i],), ()))
            i += 1
    return segments


def _mark_context(segments: list) -> list:
    """Append to each segment whether it tells the circumstances rather than what is asked.

    A resident's question gives its reasons and circumstances after "để", "vì", "khi", "đang ở" ("xin giấy
    độc thân để đi xuất khẩu lao động"), and names the paper to copy after "sao y", "chứng thực bản sao"
    ("... bản sao sổ đỏ": a copy is asked, not a land title); those words say why or what of, not which
    procedure. Such a span ends where a new clause or request begins ("thì", "nhưng", "muốn", "cần").
    """
    marked, context, said = [], False, ()
    for typed, targets in segments:
        if not targets and typed in _CLAUSE_CUES:
            context = False
        # A cue may end inside a synonym phrase: "đang ở" + "ở trọ".
        starts = (said + typed[:1])[-4:]
        opened = len(typed) > 1 and any(len(cue) > 1 and starts[-len(cue):] == cue for cue in _CONTEXT_CUES)
        marked.append((typed, targets, context or opened))
        said = (said + typed)[-4:]
        if any(said[-len(cue):] == cue for cue in _CONTEXT_CUES):
            context = True
    # "[situation] thì [question]": what comes before the last "thì" sets the scene.
    last = max((i for i, (typed, targets, _) in enumerate(marked) if typed == ("thi",) and not targets), default=None)
    if last is not None:
        marked = [(t, g, c or i < last) for i, (t, g, c) in enumerate(marked)]
    return marked


def _old_age(tokens: list[str]) -> list[str]:
    """Say "người cao tuổi" for an age of 60 or more ("bố tôi 80 tuổi"): what the allowances are named by."""
    out = []
    for i, token in enumerate(tokens):
        if token.isdigit() and i + 1 < len(tokens) and tokens[i + 1] == "tuoi" and 60 <= int(token) < 130:
            out.extend(("nguoi", "cao"))
            continue
        out.append(token)
    return out


def _is_year(segments: list, i: int) -> bool:
    """Whether segment i is a year (1900–2099), alone or as "nam <year>"."""
    if segments[i][0] == ("nam",) and i + 1 < len(segments):
        i += 1
    word = segments[i][0]
    return len(word) == 1 and bool(_YEAR_RE.match(word[0])) and not segments[i][1]


def _is_count(segment) -> bool:
    """Whether a segment is a small number (one to three digits) typed on its own."""
    word = segment[0]
    return len(word) == 1 and word[0].isdigit() and len(word[0]) <= 3 and not segment[1]


def _drop_fillers(segments: list) -> list:
    """Remove filler phrases made of plain words; keep everything if nothing else would remain."""
    longest = max(len(f) for f in FILLERS)
    kept, i = [], 0
    while i < len(segments):
        for n in range(min(longest, len(segments) - i), 0, -1):
            run = segments[i:i + n]
            if all(not seg[1] for seg in run) and tuple(w for seg in run for w in seg[0]) in FILLERS:
                i += n
                break
        else:
            if _is_year(segments, i):  # "năm 2026", "2027": whatever the year, not part of a guide's name
                i += 2 if segments[i][0] == ("nam",) else 1
                continue
            if _is_count(segments[i]):  # "2 tầng", "3 tháng", "4 anh em": a count names no procedure
                i += 1
                continue
            kept.append(segments[i])
            i += 1
    return kept or segments


def _expand(word: str, vocab: Vocabulary, completing: bool, sentence: bool = False) -> Expansion:
    """Return the index terms `word` may match, with weights (no typo neighbours for a sentence's words)."""
    expansion: Expansion = {word: EXACT} if word in vocab else {}
    if completing:
        for term in vocab.completions(word):
            expansion.setdefault(term, PREFIX)
    typo = not (sentence and _SYLLABLE_RE.match(word))
    if typo and word not in vocab and len(word) >= 3 and not word[0].isdigit():
        for term in vocab.neighbours(word)[:_FUZZY_CAP]:
            expansion.setdefault(term, FUZZY)
    return expansion


def plan_query(text: str, vocab: Vocabulary, synonyms: Mapping[tuple, tuple]) -> QueryPlan:
    """Turn what the resident typed into a `QueryPlan` against `vocab`."""
    typing = bool(text) and not text[-1].isspace()
    # Raw Telex/VNI, abbreviations, run-together words and voice fillers read back first (phone_typing.py).
    tokens = read_typed(text, known=vocab.__contains__, completing=typing,
                        extends=lambda word: bool(vocab.completions(word, cap=1)))
    plan = QueryPlan(typed=tokens)
    # The last word is still being typed, unless the query ends in a space or in a filler word
    # ("... có bị phạt không": "có" is not a prefix to complete).
    completing = typing and bool(tokens) and (tokens[-1],) not in FILLERS
    segments = _drop_fillers(_mark_context(_segments(_old_age(tokens), synonyms)))[:MAX_QUERY_CONCEPTS]
    sentence = len(tokens) >= _SENTENCE_WORDS
    for index, (typed, targets, context) in enumerate(segments):
        last = completing and index == len(segments) - 1
        if not targets:
            word = typed[0]
            expansion = _expand(word, vocab, last, sentence)
            pair = None if expansion or word[0].isdigit() else vocab.split(word)
            if pair:  # two words typed without the space between them
                plan.concepts.append(Concept([[{pair[0]: EXACT}, {pair[1]: EXACT}]], context=context, size=2))
                continue
            if not expansion:
                plan.unknown.append(word)
                continue
            plan.concepts.append(Concept([[expansion]], code=word if _CODE_RE.match(word) else None,
                                         context=context))
            continue
        alternatives, preference = [], []
        for n, phrase in enumerate((typed, *targets)):
            if all(w in vocab for w in phrase):
                alternatives.append([{w: EXACT} for w in phrase])
                # The words typed and the first official phrase are what was meant; the others are
                # second choices ("làm lại giấy khai sinh": registered again first, a copy after).
                preference.append(1.0 if n <= 1 else _SECOND_CHOICE)
        if alternatives:
            size = sum(1 for w in typed if (w,) not in FILLERS) or 1
            plan.concepts.append(Concept(alternatives, preference=preference, context=context, size=size))
    return plan


def _positions(expansion: Expansion, title: list[str]) -> dict[int, float]:
    """Positions of `title` matched by `expansion`, with the weight of each match."""
    return {i: expansion[w] for i, w in enumerate(title) if w in expansion}


def _alternative_match(alt: list[Expansion], title: list[str]) -> tuple[float, set[int], bool]:
    """Score one alternative against title words: (weighted coverage, matched positions, contiguous)."""
    matched, total = set(), 0.0
    for expansion in alt:
        hits = _positions(expansion, title)
        if hits:
            total += max(hits.values())
            matched.update(hits)
    # Part of a phrase is worth less than its share of words: "dong" alone is not "lưu động".
    share = total / len(alt)
    return share * share if len(alt) > 1 else share, matched, bool(matched) and _contiguous(alt, title)


def _contiguous(alt: list[Expansion], title: list[str]) -> bool:
    """Whether the words of `alt` appear in `title` side by side, in order."""
    first, size, end = alt[0], len(alt), len(title) - len(alt)
    return any(title[i] in first and all(title[i + j] in alt[j] for j in range(1, size))
               for i in range(end + 1))


def _scaled(match: tuple[float, set[int], bool], factor: float) -> tuple[float, set[int], bool]:
    """Return an alternative's match with its coverage scaled by its preference."""
    return (match[0] * factor, match[1], match[2])


def candidate_features(plan: QueryPlan, weights: list[float], title: list[str], levels: list[float]) -> dict:
    """Features of one candidate guide for ranking.

    `levels[i]`: how concept i is found outside the title (`KEYWORD_LEVEL`, `BODY_LEVEL` or 0).
    `coverage`: the weighted share of the query the guide covers, each concept counted at its best level
    (title 1; completions and typos count less). A concept the guide lacks lowers it; it never removes
    the guide. `phrase`: the concepts found in the title appear there in order, side by side. `ratio`:
    share of the title's words matched by what is asked (not by circumstances). `exact`: all of them
    are, weighted by the share of the asked query found in the title.
    """
    if not plan.concepts or not title:
        return {"coverage": 0.0, "phrase": 0.0, "ratio": 0.0, "exact": 0.0, "matched": set()}
    coverage, matched, named, sequence = 0.0, set(), set(), []
    asked_weight = in_title = 0.0
    scene = [plan.circumstantial(concept) for concept in plan.concepts]
    for concept, weight, level, circumstantial in zip(plan.concepts, weights, levels, scene):
        preference = concept.preference or [1.0] * len(concept.alternatives)
        best = max((_scaled(_alternative_match(alt, title), factor) + (alt,)
                    for alt, factor in zip(concept.alternatives, preference)),
                   key=lambda m: (m[0], m[2], len(m[1])))  # on a tie, the one explaining more of the title
        coverage += weight * max(best[0], level)
        if not circumstantial:
            asked_weight += weight
            in_title += weight * best[0]
        if best[0]:
            matched |= best[1]
            sequence.extend(best[3])
            if not circumstantial:
                named |= best[1]
    phrase = len(sequence) > 1 and _contiguous(sequence, title)
    # A title is "the one asked for" by the words that ask, not by the circumstances around them.
    ratio = len(named) / len(title)
    # Near-exact: every word of the title is one the resident used, in whatever order they used them;
    # worth as much as the title holds of what was asked ("nhận cha mẹ con" is all of a short title, but
    # only part of "... chưa cưới, muốn khai sinh cho con có tên bố").
    exact = in_title / asked_weight if ratio == 1.0 and asked_weight else 0.0
    return {"coverage": coverage, "phrase": float(phrase), "ratio": ratio, "exact": exact,
            "matched": matched}


def highlight(title: str, positions: set[int]) -> str:
    """Return `title` HTML-escaped with its words at `positions` (word indexes) wrapped in <mark>."""
    spans = [(start, end) for n, (start, end, _) in enumerate(word_spans(title)) if n in positions]
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and not title[merged[-1][1]:start].strip():
            merged[-1][1] = end
        else:
            merged.append([start, end])
    out, cursor = [], 0
    for start, end in merged:
        out.append(html.escape(title[cursor:start]))
        out.append(f"<mark>{html.escape(title[start:end])}</mark>")
        cursor = end
    out.append(html.escape(title[cursor:]))
    return "".join(out)
