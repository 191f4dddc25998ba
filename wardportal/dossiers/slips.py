"""The one-stop desk's slips as PDFs (fpdf2, Be Vietnam Pro), each built from a plain dataclass.

Slips: receipt and appointment (phiếu tiếp nhận hồ sơ và hẹn trả kết quả), request for more documents
(phiếu yêu cầu bổ sung, hoàn thiện hồ sơ), refusal (phiếu từ chối tiếp nhận giải quyết hồ sơ) and apology
with a new date (phiếu xin lỗi và hẹn lại ngày trả kết quả). Every slip ends with the ward's signature
block at a fixed place at the bottom of its last page, where `signing.sign_pdf` puts the visible stamp.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass

from fpdf import FPDF, XPos, YPos

from wardportal.kernel import signing
from wardportal.kernel.package_files import FONTS_DIR
from wardportal.kernel.qr import qr_png

FONT_DIR = FONTS_DIR
FONT_FAMILY = "BeVietnamPro"
PAGE_W, PAGE_H = 210.0, 297.0  # A4, millimetres
MARGIN = 18.0
CONTENT_W = PAGE_W - 2 * MARGIN
PT_PER_MM = 72 / 25.4
# The signature block: its heading sits at SIGNATURE_TOP (mm from the top of the last page), and the stamp
# box below it is left empty for the digital signature's visible stamp.
SIGNATURE_TOP = PAGE_H - 62.0
STAMP_BOX_MM = (PAGE_W - MARGIN - 85.0, PAGE_H - 52.0, PAGE_W - MARGIN, PAGE_H - 30.0)  # x1, top, x2, bottom
# The same box in PDF points, origin bottom-left, as pyHanko wants it.
STAMP_BOX_PT = (
    STAMP_BOX_MM[0] * PT_PER_MM, (PAGE_H - STAMP_BOX_MM[3]) * PT_PER_MM,
    STAMP_BOX_MM[2] * PT_PER_MM, (PAGE_H - STAMP_BOX_MM[1]) * PT_PER_MM,
)
ONLINE_OFFICER = "Nộp trực tuyến"


@dataclass(frozen=True)
class WardInfo:
    """The issuing ward as printed in a slip's heading."""

    name: str  # "UBND Phường Phương Lâm"
    place: str  # used in "Phương Lâm, ngày … tháng … năm …"
    address: str
    hotline: str
    unit: str = "Bộ phận Tiếp nhận và Trả kết quả"


@dataclass(frozen=True)
class ApplicantInfo:
    """The person a dossier belongs to."""

    full_name: str
    citizen_id: str
    phone: str
    address: str
    email: str | None = None


@dataclass(frozen=True)
class ReceivedDocument:
    """One document of the dossier as received (thành phần hồ sơ)."""

    name: str
    is_original: bool = False
    copies: int = 1


@dataclass(frozen=True)
class MissingDocument:
    """A document the desk asks the applicant to add or complete."""

    name: str
    detail: str = ""


@dataclass(frozen=True)
class ReceiptSlip:
    """Phiếu tiếp nhận hồ sơ và hẹn trả kết quả."""

    ward: WardInfo
    dossier_code: str
    procedure_code: str
    procedure_title: str
    applicant: ApplicantInfo
    documents: list[ReceivedDocument]
    received_at: dt.datetime
    appointment_date: dt.date
    delivery_method: str
    tracking_url: str
    officer_name: str | None = None  # None: submitted online
    fees: str = ""  # "16.000 đ (chuyển khoản VietQR, nội dung: mã hồ sơ)", empty when not known
    note: str = ("Khi đến nhận kết quả, vui lòng mang theo phiếu này và giấy tờ tùy thân. "
                 "Quét mã QR để tra cứu tình trạng hồ sơ.")


