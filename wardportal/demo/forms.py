"""Blank form templates (tờ khai, đơn) for the demo ward, generated as PDF with fpdf2 or DOCX with python-docx."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Cm, Pt
from fpdf import FPDF

from wardportal.kernel.package_files import FONTS_DIR

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FONT_DIR = FONTS_DIR
FONT = "BeVietnamPro"
# A fixed timestamp keeps every build byte-identical, so the files can be cached and compared.
BUILD_DATE = datetime(2025, 7, 1, tzinfo=timezone.utc)

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_SUB = "Độc lập - Tự do - Hạnh phúc"
HT_BASIS = "(Ban hành kèm theo Thông tư số 04/2020/TT-BTP ngày 28/5/2020 của Bộ trưởng Bộ Tư pháp)"
DEFAULT_HINT = "(Ký, ghi rõ họ, chữ đệm, tên)"
DATE_LINE = "......................, ngày ...... tháng ...... năm ............"
ROW = 6.5  # mm per writing line: room for handwriting while a birth form still fits one A4 page


@dataclass(frozen=True)
class Field:
    """A labelled line to fill in; extra_lines adds full-width lines for long answers."""

    label: str
    extra_lines: int = 0
    colon: bool = True

    @property
    def text(self) -> str:
        """The label as printed, NFC-normalised."""
        return _nfc(self.label) + (":" if self.colon else "")


@dataclass(frozen=True)
class Choice:
    """A label followed by tick boxes."""

    label: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class Heading:
    """A bold sub-heading or an instruction sentence inside the form."""

    text: str


@dataclass(frozen=True)
class FormSpec:
    """The content of one blank form, independent of its file format."""

    title: str
    basis: str
    items: tuple
    pledge: str
    signers: tuple[str, ...] = ("NGƯỜI YÊU CẦU",)
    signer_hint: str = DEFAULT_HINT
    addressee: str = "Ủy ban nhân dân phường (xã)"


APPLICANT = (
    Field("Họ, chữ đệm, tên người yêu cầu"),
    Field("Nơi cư trú"),
    Field("Giấy tờ tùy thân (loại, số, ngày cấp, nơi cấp)"),
)


def _parent(role: str) -> tuple:
    """Lines describing the mother or father on civil status forms."""
    return (Field(f"Họ, chữ đệm, tên người {role}"), Field("Năm sinh"), Field("Dân tộc"),
            Field("Quốc tịch"), Field("Nơi cư trú"))


def _spouse(role: str) -> tuple:
    """Lines describing one party on the marriage registration form."""
    return (Heading(f"Thông tin bên {role}:"), Field("Họ, chữ đệm, tên"), Field("Ngày, tháng, năm sinh"),
            Field("Dân tộc"), Field("Quốc tịch"), Field("Nơi cư trú"),
            Field("Giấy tờ tùy thân (loại, số, ngày cấp, nơi cấp)"), Field("Kết hôn lần thứ mấy"))


PLEDGE_HT = ("Tôi cam đoan nội dung đề nghị {what} trên đây là đúng sự thật, được sự thỏa thuận nhất trí của các "
             "bên liên quan theo quy định pháp luật. Tôi chịu hoàn toàn trách nhiệm trước pháp luật về nội dung cam "
             "đoan của mình.")
COPIES = Choice("Đề nghị cấp bản sao", ("Có, số lượng: ...... bản", "Không"))

FORMS: dict[str, FormSpec] = {
    "to-khai-dang-ky-khai-sinh.pdf": FormSpec(
        "TỜ KHAI ĐĂNG KÝ KHAI SINH", HT_BASIS,
        (*APPLICANT, Field("Quan hệ với người được khai sinh"),
         Heading("Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:"),
         Field("Họ, chữ đệm, tên"), Field("Ngày, tháng, năm sinh (ghi bằng số và bằng chữ)", 1),
         Choice("Giới tính", ("Nam", "Nữ")), Field("Dân tộc"), Field("Quốc tịch"), Field("Nơi sinh"),
         Field("Quê quán"), *_parent("mẹ"), *_parent("cha"), COPIES),
        PLEDGE_HT.format(what="đăng ký khai sinh")),
    "to-khai-dang-ky-ket-hon.pdf": FormSpec(
        "TỜ KHAI ĐĂNG KÝ KẾT HÔN", HT_BASIS,
        (*_spouse("nữ"), *_spouse("nam"), COPIES),
        "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi là tự nguyện, "
        "không vi phạm quy định của Luật Hôn nhân và gia đình. Chúng tôi chịu trách nhiệm trước pháp luật về "
        "cam đoan của mình.", signers=("BÊN NỮ", "BÊN NAM")),
    "to-khai-dang-ky-khai-tu.docx": FormSpec(
        "TỜ KHAI ĐĂNG KÝ KHAI TỬ", HT_BASIS,
        (*APPLICANT, Field("Quan hệ với người đã chết"),
         Heading("Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây:"),
         Field("Họ, chữ đệm, tên"), Field("Ngày, tháng, năm sinh"), Choice("Giới tính", ("Nam", "Nữ")),
         Field("Dân tộc"), Field("Quốc tịch"), Field("Giấy tờ tùy thân"), Field("Nơi cư trú cuối cùng"),
         Field("Đã chết vào lúc (giờ, phút, ngày, tháng, năm)"), Field("Nơi chết"), Field("Nguyên nhân chết"),
         Field("Số Giấy báo tử / giấy tờ thay Giấy báo tử, do cơ quan nào cấp, ngày cấp", 1), COPIES),
        PLEDGE_HT.format(what="đăng ký khai tử")),
    "to-khai-thay-doi-cai-chinh-ho-tich.pdf": FormSpec(
        "TỜ KHAI ĐĂNG KÝ THAY ĐỔI, CẢI CHÍNH, BỔ SUNG THÔNG TIN HỘ TỊCH, XÁC ĐỊNH LẠI DÂN TỘC", HT_BASIS,
        (*APPLICANT, Field("Quan hệ với người được thay đổi, cải chính hộ tịch"),
         Heading("Đề nghị cơ quan đăng ký việc thay đổi, cải chính, bổ sung thông tin hộ tịch cho người dưới đây:"),
         Field("Họ, chữ đệm, tên"), Field("Ngày, tháng, năm sinh"), Field("Nơi cư trú"),
         Field("Số định danh cá nhân"), Field("Đã đăng ký khai sinh tại (cơ quan, số, ngày đăng ký)", 1),
         Field("Nội dung đề nghị thay đổi, cải chính, bổ sung", 2), Field("Lý do", 1),
         Field("Giấy tờ kèm theo", 1), COPIES),
        PLEDGE_HT.format(what="thay đổi, cải chính, bổ sung thông tin hộ tịch")),
    "to-khai-xac-nhan-tinh-trang-hon-nhan.pdf": FormSpec(
        "TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN", HT_BASIS,
        (*APPLICANT, Field("Quan hệ với người được cấp Giấy xác nhận tình trạng hôn nhân"),
         Heading("Đề nghị cấp Giấy xác nhận tình trạng hôn nhân cho người có tên dưới đây:"),
         Field("Họ, chữ đệm, tên"), Field("Ngày, tháng, năm sinh"), Choice("Giới tính", ("Nam", "Nữ")),
         Field("Dân tộc"), Field("Quốc tịch"), Field("Giấy tờ tùy thân"), Field("Nơi cư trú"),
         Field("Thời gian cư trú tại nơi đề nghị xác nhận (từ ngày ... đến ngày ...)"),
         Field("Tình trạng hôn nhân hiện nay", 1), Field("Mục đích sử dụng Giấy xác nhận tình trạng hôn nhân", 1)),
        PLEDGE_HT.format(what="cấp Giấy xác nhận tình trạng hôn nhân")),
    "giay-de-nghi-dang-ky-ho-kinh-doanh.docx": FormSpec(
        "GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH",
        "(Mẫu Giấy đề nghị đăng ký hộ kinh doanh theo Thông tư số 68/2025/TT-BTC)",
        (Heading("Tôi là (ghi họ tên bằng chữ in hoa):"), Field("Họ, chữ đệm, tên"), Field("Ngày, tháng, năm sinh"),
         Choice("Giới tính", ("Nam", "Nữ")), Field("Số định danh cá nhân"), Field("Số điện thoại liên hệ"),
         Field("Thư điện tử (nếu có)"), Heading("Đăng ký hộ kinh doanh với các nội dung sau:"),
         Field("1. Tên hộ kinh doanh (ghi bằng chữ in hoa)"), Field("2. Địa chỉ trụ sở hộ kinh doanh", 1),
         Field("3. Ngành, nghề kinh doanh", 2), Field("4. Vốn kinh doanh (bằng số, bằng chữ; VNĐ)"),
         Field("5. Số lượng lao động (dự kiến)"),
         Choice("6. Chủ thể thành lập hộ kinh doanh", ("Một cá nhân", "Các thành viên hộ gia đình"))),
        "Tôi cam kết bản thân không thuộc diện không được đăng ký hộ kinh doanh; mỗi cá nhân chỉ đăng ký một hộ kinh "
        "doanh trên phạm vi toàn quốc; và chịu trách nhiệm trước pháp luật về tính hợp pháp, chính xác, trung thực "
        "của nội dung đăng ký trên.",
        signers=("CHỦ HỘ KINH DOANH",), addressee="Ủy ban nhân dân phường (xã)"),
    "don-de-nghi-cap-giay-phep-xay-dung.pdf": FormSpec(
        "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG",
        "(Sử dụng cho công trình nhà ở riêng lẻ - theo Nghị định số 175/2024/NĐ-CP)",
        (Heading("1. Thông tin về chủ đầu tư:"), Field("Tên chủ hộ"), Field("Người đại diện, chức vụ (nếu có)"),
         Field("Địa chỉ liên hệ"), Field("Số điện thoại"),
         Heading("2. Thông tin công trình:"), Field("Địa điểm xây dựng: lô đất số / thửa đất số, tờ bản đồ số"),
         Field("Đường (phố), tổ dân phố, phường (xã)"),
         Heading("3. Nội dung đề nghị cấp phép:"), Field("Cấp công trình"), Field("Diện tích xây dựng tầng 1 (m²)"),
         Field("Tổng diện tích sàn (m²)"), Field("Chiều cao công trình (m)"),
         Field("Số tầng (ghi rõ tầng hầm, tầng lửng, tum)"),
         Heading("4. Đơn vị hoặc người chủ nhiệm thiết kế:"), Field("Tên, mã số chứng chỉ năng lực/hành nghề"),
         Field("5. Dự kiến thời gian hoàn thành công trình (tháng)"), Field("6. Tài liệu gửi kèm", 2)),
        "Tôi xin cam kết làm theo đúng giấy phép được cấp, nếu sai tôi xin hoàn toàn chịu trách nhiệm và bị xử lý "
        "theo quy định của pháp luật.", signers=("NGƯỜI LÀM ĐƠN",)),
    "to-khai-de-nghi-tro-giup-xa-hoi.pdf": FormSpec(
        "TỜ KHAI ĐỀ NGHỊ TRỢ GIÚP XÃ HỘI",
        "(Áp dụng đối với đối tượng quy định tại Nghị định số 20/2021/NĐ-CP)",
        (Heading("Phần 1. Thông tin của đối tượng:"), Field("Họ, chữ đệm, tên (viết chữ in hoa)"),
         Field("Ngày, tháng, năm sinh"), Choice("Giới tính", ("Nam", "Nữ")), Field("Dân tộc"),
         Field("Số định danh cá nhân"), Field("Nơi cư trú hiện nay"),
         Choice("Tình trạng khuyết tật", ("Không khuyết tật", "Khuyết tật nặng", "Khuyết tật đặc biệt nặng")),
         Field("Đang hưởng chế độ nào sau đây (lương hưu, trợ cấp BHXH, trợ cấp ưu đãi người có công…)", 1),
         Heading("Phần 2. Thông tin người khai thay (nếu có):"), Field("Họ, chữ đệm, tên"),
         Field("Quan hệ với đối tượng"), Field("Nơi cư trú"),
         Field("Hình thức nhận trợ cấp (tiền mặt / số tài khoản, ngân hàng)")),
        "Tôi xin cam đoan những lời khai trên là đúng sự thật, nếu có điều gì khai không đúng tôi xin chịu "
        "trách nhiệm hoàn toàn.", signers=("NGƯỜI KHAI",)),
    "don-de-nghi-xac-dinh-muc-do-khuyet-tat.docx": FormSpec(
        "ĐƠN ĐỀ NGHỊ XÁC ĐỊNH, XÁC ĐỊNH LẠI MỨC ĐỘ KHUYẾT TẬT VÀ CẤP GIẤY XÁC NHẬN KHUYẾT TẬT",
        "(Mẫu số 01 ban hành kèm theo Thông tư số 01/2019/TT-BLĐTBXH)",
        (Heading("Thông tin người được đề nghị xác định mức độ khuyết tật:"), Field("Họ, chữ đệm, tên"),
         Field("Ngày, tháng, năm sinh"), Choice("Giới tính", ("Nam", "Nữ")), Field("Số định danh cá nhân"),
         Field("Nơi cư trú"), Heading("Thông tin người đại diện hợp pháp (nếu có):"), Field("Họ, chữ đệm, tên"),
         Field("Quan hệ với người được xác định mức độ khuyết tật"), Field("Số điện thoại liên hệ"),
         Choice("Nội dung đề nghị", ("Xác định mức độ khuyết tật", "Xác định lại mức độ khuyết tật",
                                     "Cấp đổi, cấp lại Giấy xác nhận khuyết tật")),
         Field("Lý do đề nghị", 1), Field("Giấy tờ kèm theo (bệnh án, giấy ra viện, kết luận giám định…)", 1)),
        "Tôi xin cam đoan những lời khai trên là đúng sự thật, nếu sai tôi xin chịu trách nhiệm trước pháp luật.",
        signers=("NGƯỜI VIẾT ĐƠN",)),
}
FORM_FILES: tuple[str, ...] = tuple(FORMS)


def build_form(file_name: str) -> tuple[bytes, str]:
    """Return the bytes and content type of a known blank form; raise KeyError for an unknown name."""
    if file_name not in FORMS:
        raise KeyError(f"unknown form template: {file_name}")
    return _build_cached(file_name)


@lru_cache(maxsize=None)
def _build_cached(file_name: str) -> tuple[bytes, str]:
    """Render a form once per process; font subsetting makes a PDF cost tens of milliseconds."""
    spec = FORMS[file_name]
    if file_name.endswith(".pdf"):
        return render_pdf(spec), PDF_TYPE
    if file_name.endswith(".docx"):
        return render_docx(spec), DOCX_TYPE
    raise KeyError(f"unsupported form format: {file_name}")


def _nfc(text: str) -> str:
    """Normalise to NFC so precomposed Vietnamese glyphs are used."""
    return unicodedata.normalize("NFC", text)


def _addressee(spec: FormSpec) -> Field:
    """The "Kính gửi" line, left open for the receiving ward's name."""
    return Field("Kính gửi: " + spec.addressee, colon=False)


