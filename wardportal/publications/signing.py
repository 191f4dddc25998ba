"""Signing a document for publication, and checking the signatures a published document carries.

The only place publications touch signatures, so the lead can route publication through the leaders'
approval flow (personal signature on a token, then the ward's seal) by changing `sign_for_publication`.
"""

from __future__ import annotations

from flask import current_app

from .. import file_storage, receipts
from .. import signing as pdf_signing


def sign_for_publication(document) -> bytes:
    """Return the document's stored PDF signed for publication; called once, when it is first published.

    Today this applies the ward's seal only (the ward's certificate, `receipts.ward_signer`), as an
    incremental update with a visible stamp. It is the single hook for the leaders' approval flow: when
    that flow exists, this function should return the PDF after the approving leader's personal signature
    and then the ward's seal (in that order), or raise if approval is still pending — the caller
    (`editing.publish`, `editing.save` of a published document) stores whatever bytes come back and marks
    the document ``sealed_by_ward``. Documents that arrive already signed never come here.
    """
    from .media import read_pdf

    data = read_pdf(document)
    if data is None:
        raise FileNotFoundError("the document's PDF is missing from the uploads folder")
    ward = document.ward
    return pdf_signing.sign_pdf(data, receipts.ward_signer(ward), reason="Công bố văn bản",
                                location=ward.name, visible=True)


def signature_status(document) -> pdf_signing.VerificationResult:
    """Validate the signatures of the document's PDF as stored now (a changed file shows invalid)."""
    from .media import read_pdf

    data = read_pdf(document)
    if data is None:
        return pdf_signing.VerificationResult(signed=False, valid=False,
                                              problem="Không tìm thấy tệp văn bản đã lưu.")
    return pdf_signing.verify_pdf(data, file_storage.files_root(),
                                  extra_trust_roots=current_app.config.get("SIGNATURE_TRUST_ROOTS") or ())
