"""Synonyms and filler words, folded for the query planner.

A query phrase found among the synonyms is searched as itself *or* as any of its official phrases. The
defaults are in lexicon.py; wards extend them (editors store extra entries per ward) and
`merge_synonyms` combines both.
"""

from collections.abc import Iterable, Mapping

from wardportal.search.folding import words
from wardportal.search.lexicon import DEFAULT_SYNONYMS, FILLER_PHRASES  # noqa: F401  (FILLER_PHRASES: re-exported)


def _fold_phrase(phrase: str) -> tuple[str, ...]:
    """Return `phrase` as a tuple of folded words."""
    return tuple(words(phrase))


def merge_synonyms(extra: Mapping[str, Iterable[str] | str] | None = None) -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Return the default synonyms plus a ward's `extra` entries, folded: words → alternative word lists.

    A ward entry with the same everyday phrase adds its official phrases to the default ones. Values may
    be one string or several; entries that fold to nothing are ignored.
    """
    merged: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    sources = [DEFAULT_SYNONYMS.items()]
    if extra:
        sources.append(extra.items())
    for items in sources:
        for everyday, official in items:
            key = _fold_phrase(everyday)
            if not key:
                continue
            targets = merged.setdefault(key, [])
            for phrase in ([official] if isinstance(official, str) else official):
                folded = _fold_phrase(phrase)
                if folded and folded not in targets and folded != key:
                    targets.append(folded)
    return {key: tuple(targets) for key, targets in merged.items() if targets}


FILLERS: frozenset[tuple[str, ...]] = frozenset(_fold_phrase(p) for p in FILLER_PHRASES)