# --- PDF ------------------------------------------------------------------------------------------------------------

def _pdf_dots(pdf: FPDF, x_from: float, y: float) -> None:
    """Draw a dotted writing line from x_from to the right margin at baseline y."""
    pdf.set_dash_pattern(dash=0.4, gap=1.1)
    pdf.line(x_from, y, pdf.w - pdf.r_margin, y)
    pdf.set_dash_pattern()


def _pdf_field(pdf: FPDF, field: Field, row: float) -> None:
    """Write a label and dotted lines to fill in, wrapping labels that leave no room to write."""
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    label = field.text
    if pdf.get_string_width(label) > usable - 45:
        pdf.multi_cell(usable, row, label, new_x="LMARGIN", new_y="NEXT")
        extra = field.extra_lines + 1
    else:
        pdf.cell(pdf.get_string_width(label) + 1.5, row, label)
        _pdf_dots(pdf, pdf.get_x(), pdf.get_y() + row - 1.6)
        pdf.ln(row)
        extra = field.extra_lines
    for _ in range(extra):
        _pdf_dots(pdf, pdf.l_margin, pdf.get_y() + row - 1.6)
        pdf.ln(row)


def _pdf_choice(pdf: FPDF, choice: Choice, row: float) -> None:
    """Write a label followed by drawn tick boxes (the font has no box glyph)."""
    pdf.cell(pdf.get_string_width(_nfc(choice.label) + ":") + 3, row, _nfc(choice.label) + ":")
    for option in choice.options:
        text = _nfc(option)
        needed = 6 + pdf.get_string_width(text) + 6
        if pdf.get_x() + needed > pdf.w - pdf.r_margin:
            pdf.ln(row)
            pdf.set_x(pdf.l_margin + 8)
        pdf.rect(pdf.get_x(), pdf.get_y() + (row - 3.4) / 2, 3.4, 3.4)
        pdf.set_x(pdf.get_x() + 5)
        pdf.cell(pdf.get_string_width(text) + 6, row, text)
    pdf.ln(row)


