"""Word-processor files (blank forms residents download) checked for macros before they are stored.

A DOCX may carry a VBA project (``vbaProject.bin``, content types ``macroEnabled``) or ActiveX controls; an
ODT may carry Basic or other scripts (``Basic/``, ``Scripts/``); an old binary DOC keeps its VBA project in
``Macros`` / ``_VBA_PROJECT`` storages of its OLE container. A blank form never needs any of them. Only
the ZIP's directory and its small ``[Content_Types].xml`` / manifest are read: nothing large is inflated.
"""

from __future__ import annotations

import io
import zipfile

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Part names (lower case) that hold code a word processor may run.
MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
MACRO_FOLDERS = ("word/activex/", "basic/", "scripts/")
# Words in the content types or the ODF manifest that only macro-carrying documents use.
MACRO_TYPES = (b"macroenabled", b"vnd.ms-office.vbaproject", b"vnd.ms-office.activex", b"vnd.sun.star.basic",
               b"application/x-starbasic", b"vnd.sun.star.script")
# OLE directory entry names of a binary DOC's VBA project.
OLE_MACRO_NAMES = ("Macros", "VBA", "_VBA_PROJECT")
_SMALL_PART = 1024 * 1024


class OfficeProblem(ValueError):
    """Why a document was refused: ``reason`` is "macros" or "unreadable"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _small_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """A small part's bytes (lower case), or nothing when it is missing or too big to be what it claims."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return b""
    if info.file_size > _SMALL_PART:
        raise OfficeProblem("unreadable")
    return archive.read(info).lower()


def _ole_entry(data: bytes, name: str) -> bool:
    """Whether an OLE directory entry has this name: 128-byte entries in sectors aligned on 512 bytes, each a
    64-byte UTF-16LE name field then its length in bytes (terminator included), so the same word in the
    document's text does not count."""
    encoded = name.encode("utf-16-le") + b"\x00\x00"
    length = len(encoded).to_bytes(2, "little")
    start = data.find(encoded)
    while start >= 0:
        if start % 128 == 0 and data[start + 64:start + 66] == length:
            return True
        start = data.find(encoded, start + 1)
    return False


def check_office_document(data: bytes) -> None:
    """Raise OfficeProblem unless a DOC, DOCX or ODT carries no macros, scripts or ActiveX controls."""
    if data.startswith(OLE_SIGNATURE):
        if any(_ole_entry(data, name) for name in OLE_MACRO_NAMES):
            raise OfficeProblem("macros")
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = [name.replace("\\", "/").lower() for name in archive.namelist()]
            declared = _small_part(archive, "[Content_Types].xml") + _small_part(archive, "META-INF/manifest.xml")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, NotImplementedError):
        raise OfficeProblem("unreadable") from None
    if any(name.rsplit("/", 1)[-1] in MACRO_PARTS or name.startswith(MACRO_FOLDERS) for name in names):
        raise OfficeProblem("macros")
    if any(word in declared for word in MACRO_TYPES):
        raise OfficeProblem("macros")
