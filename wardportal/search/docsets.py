"""Sets of documents as bitmaps: the boolean part of a query done in C-speed integer operations.

Whoosh's matchers are pure Python; intersecting the posting lists of common words over 10,000 guides
took hundreds of milliseconds. Here a term's documents are one Python int (bit n set = document n
matches), so AND/OR/NOT and counting are single big-integer operations. Bitmaps (and the vocabulary's
term frequencies) are cached per index segment, which never changes once written — deletions are
removed with the live-documents mask — so after a commit only the new segment is read.
"""

import threading

from whoosh.reading import TermNotFound

_SEGMENT_CACHE_LIMIT = 20_000  # entries; a bitmap of 10,000 guides is 1.25 kB
_segment_cache: dict[tuple, object] = {}
_segments_in_use: dict[str, frozenset] = {}
_segment_lock = threading.Lock()


def _bitmap(docnums) -> int:
    """Return the bitmap of an iterable of document numbers."""
    found = list(docnums)
    if not found:
        return 0
    bits = bytearray((max(found) >> 3) + 1)
    for docnum in found:
        bits[docnum >> 3] |= 1 << (docnum & 7)
    return int.from_bytes(bits, "little")


def docnums(bitmap: int, limit: int | None = None) -> list[int]:
    """Return the document numbers in `bitmap`, lowest first, at most `limit` of them."""
    found = []
    while bitmap and (limit is None or len(found) < limit):
        lowest = bitmap & -bitmap
        found.append(lowest.bit_length() - 1)
        bitmap ^= lowest
    return found


def at_least(bitmaps: list[int]) -> list[int]:
    """Return `counts` where counts[k] holds the documents found in at least k of `bitmaps`."""
    counts = [-1] + [0] * len(bitmaps)
    for bitmap in bitmaps:
        for k in range(len(bitmaps), 0, -1):
            counts[k] |= counts[k - 1] & bitmap
    return counts


def _cached(key: tuple, compute):
    """Return the per-segment value for `key`, computing and keeping it on first use."""
    value = _segment_cache.get(key)
    if value is None:
        value = compute()
        with _segment_lock:
            if len(_segment_cache) >= _SEGMENT_CACHE_LIMIT:
                _segment_cache.clear()  # crude but bounded; entries are cheap to recompute
            _segment_cache[key] = value
    return value


