"""One-stop slips: Vietnamese text as extracted by poppler, the QR code, the stamp area, signing."""

import datetime as dt
import subprocess
import unicodedata

import pytest
import segno
from PIL import Image

from wardportal.dossiers import slips
from wardportal.kernel import signature_policy, signing

WARD = slips.WardInfo(
    name="UBND Phường Phương Lâm", place="Phương Lâm",
    address="Số 2 đường Hữu Nghị, phường Phương Lâm, tỉnh Phú Thọ", hotline="0218 3852 123",
)
APPLICANT = slips.ApplicantInfo(
    full_name="Nguyễn Thị Hằng", citizen_id="001190012345", phone="0912345678",
    address="Tổ 5, phường Phương Lâm, tỉnh Phú Thọ", email="hang@example.vn",
)
TRACKING_URL = "https://phuonglam.example.vn/phuong-lam/tra-cuu/H40.25-261123-0007?t=Zx8kQ2m9pLr4TfWc1bN7"
CODE = "H40.25-261123-0007"


def receipt(**changes) -> slips.ReceiptSlip:
    """A receipt slip for a birth registration submitted online."""
    fields = dict(
        ward=WARD, dossier_code=CODE, procedure_code="1.001193", procedure_title="Đăng ký khai sinh",
        applicant=APPLICANT,
        documents=[slips.ReceivedDocument("Tờ khai đăng ký khai sinh", True, 1),
                   slips.ReceivedDocument("Giấy chứng sinh", True, 1),
                   slips.ReceivedDocument("Giấy chứng nhận kết hôn của cha, mẹ", False, 2)],
        received_at=dt.datetime(2026, 11, 23, 9, 5), appointment_date=dt.date(2026, 11, 25),
        delivery_method="Nhận trực tiếp tại Bộ phận Một cửa", tracking_url=TRACKING_URL,
    )
    fields.update(changes)
    return slips.ReceiptSlip(**fields)


def pdftotext(tmp_path, pdf_bytes: bytes, layout: bool = False) -> str:
    """Text poppler extracts from the PDF."""
    path = tmp_path / "slip.pdf"
    path.write_bytes(pdf_bytes)
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=30).stdout


def render_page(tmp_path, pdf_bytes: bytes, page: int) -> Image.Image:
    """Rasterise one page at 72 dpi (one pixel per PDF point)."""
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf_bytes)
    subprocess.run(["pdftoppm", "-r", "72", "-gray", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                    str(path), str(tmp_path / "page")], check=True, timeout=30)
    return Image.open(tmp_path / "page.png").convert("L")


def stamp_area(page: Image.Image) -> Image.Image:
    """The part of a 72 dpi page image where the signature stamp goes."""
    x1, y1, x2, y2 = slips.STAMP_BOX_PT
    return page.crop((int(x1), int(page.height - y2), int(x2), int(page.height - y1)))


def page_count(tmp_path, pdf_bytes: bytes) -> int:
    """Number of pages, from pdfinfo."""
    path = tmp_path / "count.pdf"
    path.write_bytes(pdf_bytes)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_receipt_text_is_correct_vietnamese(tmp_path):
    """The receipt carries the national heading, the procedure, the applicant and the dates, readable."""
    text = pdftotext(tmp_path, slips.render_receipt(receipt()))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "PHIẾU TIẾP NHẬN HỒ SƠ",
        "VÀ HẸN TRẢ KẾT QUẢ", "UBND PHƯỜNG PHƯƠNG LÂM", "Đăng ký khai sinh (mã 1.001193)",
        "Nguyễn Thị Hằng", "001190012345", "0912345678", CODE, "Giấy chứng sinh",
        "Giấy chứng nhận kết hôn của cha, mẹ", "Bản chính", "Bản sao", "09 giờ 05 phút, ngày 23/11/2026",
        "Ngày 25 tháng 11 năm 2026", "Nhận trực tiếp tại Bộ phận Một cửa", "0218 3852 123",
        "Phương Lâm, ngày 23 tháng 11 năm 2026", "Nộp trực tuyến",
    ):
        assert expected in text, expected


def test_receipt_at_the_counter_names_the_officer(tmp_path):
    """A counter receipt shows the officer and a place for the applicant's signature."""
    text = pdftotext(tmp_path, slips.render_receipt(receipt(officer_name="Trần Văn Bình")))
    assert "Trần Văn Bình" in text and "NGƯỜI NỘP HỒ SƠ" in text
    assert "Nộp trực tuyến" not in text


def test_decomposed_input_is_printed_as_nfc(tmp_path):
    """Text typed in NFD (as some phones send it) is normalised, so it extracts as normal words."""
    applicant = slips.ApplicantInfo(unicodedata.normalize("NFD", "Phạm Đức Thắng"), "001190012345",
                                    "0912345678", "Thôn Đồng")
    text = pdftotext(tmp_path, slips.render_receipt(receipt(applicant=applicant)))
    assert "Phạm Đức Thắng" in unicodedata.normalize("NFC", text)
    assert "Phạm Đức Thắng" in text  # already NFC as extracted, not combining marks


