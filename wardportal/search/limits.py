"""Bounds on the work one search query may cause, so the worst query costs a small multiple of a normal one.

Measured on the demo corpus: a normal query takes about 1–3 ms; 200 characters of random words took
~500 ms, nearly all of it spelling correction (two edits of every unknown word is ~10⁵ look-ups each).
A query is cut to its first `MAX_QUERY_WORDS` words: residents type two to six words, or a question as
they would ask it at the desk, which can run to thirty words ("cho em hỏi con em sinh được 2 tháng rồi
giờ mới đi làm giấy khai sinh có bị phạt không"). Most of those are filler; what costs is the words that
remain, and the planner searches at most `MAX_QUERY_CONCEPTS` of them. One query may ask for at most
`MAX_CORRECTIONS` "did you mean" corrections within `CORRECTION_SECONDS`.
"""

import time

from wardportal.search.folding import word_spans

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 40
MAX_QUERY_CONCEPTS = 16
MAX_CORRECTIONS = 2
CORRECTION_SECONDS = 0.01


def bound_query(q: str) -> str:
    """`q` cut to `MAX_QUERY_CHARS` characters and its first `MAX_QUERY_WORDS` words.

    A query cut after a word keeps the character that followed it, so that word counts as finished
    (not a prefix still being typed).
    """
    q = q[:MAX_QUERY_CHARS]
    spans = word_spans(q)
    if len(spans) <= MAX_QUERY_WORDS:
        return q
    end = spans[MAX_QUERY_WORDS - 1][1]
    return q[:end + 1]


class CorrectionBudget:
    """How many more spelling corrections this query may still compute, and until when."""

    def __init__(self, count: int = MAX_CORRECTIONS, seconds: float = CORRECTION_SECONDS):
        self.left = count
        self.deadline = time.monotonic() + seconds

    def take(self) -> bool:
        """Use one correction if any is left and time remains."""
        if self.left <= 0 or time.monotonic() > self.deadline:
            return False
        self.left -= 1
        return True