@dataclass(frozen=True)
class MoreDocumentsSlip:
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""

    ward: WardInfo
    dossier_code: str
    procedure_title: str
    applicant: ApplicantInfo
    missing: list[MissingDocument]
    reason: str
    deadline: dt.date | None
    issued_at: dt.datetime
    officer_name: str
    tracking_url: str | None = None


@dataclass(frozen=True)
class RefusalSlip:
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ."""

    ward: WardInfo
    dossier_code: str
    procedure_title: str
    applicant: ApplicantInfo
    submitted_at: dt.datetime
    reasons: list[str]
    issued_at: dt.datetime
    officer_name: str


@dataclass(frozen=True)
class ApologySlip:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả."""

    ward: WardInfo
    dossier_code: str
    procedure_title: str
    applicant: ApplicantInfo
    received_at: dt.datetime
    original_date: dt.date
    new_date: dt.date
    reason: str
    issued_at: dt.datetime
    officer_name: str
    tracking_url: str | None = None


def nfc(text) -> str:
    """Vietnamese text in NFC, so every letter is one precomposed glyph of the font."""
    return unicodedata.normalize("NFC", str(text))


def long_date(day: dt.date) -> str:
    """'ngày 05 tháng 11 năm 2026'."""
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def date_time(moment: dt.datetime) -> str:
    """'10 giờ 05 phút, ngày 23/11/2026'."""
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút, ngày {moment:%d/%m/%Y}"