def test_receipt_qr_code_encodes_the_tracking_url(tmp_path):
    """The embedded image is exactly the QR code of the tracking URL."""
    path = tmp_path / "r.pdf"
    path.write_bytes(slips.render_receipt(receipt()))
    subprocess.run(["pdfimages", "-png", str(path), str(tmp_path / "img")], check=True, timeout=30)
    images = sorted(tmp_path.glob("img-*.png"))
    assert len(images) == 1
    picture = Image.open(images[0]).convert("L")
    matrix = segno.make(TRACKING_URL, error="m").matrix
    modules = len(matrix) + 4  # border of 2 modules each side
    assert picture.width == picture.height and picture.width % modules == 0
    scale = picture.width // modules
    for row, bits in enumerate(matrix):
        for col, bit in enumerate(bits):
            dark = picture.getpixel(((col + 2) * scale + scale // 2, (row + 2) * scale + scale // 2)) < 128
            assert dark == bool(bit), (row, col)


@pytest.mark.parametrize("document_count", [3, 14])
def test_stamp_box_is_left_blank_on_the_last_page(tmp_path, document_count):
    """Whatever the length, nothing is printed where the signature stamp goes."""
    documents = [slips.ReceivedDocument(f"Giấy tờ số {n} kèm theo hồ sơ", n % 2 == 0)
                 for n in range(document_count)]
    pdf = slips.render_receipt(receipt(documents=documents))
    pages = page_count(tmp_path, pdf)
    assert pages == (1 if document_count == 3 else 2)
    assert stamp_area(render_page(tmp_path, pdf, pages)).getextrema() == (255, 255)


def test_request_for_more_documents(tmp_path):
    """The request lists what is missing, why, and by when."""
    slip = slips.MoreDocumentsSlip(
        ward=WARD, dossier_code=CODE, procedure_title="Đăng ký khai sinh", applicant=APPLICANT,
        missing=[slips.MissingDocument("Giấy chứng sinh", "ảnh chụp bị mờ"),
                 slips.MissingDocument("Văn bản ủy quyền")],
        reason="Hồ sơ chưa đầy đủ", deadline=dt.date(2026, 12, 1),
        issued_at=dt.datetime(2026, 11, 24, 8, 0), officer_name="Trần Văn Bình", tracking_url=TRACKING_URL,
    )
    text = pdftotext(tmp_path, slips.render_more_documents(slip))
    for expected in ("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Giấy chứng sinh: ảnh chụp bị mờ",
                     "2.", "Văn bản ủy quyền", "Lý do: Hồ sơ chưa đầy đủ", "Ngày 01 tháng 12 năm 2026",
                     "Trần Văn Bình", "Nguyễn Thị Hằng"):
        assert expected in text, expected


def test_refusal_lists_reasons(tmp_path):
    """The refusal states each reason."""
    slip = slips.RefusalSlip(
        ward=WARD, dossier_code=CODE, procedure_title="Đăng ký khai sinh", applicant=APPLICANT,
        submitted_at=dt.datetime(2026, 11, 23, 9, 5),
        reasons=["Thủ tục không thuộc thẩm quyền của phường", "Người nộp không có quyền yêu cầu"],
        issued_at=dt.datetime(2026, 11, 23, 10, 0), officer_name="Trần Văn Bình",
    )
    text = pdftotext(tmp_path, slips.render_refusal(slip))
    for expected in ("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "Thủ tục không thuộc thẩm quyền của phường",
                     "Người nộp không có quyền yêu cầu", "09 giờ 05 phút, ngày 23/11/2026"):
        assert expected in text, expected


def test_apology_gives_new_date(tmp_path):
    """The apology names the missed date and the new one."""
    slip = slips.ApologySlip(
        ward=WARD, dossier_code=CODE, procedure_title="Đăng ký khai sinh", applicant=APPLICANT,
        received_at=dt.datetime(2026, 11, 23, 9, 5), original_date=dt.date(2026, 11, 25),
        new_date=dt.date(2026, 11, 27), reason="Cần xác minh với cơ quan khác.",
        issued_at=dt.datetime(2026, 11, 25, 8, 0), officer_name="Lê Thị Mai",
    )
    text = " ".join(pdftotext(tmp_path, slips.render_apology(slip)).split())
    for expected in ("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "Ngày 25 tháng 11 năm 2026",
                     "ngày 27 tháng 11 năm 2026", "xin lỗi", "Cần xác minh với cơ quan khác.", "Lê Thị Mai"):
        assert expected in text, expected


def test_user_text_is_literal(tmp_path):
    """Asterisks or dashes in an address are printed as typed, not read as formatting."""
    applicant = slips.ApplicantInfo("Lò Văn **Páo**", "001190012345", "0912345678", "Bản --Nà-- Hì")
    text = pdftotext(tmp_path, slips.render_receipt(receipt(applicant=applicant)))
    assert "Lò Văn **Páo**" in text and "Bản --Nà-- Hì" in text


def test_render_and_sign_gives_a_valid_signed_receipt(tmp_path):
    """The signed receipt verifies as the ward's and still reads correctly."""
    signer = signing.load_ward_signer(tmp_path / "instance", "phuong-lam", WARD.name)
    signed = slips.render_and_sign(receipt(), signer)
    result = signature_policy.verify_pdf(signed, tmp_path / "instance")
    assert result.valid and result.ward_slug == "phuong-lam", result.problem
    assert "Nguyễn Thị Hằng" in pdftotext(tmp_path, signed)
    darkest, _ = stamp_area(render_page(tmp_path, signed, 1)).getextrema()
    assert darkest < 128  # the visible stamp landed in the box the slip kept free
