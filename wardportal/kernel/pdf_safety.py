"""Uploaded PDFs opened with a real parser (pyHanko's reader) before they are accepted.

A file that starts with ``%PDF-`` and ends with ``%%EOF`` may still be junk, or carry active content that a
viewer runs when an officer opens it. `check_pdf` parses the file, refuses what does not parse, what is
encrypted (it cannot be checked, and staff could not open it either), what has no pages, and anything
with active content anywhere in its object graph: JavaScript (``/JS``, ``/S /JavaScript``, the names tree),
launching programs, submitting or importing form data, embedded files, XFA and rich media. Scans of
papers never need any of these. `appended_bytes` finds junk after a signed file's newest revision, for
`signing`'s verification (the other module that imports pyHanko).
"""

from __future__ import annotations

import io
import logging

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader

logger = logging.getLogger("wardportal.pdf_safety")

# Action types that run code or reach outside the document.
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/RichMediaExecute", "/GoToE",
                  "/Rendition", "/Sound", "/Movie"}
# Keys that only active or embedded content uses.
ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/XFA", "/RichMedia",
               "/RichMediaContent"}
# A scanned dossier paper has a few hundred objects; a crafted graph must not keep a worker busy.
MAX_OBJECTS = 200_000


class PdfProblem(ValueError):
    """Why a PDF was refused: ``reason`` is one of "unreadable", "encrypted", "active", "empty"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _children(obj):
    """The values inside a dictionary or array, without following references."""
    if isinstance(obj, generic.DictionaryObject):
        return [obj.raw_get(key) for key in obj]
    if isinstance(obj, generic.ArrayObject):
        return [obj.raw_get(index) for index in range(len(obj))]
    return []


def _active_content(reader: PdfFileReader) -> str | None:
    """The first sign of active content reachable from the trailer, or None."""
    stack, seen = [reader.trailer_view], set()
    while stack:
        obj = stack.pop()
        if isinstance(obj, generic.IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_OBJECTS:
                return "too many objects"
            obj = obj.get_object()
        if isinstance(obj, generic.DictionaryObject):
            found = ACTIVE_KEYS.intersection(obj.keys())
            if found:
                return min(found)
            action = obj.raw_get("/S") if "/S" in obj else None
            if isinstance(action, generic.NameObject) and action in ACTIVE_ACTIONS:
                return str(action)
        stack.extend(_children(obj))
    return None


def check_pdf(data: bytes) -> int:
    """Parse a PDF; return its page count or raise PdfProblem (unreadable, encrypted, active, empty)."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            raise PdfProblem("encrypted")
        pages = int(reader.root["/Pages"]["/Count"])
        active = _active_content(reader)
    except PdfProblem:
        raise
    except (PdfError, KeyError, TypeError, ValueError, IndexError, AttributeError, RecursionError,
            OverflowError, UnicodeError):
        raise PdfProblem("unreadable") from None
    if active is not None:
        # the kind of content only: the file itself is an applicant's and stays out of the log
        logger.info("pdf refused: active content %s", active)
        raise PdfProblem("active")
    if pages < 1:
        raise PdfProblem("empty")
    return pages


def appended_bytes(reader: PdfFileReader, signatures, data: bytes) -> int:
    """How many bytes follow the end of the newest revision (junk appended after ``%%EOF``).

    pyHanko reads a file whose last bytes are junk, or a junk block ending in a copied ``startxref``, as if
    the junk were not there, and calls its newest signature intact. When that signature is in the newest
    revision its byte range must reach the end of the file; otherwise the newest revision ends at the
    first end-of-file marker after its cross-reference section.
    """
    newest = reader.total_revisions - 1
    for embedded in signatures:
        if embedded.signed_revision == newest:
            start, first, second, rest = embedded.byte_range
            return max(len(data) - (second + rest), 0)
    marker = data.find(b"%%EOF", reader.last_startxref)
    if marker < 0:
        return 0
    end = marker + 5
    end += 2 if data[end:end + 2] == b"\r\n" else 1 if data[end:end + 1] in (b"\r", b"\n") else 0
    return max(len(data) - end, 0)
