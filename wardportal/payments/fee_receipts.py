"""The signed receipt for a fee payment (biên lai thu phí, lệ phí), kept with the dossier.

Rendered with the desk's slip layout and signed as the ward, once per payment; the stored copy is what
the applicant downloads from the tracking page, so a receipt never changes after it was issued.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from wardportal.dossiers import files as dossier_files, slips
from wardportal.dossiers.models import DossierFile
from wardportal.dossiers.receipts import ward_info, ward_signer
from wardportal.kernel import signing
from wardportal.kernel.extensions import db
from wardportal.kernel.i18n import format_vnd
from wardportal.kernel.times import in_vietnam
from wardportal.payments.amount_words import amount_in_words
from wardportal.payments.models import FeePayment

METHOD_LABELS = {"bank": "Chuyển khoản ngân hàng", "cash": "Tiền mặt tại Bộ phận Một cửa",
                 "gateway": "Thanh toán trực tuyến"}


@dataclass(frozen=True)
class FeeReceipt:
    """What a fee receipt states."""

    ward: slips.WardInfo
    number: str
    dossier_code: str
    procedure_title: str
    payer_name: str
    payer_address: str
    lines: list  # (name, quantity, unit amount)
    amount: int
    method: str
    reference: str
    paid_on: date
    issued_at: datetime


def render_fee_receipt(receipt: FeeReceipt) -> bytes:
    """The receipt PDF, unsigned."""
    pdf = slips.SlipPdf(f"Biên lai {receipt.number}")
    pdf.heading(receipt.ward, receipt.number, receipt.issued_at.date())
    pdf.title_block("BIÊN LAI THU PHÍ, LỆ PHÍ", f"Hồ sơ số: {receipt.dossier_code}")
    pdf.labelled("Người nộp", receipt.payer_name)
    pdf.labelled("Địa chỉ", receipt.payer_address)
    pdf.labelled("Thủ tục hành chính", receipt.procedure_title)
    if receipt.lines:
        pdf.ln(1)
        pdf.font(10)
        widths = (10, slips.CONTENT_W - 10 - 20 - 35 - 35, 20, 35, 35)
        with pdf.table(col_widths=widths, text_align=("CENTER", "LEFT", "CENTER", "RIGHT", "RIGHT"),
                       line_height=5.5, first_row_as_headings=True) as table:
            header = table.row()
            for title in ("TT", "Khoản thu", "Số lượng", "Đơn giá", "Thành tiền"):
                header.cell(slips.nfc(title))
            for n, (name, quantity, unit) in enumerate(receipt.lines, start=1):
                row = table.row()
                for value in (str(n), name, str(quantity), format_vnd(unit), format_vnd(unit * quantity)):
                    row.cell(slips.nfc(value))
        pdf.ln(2)
    pdf.labelled("Số tiền đã nộp", format_vnd(receipt.amount))
    pdf.labelled("Bằng chữ", amount_in_words(receipt.amount))
    pdf.labelled("Hình thức nộp", receipt.method)
    if receipt.reference:
        pdf.labelled("Mã giao dịch", receipt.reference)
    pdf.labelled("Ngày nộp", receipt.paid_on.strftime("%d/%m/%Y"))
    pdf.signature_block("NGƯỜI NỘP TIỀN", "ĐƠN VỊ THU", receipt.ward.name)
    return pdf.finish()


def fee_receipt_of(payment: FeePayment, now: datetime) -> FeeReceipt:
    """The receipt's content from a payment and its dossier."""
    dossier = payment.dossier
    lines = [(ln["name"], int(ln["quantity"]), int(ln["unit_amount"]))
             for ln in (dossier.fees.lines if dossier.fees is not None else [])]
    if sum(q * u for _n, q, u in lines) != payment.amount:
        lines = [("Phí, lệ phí giải quyết thủ tục hành chính", 1, payment.amount)]
    return FeeReceipt(
        ward=ward_info(dossier.ward), number=payment.receipt_number, dossier_code=dossier.code,
        procedure_title=(dossier.procedure_snapshot or {}).get("title", ""), payer_name=dossier.applicant_name,
        payer_address=dossier.applicant_address, lines=lines, amount=payment.amount,
        method=METHOD_LABELS.get(payment.method, payment.method), reference=payment.reference,
        paid_on=payment.paid_on, issued_at=in_vietnam(now).replace(tzinfo=None))


def issue_fee_receipt(payment: FeePayment, now: datetime) -> DossierFile:
    """Render, sign and store the payment's receipt once, and commit; an issued one is returned as it is.

    The rendering and signing run between transactions, so SQLite's write lock is not held meanwhile.
    """
    if payment.receipt_file is not None:
        return payment.receipt_file
    content = fee_receipt_of(payment, now)
    signer = ward_signer(payment.dossier.ward)
    payment_id = payment.id
    db.session.commit()
    pdf = signing.sign_pdf(render_fee_receipt(content), signer, reason="Biên lai thu phí, lệ phí",
                           location=content.ward.name, stamp_box=slips.STAMP_BOX_PT, page=-1)
    payment = db.session.get(FeePayment, payment_id, populate_existing=True)
    if payment.receipt_file is not None:  # issued by a concurrent request meanwhile
        db.session.commit()
        return payment.receipt_file
    row = dossier_files.store_made_here(payment.dossier, pdf,
                                        original_name=f"bien-lai-{payment.receipt_number}.pdf",
                                        content_type="application/pdf", kind="fee_receipt",
                                        document_name="Biên lai thu phí, lệ phí")
    db.session.flush()
    payment.receipt_file_id = row.id
    db.session.commit()
    return row
