"""Signing a document for publication, and checking the signatures a published document carries.

The ward's seal alone, for wards without leaders; in a ward with leaders a document is signed by a leader and
then sealed through `publications.approval` (the leaders' approval flow).
"""

from __future__ import annotations


from wardportal.dossiers import receipts
from wardportal.kernel import signature_policy, signing as pdf_signing
from wardportal.kernel.database import end_read_transaction
from wardportal.publications.media import read_pdf


def sign_for_publication(document) -> bytes:
    """Return the document's stored PDF sealed by the ward; called once, when it is first published.

    Only for a ward without leaders: there the ward's seal alone (the ward's certificate,
    `receipts.ward_signer`) is applied, as an incremental update with a visible stamp. In a ward with at least
    one leader an unsigned document waits for a leader's signature instead, and the seal follows it
    (`publications.approval.sign_document`). The caller (`editing.publish`, `editing.save` of a published
    document) stores the bytes that come back and marks the document ``sealed_by_ward``. Documents that
    arrive already signed never come here.
    """
    data = read_pdf(document)
    if data is None:
        raise FileNotFoundError("the document's PDF is missing from the uploads folder")
    ward = document.ward
    return pdf_signing.sign_pdf(data, receipts.ward_signer(ward), reason="Công bố văn bản",
                                location=ward.name, visible=True)


def signature_status(document) -> signature_policy.VerificationResult:
    """The policy's verdict on the document's PDF as stored now (a changed file shows invalid); cached by the
    file's hash, so a document viewed again is not validated again."""
    data = read_pdf(document)
    if data is None:
        return signature_policy.VerificationResult(signed=False, valid=False,
                                                   problem="Không tìm thấy tệp văn bản đã lưu.")
    context = signature_policy.current_context()
    end_read_transaction()  # validation takes tens of ms: never with the write lock of a POST's re-render
    return signature_policy.verify(data, context)
