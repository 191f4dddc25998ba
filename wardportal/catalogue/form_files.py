"""The intake of blank forms (PDF, DOC, DOCX, ODT) that a guide offers residents to download.

Both ways a form arrives, the editor's upload and ``flask import-procedures``, go through
`form_template_type`: the type is judged by content, a PDF passes the storage's PDF check (no JavaScript,
no remote or launch actions, not encrypted) and a word-processor file carries no macros.
"""

import filetype

from wardportal.kernel.office_safety import OfficeProblem, check_office_document
from wardportal.kernel.pdf_safety import PdfProblem, check_pdf

FORM_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "odt": "application/vnd.oasis.opendocument.text",
}
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FormFileRefused(ValueError):
    """A blank form refused; ``code`` names the rule: wrong_type, pdf_active, pdf_encrypted, pdf_broken,
    macros, document_broken."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# what each code means, in English, for the import command's messages
PROBLEMS = {
    "wrong_type": "is not a PDF, DOC, DOCX or ODT file",
    "pdf_active": "is a PDF with JavaScript, embedded files or actions that open other files or programs",
    "pdf_encrypted": "is an encrypted PDF",
    "pdf_broken": "is a damaged PDF",
    "macros": "carries macros, scripts or ActiveX controls",
    "document_broken": "is a damaged document",
}


def detect_form_type(data: bytes, filename: str) -> str | None:
    """The MIME type of a form template judged by its content; None when it is not an allowed type."""
    kind = filetype.guess(data)
    if kind is not None and kind.extension in FORM_TYPES:
        return FORM_TYPES[kind.extension]
    # Old binary .doc files are OLE containers that filetype does not name; accept them by signature.
    if data.startswith(OLE_SIGNATURE) and filename.lower().endswith(".doc"):
        return FORM_TYPES["doc"]
    return None


def form_template_type(data: bytes, filename: str) -> str:
    """The content type of a blank form that may be published; raises FormFileRefused."""
    content_type = detect_form_type(data, filename)
    if content_type is None:
        raise FormFileRefused("wrong_type")
    if content_type == FORM_TYPES["pdf"]:
        try:
            check_pdf(data)
        except PdfProblem as problem:
            raise FormFileRefused({"active": "pdf_active", "encrypted": "pdf_encrypted"}.get(
                problem.reason, "pdf_broken")) from None
        return content_type
    try:
        check_office_document(data)
    except OfficeProblem as problem:
        raise FormFileRefused("macros" if problem.reason == "macros" else "document_broken") from None
    return content_type