def render_pdf(spec: FormSpec) -> bytes:
    """Render a blank form as an A4 PDF with the national motto header and a signature block."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(BUILD_DATE)
    pdf.set_title(_nfc(spec.title))
    pdf.set_lang("vi-VN")
    pdf.set_creator("Ward Portal")
    pdf.set_margins(22, 15, 18)
    pdf.set_auto_page_break(True, margin=18)
    for style, suffix in (("", "Regular"), ("B", "Bold"), ("I", "Italic"), ("BI", "BoldItalic")):
        pdf.add_font(FONT, style, str(FONT_DIR / f"BeVietnamPro-{suffix}.ttf"))
    pdf.add_page()
    usable = pdf.w - pdf.l_margin - pdf.r_margin

    pdf.set_font(FONT, "B", 11)
    pdf.cell(usable, 6, MOTTO, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 11.5)
    pdf.cell(usable, 6, MOTTO_SUB, align="C", new_x="LMARGIN", new_y="NEXT")
    rule = pdf.get_string_width(MOTTO_SUB)
    pdf.line(pdf.l_margin + (usable - rule) / 2, pdf.get_y() + 0.5, pdf.l_margin + (usable + rule) / 2,
             pdf.get_y() + 0.5)
    pdf.ln(7)

    pdf.set_font(FONT, "B", 13.5)
    pdf.multi_cell(usable, 7, _nfc(spec.title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "I", 8.5)
    pdf.multi_cell(usable, 4.5, _nfc(spec.basis), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    pdf.set_font(FONT, "", 10.5)
    _pdf_field(pdf, _addressee(spec), 7)
    pdf.ln(1)
    for item in spec.items:
        if isinstance(item, Heading):
            pdf.set_font(FONT, "B", 10.5)
            pdf.multi_cell(usable, 7, _nfc(item.text), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(FONT, "", 10.5)
        elif isinstance(item, Choice):
            _pdf_choice(pdf, item, ROW)
        else:
            _pdf_field(pdf, item, ROW)

    pdf.ln(2)
    pdf.multi_cell(usable, 5.5, _nfc(spec.pledge), align="J", new_x="LMARGIN", new_y="NEXT")
    if pdf.get_y() > pdf.h - 42:
        pdf.add_page()
    pdf.ln(4)
    # One signer signs on the right half, as on printed forms; two signers (bride and groom) share the width.
    width = usable / 2 if len(spec.signers) == 1 else usable / len(spec.signers)
    left = pdf.l_margin + (usable / 2 if len(spec.signers) == 1 else 0)
    pdf.set_x(pdf.l_margin + usable / 2 - 10)
    pdf.set_font(FONT, "I", 10)
    pdf.cell(usable / 2 + 10, 6, DATE_LINE, align="C", new_x="LMARGIN", new_y="NEXT")
    for style, size, height, texts in (("B", 10.5, 6, spec.signers),
                                      ("I", 9.5, 5, (spec.signer_hint,) * len(spec.signers))):
        pdf.set_font(FONT, style, size)
        pdf.set_x(left)
        for text in texts:
            pdf.cell(width, height, _nfc(text), align="C")
        pdf.ln(height)
    return bytes(pdf.output())


# --- DOCX -----------------------------------------------------------------------------------------------------------

def _docx_paragraph(document, text: str = "", *, bold=False, italic=False, size=13, align=None, space_after=2):
    """Add a paragraph with one formatted run and tight spacing, as Word forms use."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(0)
    if align is not None:
        paragraph.alignment = align
    if text:
        run = paragraph.add_run(_nfc(text))
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return paragraph