class DocSets:
    """Bitmaps over one searcher's documents (one index generation): terms, live documents, title lengths."""

    def __init__(self, searcher, index_key: str):
        self._searcher = searcher
        self._stored: dict[int, dict] = {}
        self._leaves = [(leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]
        self._index_key = index_key
        self._terms: dict[tuple[str, str], int] = {}
        self._lengths: dict[str, list[tuple[int, int]]] = {}
        self.live = 0
        _forget_merged_segments(index_key, [self._segment_key(reader) for reader, _ in self._leaves])
        for reader, offset in self._leaves:
            if reader.has_deletions():
                self.live |= _bitmap(reader.all_doc_ids()) << offset
            else:
                self.live |= ((1 << reader.doc_count_all()) - 1) << offset

    def _segment_key(self, reader, *parts) -> tuple | None:
        """Cache key of a value of one segment, or None if the reader is not a plain segment."""
        segment = getattr(reader, "segment", lambda: None)()
        return None if segment is None else (self._index_key, segment.segment_id(), *parts)

    def term(self, fieldname: str, text: str) -> int:
        """Return the live documents containing `text` in `fieldname`."""
        bitmap = self._terms.get((fieldname, text))
        if bitmap is None:
            bitmap = 0
            for reader, offset in self._leaves:
                key = self._segment_key(reader, fieldname, text)
                local = (_segment_term(reader, fieldname, text) if key is None
                         else _cached(key, lambda: _segment_term(reader, fieldname, text)))
                bitmap |= local << offset
            bitmap &= self.live
            if len(self._terms) > 5_000:
                self._terms.clear()
            self._terms[(fieldname, text)] = bitmap
        return bitmap

    def stored(self, docnum: int) -> dict:
        """Return the stored fields of a document, kept for this searcher's life (they never change in it)."""
        fields = self._stored.get(docnum)
        if fields is None:
            if len(self._stored) > 20_000:
                self._stored.clear()
            fields = self._stored[docnum] = self._searcher.stored_fields(docnum)
        return fields

    def any_term(self, fieldname: str, texts) -> int:
        """Return the live documents containing any of `texts` in `fieldname`."""
        bitmap = 0
        for text in texts:
            bitmap |= self.term(fieldname, text)
        return bitmap

    def frequencies(self, weights: dict[str, int]) -> dict[str, int]:
        """Return each term's document frequency summed over fields, times the field's weight."""
        merged: dict[str, int] = {}
        for reader, _ in self._leaves:
            key = self._segment_key(reader, "#frequencies", tuple(weights.items()))
            local = (_segment_frequencies(reader, weights) if key is None
                     else _cached(key, lambda: _segment_frequencies(reader, weights)))
            if not merged:
                merged = dict(local)
                continue
            for term, count in local.items():
                merged[term] = merged.get(term, 0) + count
        return merged

    def lengths(self, fieldname: str) -> list[tuple[int, int]]:
        """Return (length in words, documents) pairs for `fieldname`, shortest first."""
        if fieldname not in self._lengths:
            merged: dict[int, int] = {}
            for reader, offset in self._leaves:
                key = self._segment_key(reader, "#length", fieldname)
                local = (_segment_lengths(reader, fieldname) if key is None
                         else _cached(key, lambda: _segment_lengths(reader, fieldname)))
                for length, bitmap in local:
                    merged[length] = merged.get(length, 0) | (bitmap << offset)
            self._lengths[fieldname] = sorted((length, bitmap & self.live) for length, bitmap in merged.items())
        return self._lengths[fieldname]


def _forget_merged_segments(index_key: str, keys: list[tuple | None]) -> None:
    """Drop cached values of segments the index no longer has (merged away), when its segments change."""
    current = frozenset(key[1] for key in keys if key is not None)
    if _segments_in_use.get(index_key) == current:
        return
    with _segment_lock:
        for key in [k for k in _segment_cache if k[0] == index_key and k[1] not in current]:
            del _segment_cache[key]
        _segments_in_use[index_key] = current


def _segment_term(reader, fieldname: str, text: str) -> int:
    """Return the bitmap of one segment's documents containing a term (deleted ones included)."""
    try:
        if (fieldname, text) not in reader:
            return 0
        return _bitmap(reader.postings(fieldname, text).all_ids())
    except TermNotFound:
        return 0


def _segment_lengths(reader, fieldname: str) -> list[tuple[int, int]]:
    """Return (length, bitmap) pairs of one segment's documents by the length of `fieldname`."""
    groups: dict[int, list[int]] = {}
    for docnum in range(reader.doc_count_all()):
        groups.setdefault(reader.doc_field_length(docnum, fieldname, 0), []).append(docnum)
    return [(length, _bitmap(nums)) for length, nums in groups.items()]


def _segment_frequencies(reader, weights: dict[str, int]) -> dict[str, int]:
    """Return weighted document frequencies of one segment's terms (read once per segment: slow)."""
    frequencies: dict[str, int] = {}
    for fieldname, weight in weights.items():
        for term, info in reader.iter_field(fieldname):
            text = term.decode("utf-8")
            frequencies[text] = frequencies.get(text, 0) + weight * info.doc_frequency()
    return frequencies


class SlicedScores:
    """Integer scores of all documents at once, bit-sliced: `slices[i]` holds the documents whose score has bit i.

    Adding a value to a set of documents is a ripple-carry adder over bitmaps, and the best k documents
    are found from the highest slice down, so ranking 10,000 guides costs a few dozen big-integer
    operations instead of a loop over the documents.
    """

    def __init__(self):
        self.slices: list[int] = []

    def add(self, parts: list[tuple[int, int]]) -> None:
        """Add `value` to the score of every document of `mask`, for each (mask, value); masks are disjoint."""
        width = max((value.bit_length() for _, value in parts), default=0)
        carry, i = 0, 0
        while i < width or carry:
            addend = 0
            for mask, value in parts:
                if value >> i & 1:
                    addend |= mask
            if i == len(self.slices):
                self.slices.append(0)
            current = self.slices[i]
            self.slices[i] = current ^ addend ^ carry
            carry = (current & addend) | (carry & (current ^ addend))
            i += 1

    def best(self, within: int) -> int:
        """Return the highest score among the documents of `within` (0 if none)."""
        value = 0
        for i in range(len(self.slices) - 1, -1, -1):
            higher = within & self.slices[i]
            if higher:
                within, value = higher, value | 1 << i
        return value

    def at_least(self, threshold: int, within: int) -> int:
        """Return the documents of `within` whose score is `threshold` or more."""
        if threshold >> len(self.slices):
            return 0
        greater, equal = 0, within
        for i in range(len(self.slices) - 1, -1, -1):
            if threshold >> i & 1:
                equal &= self.slices[i]
            else:
                greater |= equal & self.slices[i]
                equal &= ~self.slices[i]
        return greater | equal

    def top(self, within: int, k: int) -> tuple[int, int]:
        """Return (documents certainly among the best `k` of `within`, documents tied for the remaining places)."""
        chosen, candidates = 0, within
        if within.bit_count() <= k:
            return within, 0
        for i in range(len(self.slices) - 1, -1, -1):
            higher = candidates & self.slices[i]
            count = chosen.bit_count() + higher.bit_count()
            if count > k:
                candidates = higher
            else:
                chosen |= higher
                candidates &= ~self.slices[i]
                if count == k:
                    return chosen, 0
        return chosen, candidates
