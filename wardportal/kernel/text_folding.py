"""Vietnamese text folding: the one definition of "the same word" (search index, queries, desk search).

Residents type on phones, mostly without diacritics, sometimes in decomposed Unicode (NFD) and with the
older spelling (kí/ký, lí/lý, hoà/hòa). Everything is folded to plain lowercase ASCII syllables before it
reaches the index or a query, so each of those variants becomes the same term.

Plain Python with no search-engine import, so the database (a LIKE or full-text fallback) can fold the
same way; the Whoosh analyzer built on `fold_word` lives in engine.py.
"""

import functools
import re
import unicodedata

# A word is a run of letters/digits plus combining marks (NFD input keeps its tones attached), or a
# national procedure code such as 1.001193, which must stay one token.
TOKEN_PATTERN = r"\d+(?:\.\d+)+|[\w\u0300-\u036f]+"
_TOKEN_RE = re.compile(TOKEN_PATTERN)

# đ/Đ is a letter of its own, not d plus a mark, so NFD does not decompose it.
_LETTER_MAP = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})

# i and y are interchangeable at the end of an open syllable after a consonant (kí/ký, lí/lý, mĩ/mỹ,
# sĩ/sỹ, tỉ/tỷ, hi/hy). Not after a vowel: "huy" and "hui" are different words, so "uy" is left alone.
_FINAL_Y_RE = re.compile(r"^(b|c|ch|d|g|gh|h|k|kh|l|m|n|ng|ngh|nh|p|ph|qu|r|s|t|th|tr|v|x)y$")


def fold(text: str) -> str:
    """Return `text` lowercased, without diacritics, with đ→d: the folded form used for matching."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).translate(_LETTER_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower()


# Cached: a catalogue uses a few thousand distinct syllables, and folding each of its millions of tokens
# anew was half of the index build time.
@functools.lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> str:
    """Fold one word and unify its spelling variants (ký→ki, lý→li)."""
    folded = fold(word)
    if _FINAL_Y_RE.match(folded):
        return folded[:-1] + "i"
    return folded


def words(text: str) -> list[str]:
    """Split `text` into folded words, in order, as the index sees them."""
    # findall and map: the index folds millions of tokens, and a match object per token cost a third of it
    return list(map(fold_word, _TOKEN_RE.findall(unicodedata.normalize("NFC", text))))


def word_set(text: str) -> set[str]:
    """The distinct folded words of `text` (what the keywords and body fields index)."""
    return set(map(fold_word, _TOKEN_RE.findall(unicodedata.normalize("NFC", text))))


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, folded word) for each word of `text`, offsets into `text` itself."""
    return [(m.start(), m.end(), fold_word(m.group())) for m in _TOKEN_RE.finditer(text)]