def _docx_field(document, field: Field, line_end) -> None:
    """A label followed by a dot-leader tab stop reaching the right margin, like hand-filled Word forms."""
    for index in range(field.extra_lines + 1):
        paragraph = _docx_paragraph(document, space_after=3)
        paragraph.paragraph_format.tab_stops.add_tab_stop(line_end, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        paragraph.add_run((field.text + " " if index == 0 else "") + "\t")


def render_docx(spec: FormSpec) -> bytes:
    """Render a blank form as an editable Word document in Times New Roman 13 pt."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    props = document.core_properties
    props.title, props.author, props.language = _nfc(spec.title), "Ward Portal", "vi-VN"
    props.created = props.modified = BUILD_DATE.replace(tzinfo=None)
    line_end = section.page_width - section.left_margin - section.right_margin

    center = WD_ALIGN_PARAGRAPH.CENTER
    _docx_paragraph(document, MOTTO, bold=True, size=13, align=center, space_after=0)
    sub = _docx_paragraph(document, MOTTO_SUB, bold=True, size=14, align=center, space_after=12)
    sub.runs[0].underline = True
    _docx_paragraph(document, spec.title, bold=True, size=14, align=center, space_after=0)
    _docx_paragraph(document, spec.basis, italic=True, size=11, align=center, space_after=10)

    _docx_field(document, _addressee(spec), line_end)
    for item in spec.items:
        if isinstance(item, Heading):
            _docx_paragraph(document, item.text, bold=True, space_after=3)
        elif isinstance(item, Choice):
            boxes = "    ".join(f"□ {_nfc(option)}" for option in item.options)
            _docx_paragraph(document, f"{item.label}:    {boxes}", space_after=3)
        else:
            _docx_field(document, item, line_end)

    pledge = _docx_paragraph(document, spec.pledge, space_after=12)
    pledge.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pledge.paragraph_format.first_line_indent = Cm(1)

    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    date_cell = table.cell(0, 1)
    date_cell.paragraphs[0].alignment = center
    date_run = date_cell.paragraphs[0].add_run(DATE_LINE)
    date_run.italic, date_run.font.size = True, Pt(12)
    columns = (1,) if len(spec.signers) == 1 else range(len(spec.signers))
    for column, signer in zip(columns, spec.signers):
        cell = table.cell(1, column)
        for index, (text, bold, italic) in enumerate(((signer, True, False), (spec.signer_hint, False, True))):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            paragraph.alignment = center
            run = paragraph.add_run(_nfc(text))
            run.bold, run.italic = bold, italic

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