class _SlipPdf(FPDF):
    """FPDF with the Vietnamese font loaded and a few layout helpers used by every slip."""

    def __init__(self, title: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        for style, face in (("", "Regular"), ("B", "Bold"), ("I", "Italic")):
            self.add_font(FONT_FAMILY, style, str(FONT_DIR / f"BeVietnamPro-{face}.ttf"))
        self.set_margins(MARGIN, 15, MARGIN)
        self.set_auto_page_break(True, margin=18)
        self.set_title(nfc(title))
        self.set_lang("vi")
        self.set_creator("Ward Portal")
        self.add_page()

    def font(self, size: float = 10.5, style: str = "") -> None:
        """Switch to the slip font."""
        self.set_font(FONT_FAMILY, style, size)

    def line_text(self, text: str, size: float = 10.5, style: str = "", align: str = "L",
                  width: float = 0, height: float = 6) -> None:
        """A wrapped paragraph ending on a new line."""
        self.font(size, style)
        self.multi_cell(width or CONTENT_W, height, nfc(text), align=align,
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def labelled(self, label: str, value: str) -> None:
        """'Label: value' with the label in bold, wrapped over the content width."""
        # write() instead of markdown, so asterisks or dashes in a citizen's data stay literal text
        self.set_x(MARGIN)
        self.font(10.5, "B")
        self.write(6, nfc(f"{label}: "))
        self.font(10.5)
        self.write(6, nfc(value))
        self.ln(6)

    def heading(self, ward: WardInfo, number: str, issued: dt.date) -> None:
        """Two-column national heading: issuing unit left, 'CỘNG HÒA…' right, place and date below."""
        top = self.get_y()
        left_w, right_w = 72.0, CONTENT_W - 72.0
        self.set_xy(MARGIN, top)
        self.line_text(ward.name.upper(), 10, "", "C", left_w, 5)
        self.set_x(MARGIN)
        self.line_text(ward.unit.upper(), 10, "B", "C", left_w, 5)
        self.set_x(MARGIN)
        self.line_text(f"Số: {number}", 10, "", "C", left_w, 6)
        left_bottom = self.get_y()
        self.set_xy(MARGIN + left_w, top)
        self.line_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 10, "B", "C", right_w, 5)
        self.set_x(MARGIN + left_w)
        self.line_text("Độc lập - Tự do - Hạnh phúc", 10.5, "B", "C", right_w, 5)
        underline_y = self.get_y()
        centre = MARGIN + left_w + right_w / 2
        self.line(centre - 24, underline_y, centre + 24, underline_y)
        self.set_xy(MARGIN + left_w, underline_y + 2)
        self.line_text(f"{ward.place}, {long_date(issued)}", 10, "I", "C", right_w, 6)
        self.set_y(max(left_bottom, self.get_y()) + 4)

    def title_block(self, title: str, subtitle: str | None = None) -> None:
        """Centred slip title."""
        self.line_text(title, 13.5, "B", "C", height=7)
        if subtitle:
            self.line_text(subtitle, 10.5, "I", "C")
        self.ln(3)

    def applicant_block(self, applicant: ApplicantInfo) -> None:
        """Who the dossier belongs to."""
        self.labelled("Người nộp hồ sơ", applicant.full_name)
        self.labelled("Số định danh cá nhân (CCCD)", applicant.citizen_id)
        self.labelled("Số điện thoại", applicant.phone)
        if applicant.email:
            self.labelled("Thư điện tử", applicant.email)
        self.labelled("Địa chỉ", applicant.address)

    def numbered(self, items: list[str]) -> None:
        """A numbered list, each item wrapped with a hanging indent."""
        self.font(10.5)
        for number, item in enumerate(items, start=1):
            self.set_x(MARGIN + 4)
            self.cell(7, 6, f"{number}.")
            self.multi_cell(CONTENT_W - 11, 6, nfc(item), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def qr_code(self, url: str, x: float, y: float, size: float = 26) -> None:
        """A QR code of the URL (segno, PNG in memory)."""
        self.image(io.BytesIO(qr_png(url)), x=x, y=y, w=size, h=size)

    def signature_block(self, left_title: str | None, right_title: str, right_name: str) -> None:
        """Signature block at a fixed spot of the last page; the stamp box under the title stays empty."""
        if self.get_y() > SIGNATURE_TOP - 2:
            self.add_page()
        self.set_auto_page_break(False)
        half = CONTENT_W / 2
        right_x = STAMP_BOX_MM[0]
        right_w = STAMP_BOX_MM[2] - STAMP_BOX_MM[0]
        if left_title:
            self.set_xy(MARGIN, SIGNATURE_TOP)
            self.line_text(left_title, 10.5, "B", "C", half - 10, 5)
            self.set_x(MARGIN)
            self.line_text("(Ký, ghi rõ họ tên)", 9.5, "I", "C", half - 10, 5)
        self.set_xy(right_x, SIGNATURE_TOP)
        self.line_text(right_title, 10.5, "B", "C", right_w, 5)
        self.set_x(right_x)
        self.line_text("(Ký số)", 9.5, "I", "C", right_w, 5)
        self.set_xy(right_x, STAMP_BOX_MM[3] + 2)
        self.line_text(right_name, 10.5, "B", "C", right_w, 6)

    def finish(self) -> bytes:
        """The PDF bytes."""
        return bytes(self.output())


def render_receipt(slip: ReceiptSlip) -> bytes:
    """Phiếu tiếp nhận hồ sơ và hẹn trả kết quả, unsigned."""
    pdf = _SlipPdf(f"Phiếu tiếp nhận hồ sơ {slip.dossier_code}")
    pdf.heading(slip.ward, slip.dossier_code, slip.received_at.date())
    qr_top = pdf.get_y()
    pdf.qr_code(slip.tracking_url, PAGE_W - MARGIN - 26, qr_top)
    pdf.set_right_margin(MARGIN + 30)  # the title and code wrap beside the QR code
    pdf.title_block("PHIẾU TIẾP NHẬN HỒ SƠ\nVÀ HẸN TRẢ KẾT QUẢ")
    pdf.line_text(f"Mã hồ sơ: {slip.dossier_code}", 12, "B", "C")
    pdf.set_right_margin(MARGIN)
    pdf.set_y(max(pdf.get_y(), qr_top + 28))
    pdf.line_text(f"{slip.ward.unit} - {slip.ward.name} đã tiếp nhận hồ sơ của:")
    pdf.applicant_block(slip.applicant)
    pdf.labelled("Thủ tục hành chính", f"{slip.procedure_title} (mã {slip.procedure_code})")
    pdf.ln(1)
    pdf.line_text("Thành phần hồ sơ đã nhận:", style="B")
    _documents_table(pdf, slip.documents)
    pdf.ln(2)
    pdf.labelled("Thời gian nhận hồ sơ", date_time(slip.received_at))
    pdf.labelled("Thời gian trả kết quả", f"{long_date(slip.appointment_date)}".capitalize())
    pdf.labelled("Hình thức nhận kết quả", slip.delivery_method)
    if slip.fees:
        pdf.labelled("Phí, lệ phí", slip.fees)
    pdf.labelled("Đơn vị tiếp nhận", f"{slip.ward.name}, {slip.ward.address}")
    pdf.labelled("Đường dây nóng", slip.ward.hotline)
    pdf.labelled("Tra cứu hồ sơ", slip.tracking_url)
    pdf.ln(1)
    pdf.line_text(f"Ghi chú: {slip.note}", 9.5, "I")
    officer = slip.officer_name or ONLINE_OFFICER
    left = "NGƯỜI NỘP HỒ SƠ" if slip.officer_name else None
    pdf.signature_block(left, "NGƯỜI TIẾP NHẬN HỒ SƠ", officer)
    return pdf.finish()


def _documents_table(pdf: _SlipPdf, documents: list[ReceivedDocument]) -> None:
    """Table of received documents: number, name, original or copy, number of copies."""
    pdf.font(10)
    widths = (10, CONTENT_W - 10 - 30 - 20, 30, 20)
    with pdf.table(col_widths=widths, text_align=("CENTER", "LEFT", "CENTER", "CENTER"),
                   line_height=5.5, first_row_as_headings=True) as table:
        header = table.row()
        for title in ("TT", "Tên giấy tờ", "Bản chính/sao", "Số lượng"):
            header.cell(nfc(title))
        for number, document in enumerate(documents, start=1):
            row = table.row()
            row.cell(str(number))
            row.cell(nfc(document.name))
            row.cell("Bản chính" if document.is_original else "Bản sao")
            row.cell(str(document.copies))


def render_more_documents(slip: MoreDocumentsSlip) -> bytes:
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ, unsigned."""
    pdf = _SlipPdf(f"Phiếu yêu cầu bổ sung hồ sơ {slip.dossier_code}")
    pdf.heading(slip.ward, slip.dossier_code, slip.issued_at.date())
    pdf.title_block("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", f"Hồ sơ số: {slip.dossier_code}")
    pdf.line_text(f"{slip.ward.unit} - {slip.ward.name} đã nhận hồ sơ của:")
    pdf.applicant_block(slip.applicant)
    pdf.labelled("Thủ tục hành chính", slip.procedure_title)
    pdf.line_text(f"Lý do: {slip.reason}")
    pdf.line_text("Đề nghị ông/bà bổ sung, hoàn thiện các giấy tờ sau:", style="B")
    pdf.numbered([f"{m.name}: {m.detail}" if m.detail else m.name for m in slip.missing])
    if slip.deadline:
        pdf.labelled("Hạn bổ sung", long_date(slip.deadline).capitalize())
    pdf.line_text("Thời hạn giải quyết được tính lại từ khi nhận đủ hồ sơ. Ông/bà có thể nộp bổ sung "
                  "trực tiếp tại Bộ phận Một cửa hoặc trên trang tra cứu hồ sơ.", 9.5, "I")
    if slip.tracking_url:
        pdf.labelled("Tra cứu và nộp bổ sung", slip.tracking_url)
    pdf.labelled("Mọi thắc mắc xin liên hệ", slip.ward.hotline)
    pdf.signature_block(None, "NGƯỜI HƯỚNG DẪN", slip.officer_name)
    return pdf.finish()


def render_refusal(slip: RefusalSlip) -> bytes:
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ, unsigned."""
    pdf = _SlipPdf(f"Phiếu từ chối tiếp nhận hồ sơ {slip.dossier_code}")
    pdf.heading(slip.ward, slip.dossier_code, slip.issued_at.date())
    pdf.title_block("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", f"Hồ sơ số: {slip.dossier_code}")
    pdf.line_text(f"{slip.ward.unit} - {slip.ward.name} nhận được hồ sơ của:")
    pdf.applicant_block(slip.applicant)
    pdf.labelled("Thủ tục hành chính", slip.procedure_title)
    pdf.labelled("Thời gian nộp hồ sơ", date_time(slip.submitted_at))
    pdf.line_text("Hồ sơ không được tiếp nhận giải quyết vì các lý do sau:", style="B")
    pdf.numbered(slip.reasons)
    pdf.line_text("Xin thông báo để ông/bà được biết và thực hiện.", 10.5, "I")
    pdf.labelled("Mọi thắc mắc xin liên hệ", slip.ward.hotline)
    pdf.signature_block(None, "NGƯỜI TIẾP NHẬN HỒ SƠ", slip.officer_name)
    return pdf.finish()


def render_apology(slip: ApologySlip) -> bytes:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả, unsigned."""
    pdf = _SlipPdf(f"Phiếu xin lỗi và hẹn lại ngày trả kết quả {slip.dossier_code}")
    pdf.heading(slip.ward, slip.dossier_code, slip.issued_at.date())
    pdf.title_block("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", f"Hồ sơ số: {slip.dossier_code}")
    pdf.line_text(f"{slip.ward.name} đã tiếp nhận hồ sơ của:")
    pdf.applicant_block(slip.applicant)
    pdf.labelled("Thủ tục hành chính", slip.procedure_title)
    pdf.labelled("Thời gian nhận hồ sơ", date_time(slip.received_at))
    pdf.labelled("Hẹn trả kết quả", long_date(slip.original_date).capitalize())
    pdf.line_text(f"Tuy nhiên, đến nay hồ sơ chưa giải quyết xong. Lý do: {slip.reason}")
    pdf.line_text(f"{slip.ward.name} xin lỗi ông/bà vì sự chậm trễ này và hẹn trả kết quả vào "
                  f"{long_date(slip.new_date)}.", style="B")
    if slip.tracking_url:
        pdf.labelled("Tra cứu hồ sơ", slip.tracking_url)
    pdf.labelled("Mọi thắc mắc xin liên hệ", slip.ward.hotline)
    pdf.signature_block(None, "THỦ TRƯỞNG CƠ QUAN", slip.officer_name)
    return pdf.finish()


RENDERERS = {
    ReceiptSlip: (render_receipt, "Tiếp nhận hồ sơ và hẹn trả kết quả"),
    MoreDocumentsSlip: (render_more_documents, "Yêu cầu bổ sung, hoàn thiện hồ sơ"),
    RefusalSlip: (render_refusal, "Từ chối tiếp nhận giải quyết hồ sơ"),
    ApologySlip: (render_apology, "Xin lỗi và hẹn lại ngày trả kết quả"),
}


def render_slip(slip) -> bytes:
    """Render any slip dataclass to unsigned PDF bytes."""
    renderer, _ = RENDERERS[type(slip)]
    return renderer(slip)


def render_and_sign(slip, signer_info: signing.WardSigner) -> bytes:
    """Render a slip and sign it as the ward, the visible stamp in the slip's signature box."""
    _, reason = RENDERERS[type(slip)]
    return signing.sign_pdf(render_slip(slip), signer_info, reason=reason, location=slip.ward.name,
                            stamp_box=STAMP_BOX_PT, page=-1)


# The page class other documents of the one-stop desk (fee receipts) are laid out with.
SlipPdf = _SlipPdf
