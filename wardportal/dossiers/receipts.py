"""The receipt and appointment slip (phiếu tiếp nhận hồ sơ và hẹn trả kết quả) of a dossier, signed.

Built with `slips` and signed with `signing` as the ward, once, when the dossier is submitted or
registered; stored as the dossier's DossierFile of kind "receipt". The QR code carries the tracking link
with the dossier's unguessable token (codes alone are a daily sequence, easy to enumerate).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from wardportal.catalogue.eforms.answers import document_applies
from wardportal.dossiers import files as dossier_files, slips
from wardportal.dossiers.models import Dossier, DossierFile
from wardportal.kernel import file_storage, revocation, signing
from wardportal.kernel.extensions import db
from wardportal.kernel.i18n import format_vnd
from wardportal.kernel.times import in_vietnam

DELIVERY_LABELS = {
    "office": "Nhận trực tiếp tại Bộ phận Một cửa",
    "post": "Nhận qua dịch vụ bưu chính",
    "online": "Nhận trực tuyến (tải về từ trang tra cứu)",
}
_WARD_PREFIXES = ("UBND ", "Phường ", "Xã ", "Thị trấn ", "Đặc khu ")


@dataclass(frozen=True)
class _SigningWard:
    """A ward's slug and name, kept past the end of a transaction."""

    slug: str
    name: str


def ward_signer(ward) -> signing.WardSigner:
    """The ward's signer: a PKCS#12 configured under ``WARD_SIGNING_P12[slug]``, else the generated key."""
    configured = current_app.config.get("WARD_SIGNING_P12", {}).get(ward.slug) or {}
    return signing.load_ward_signer(file_storage.files_root(), ward.slug, ward.name,
                                    pkcs12_path=configured.get("path"),
                                    passphrase=configured.get("passphrase"),
                                    install_name=current_app.config.get("INSTALL_NAME", "Ward Portal"),
                                    ca_passphrase=ca_passphrase(),
                                    crl_url=revocation.crl_url(current_app.config.get("PUBLIC_BASE_URL")))


def ca_passphrase() -> str | None:
    """The root CA key's passphrase from the settings (the environment may hand over a number)."""
    value = current_app.config.get("CA_KEY_PASSPHRASE")
    return str(value) if value not in (None, "") else None


def ward_info(ward) -> slips.WardInfo:
    """The ward as printed in a slip heading ("UBND Phường X", place "X")."""
    place = ward.name
    for prefix in _WARD_PREFIXES:
        if place.startswith(prefix):
            place = place[len(prefix):]
    issuer = ward.name if ward.name.startswith("UBND") else f"UBND {ward.name}"
    return slips.WardInfo(name=issuer, place=place, address=ward.address or "", hotline=ward.hotline or "")


def tracking_url(base_url: str, dossier: Dossier) -> str:
    """The public link of a dossier, printed and in the QR code; stable, since receipts outlive releases."""
    return f"{base_url.rstrip('/')}/{dossier.ward.slug}/ho-so/{dossier.tracking_token}"



def receipt_slip(dossier: Dossier, base_url: str, officer_name: str | None = None) -> slips.ReceiptSlip:
    """The receipt's content from a dossier and the procedure version it was submitted under."""
    snapshot = dossier.procedure_snapshot or {}
    received = in_vietnam(dossier.received_at or dossier.submitted_at)
    answered = (dossier.extra_fields or {}).get("questions")
    attached = {f.document_index for f in dossier.files if f.document_index is not None}
    # The documents this applicant's case asked for (see eforms.answers), and any other one handed in;
    # without answers (a counter dossier) every document of the procedure, as on the paper checklist.
    documents = [slips.ReceivedDocument(d.get("name", ""), bool(d.get("original")), int(d.get("copies") or 1))
                 for index, d in enumerate(snapshot.get("documents", []))
                 if answered is None or index in attached or document_applies(d, answered)]
    return slips.ReceiptSlip(
        ward=ward_info(dossier.ward), dossier_code=dossier.code,
        procedure_code=snapshot.get("code", ""), procedure_title=snapshot.get("title", ""),
        applicant=slips.ApplicantInfo(dossier.applicant_name, dossier.applicant_id_number,
                                      dossier.applicant_phone, dossier.applicant_address,
                                      dossier.applicant_email or None),
        documents=documents, received_at=received.replace(tzinfo=None),
        appointment_date=dossier.new_appointment_date or dossier.due_date,
        delivery_method=DELIVERY_LABELS.get(dossier.delivery_method, dossier.delivery_method),
        tracking_url=tracking_url(base_url, dossier), officer_name=officer_name, fees=_fees_line(dossier),
    )


def _fees_line(dossier: Dossier) -> str:
    """What the applicant owes, as the receipt states it (empty when no amount is known yet)."""

    if dossier.fees is None:
        return ""
    if dossier.fees.amount_due == 0:
        return "Miễn phí, lệ phí"
    return (f"{format_vnd(dossier.fees.amount_due)} (chuyển khoản theo mã VietQR trên trang tra cứu, "
            f"nội dung: {dossier.code}; hoặc nộp tại Bộ phận Một cửa)")


def render_signed_receipt(dossier: Dossier, base_url: str, officer_name: str | None = None) -> bytes:
    """The receipt PDF, signed as the ward (PAdES)."""
    return slips.render_and_sign(receipt_slip(dossier, base_url, officer_name), ward_signer(dossier.ward))


def stored_receipt(dossier: Dossier) -> DossierFile | None:
    """The dossier's receipt file, if it was issued."""
    return db.session.scalar(db.select(DossierFile).where(
        DossierFile.dossier_id == dossier.id, DossierFile.kind == "receipt").order_by(DossierFile.id).limit(1))


def issue_receipt(dossier: Dossier, base_url: str, officer_name: str | None = None) -> DossierFile:
    """Render, sign and store the receipt once, and commit; an existing receipt is returned as it is.

    The slow parts (rendering, signing, writing and fsyncing the file) run between transactions, so the
    write lock is not held meanwhile.
    """
    existing = stored_receipt(dossier)
    if existing is not None:
        return existing
    slip = receipt_slip(dossier, base_url, officer_name)
    # What the signer needs of the ward, read now: loading (the first time, making) the ward's key must not
    # happen inside the transaction.
    ward = _SigningWard(dossier.ward.slug, dossier.ward.name)
    db.session.commit()  # end the read transaction: on SQLite it may hold the write lock
    pdf = slips.render_and_sign(slip, ward_signer(ward))
    # Written and fsynced before the next transaction starts: on SQLite that transaction holds the write lock.
    uploads = file_storage.current_uploads()
    stored = file_storage.store_made_here(pdf, file_storage.clean_original_name(
        f"phieu-tiep-nhan-{dossier.code}.pdf"), "application/pdf", uploads)
    file_storage.follow_transaction(db.session, uploads, stored.stored_name)
    existing = stored_receipt(dossier)  # a concurrent request may have issued it meanwhile
    if existing is not None:
        db.session.rollback()  # and the file just written goes again
        return existing
    row = dossier_files.attach_stored(dossier, stored, kind="receipt")
    db.session.commit()
    return row
