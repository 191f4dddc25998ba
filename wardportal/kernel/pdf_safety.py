"""Uploaded PDFs opened with a real parser (pyHanko's reader) before they are accepted.

A file that starts with ``%PDF-`` and ends with ``%%EOF`` may still be junk, or carry active content that a
viewer runs when an officer opens it. `check_pdf` parses the file, refuses what does not parse, what is
encrypted (it cannot be checked, and staff could not open it either), what has no pages, and anything
with active content anywhere in its object graph: JavaScript (``/JS``, ``/S /JavaScript``, the names tree),
launching programs, opening other files (``/GoToR``, ``/GoToE``: a UNC path such as ``\\\\host\\share`` makes
Windows send the reader's password hash to that host), submitting or importing form data, embedded files,
XFA and rich media; a web link (``/URI``) only when the reader clicks it and only to http(s) or mailto, never
one that runs by itself (``/OpenAction``, the ``/AA`` additional actions of the catalog, pages, annotations
and fields, and the ``/Next`` actions chained to them). Scans of papers never need any of these.
`appended_bytes` finds junk after a signed file's newest revision, for `signing`'s verification (the other
module that imports pyHanko).
"""

from __future__ import annotations

import io
import logging

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader

logger = logging.getLogger("wardportal.pdf_safety")

# Action types that run code or reach outside the document, refused wherever they are.
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/RichMediaExecute", "/GoToE",
                  "/GoToR", "/Rendition", "/Sound", "/Movie"}
# Keys whose value is an action (or a dictionary of actions) that runs without the reader clicking anything.
AUTOMATIC_KEYS = ("/OpenAction", "/AA")
# A link the reader clicks may open a web page or a mail; nothing else (file:, UNC paths, smb:, javascript:).
WEB_SCHEMES = ("http://", "https://", "mailto:")
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


def _resolved(obj):
    return obj.get_object() if isinstance(obj, generic.IndirectObject) else obj


def _action_type(obj: generic.DictionaryObject) -> str | None:
    """The ``/S`` of an action dictionary (resolved: a crafted file may put it in an object of its own)."""
    action = _resolved(obj.raw_get("/S")) if "/S" in obj else None
    return str(action) if isinstance(action, generic.NameObject) else None


def _remote_link(obj: generic.DictionaryObject) -> bool:
    """Whether a ``/URI`` action points anywhere but a web page or a mail address."""
    uri = _resolved(obj.raw_get("/URI")) if "/URI" in obj else None
    if not isinstance(uri, (generic.TextStringObject, generic.ByteStringObject, str, bytes)):
        return True
    text = uri.decode("latin-1") if isinstance(uri, bytes) else str(uri)
    return not text.strip().lower().startswith(WEB_SCHEMES)


def _automatic_action(value, budget: int = 1000) -> str | None:
    """The first action that would run by itself in an /OpenAction or /AA value and is not a plain go-to."""
    stack, seen = [value], set()
    while stack and budget > 0:
        budget -= 1
        obj = stack.pop()
        if isinstance(obj, generic.IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, generic.ArrayObject):
            continue  # a destination (page, view): no action
        if not isinstance(obj, generic.DictionaryObject):
            continue
        kind = _action_type(obj)
        if kind is None:  # an /AA dictionary: one action per trigger
            stack.extend(obj.raw_get(key) for key in obj)
            continue
        if kind == "/URI":
            return "automatic /URI"
        following = _resolved(obj.raw_get("/Next")) if "/Next" in obj else None
        if isinstance(following, generic.ArrayObject):
            stack.extend(following.raw_get(index) for index in range(len(following)))
        elif following is not None:
            stack.append(following)
    return None


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
            action = _action_type(obj)
            if action in ACTIVE_ACTIONS:
                return action
            if action == "/URI" and _remote_link(obj):
                return "/URI outside the web"
            if action == "/Thread" and "/F" in obj:
                return "/Thread to another file"
            for key in AUTOMATIC_KEYS:
                found = _automatic_action(obj.raw_get(key)) if key in obj else None
                if found:
                    return found
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
