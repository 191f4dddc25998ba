"""Fictitious notices, news and documents for the demo ward (loaded by ``seed-demo``; safe to run again)."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from fpdf import FPDF
from PIL import Image, ImageDraw
from sqlalchemy import select

from wardportal.catalogue.editing import Actor
from wardportal.kernel.extensions import db
from wardportal.kernel.package_files import FONTS_DIR
from wardportal.kernel.times import now_utc
from wardportal.publications import editing
from wardportal.publications.models import Publication

FONT = FONTS_DIR / "BeVietnamPro-Regular.ttf"

NOTICES = [
    {"title": "Lịch tiếp công dân tháng 12 năm 2026", "field": "Tiếp công dân", "days_ago": 2, "valid_days": 30,
     "summary": "Chủ tịch UBND phường tiếp công dân định kỳ vào sáng thứ Năm hằng tuần.",
     "body": "Chủ tịch UBND phường tiếp công dân vào **sáng thứ Năm** hằng tuần, từ 7h30 đến 11h00, "
             "tại Phòng tiếp công dân (tầng 1, trụ sở UBND phường).\n\n- Mang theo giấy tờ tùy thân.\n"
             "- Đơn thư gửi trước qua Bộ phận Một cửa."},
    {"title": "Tạm ngừng nhận hồ sơ trực tiếp chiều thứ Sáu 11/12/2026", "field": "Một cửa", "days_ago": 5,
     "valid_days": 10, "summary": "Bộ phận Một cửa tạm ngừng nhận hồ sơ trực tiếp để nâng cấp hệ thống.",
     "body": "Trong thời gian này, người dân vẫn **nộp hồ sơ trực tuyến** bình thường trên cổng."},
    {"title": "Chiến dịch tiêm vắc xin sởi cho trẻ từ 1 đến 5 tuổi", "field": "Y tế", "days_ago": 12,
     "valid_days": -1, "summary": "Trạm Y tế phường tổ chức tiêm miễn phí tại nhà văn hóa các tổ dân phố.",
     "body": "Phụ huynh mang theo **sổ tiêm chủng** của trẻ."},
]
NEWS = [
    {"title": "Phường Phương Lâm ra quân tổng vệ sinh môi trường", "field": "Môi trường", "days_ago": 4,
     "image_alt": "Hình minh họa: hàng cây xanh bên tuyến phố sạch sẽ", "colours": ((46, 125, 50), (200, 230, 201)),
     "summary": "Hơn 300 đoàn viên, hội viên và người dân tham gia dọn vệ sinh các tuyến phố.",
     "body": "Sáng Chủ nhật, UBND phường phối hợp với các đoàn thể tổ chức ra quân tổng vệ sinh "
             "môi trường trên các tuyến phố chính và khu dân cư."},
    {"title": "Hướng dẫn người cao tuổi cài đặt định danh điện tử", "field": "Chuyển đổi số", "days_ago": 9,
     "image_alt": "Hình minh họa: điện thoại thông minh hiển thị mã QR", "colours": ((21, 101, 192), (227, 242, 253)),
     "summary": "Tổ công nghệ số cộng đồng hỗ trợ tại nhà văn hóa tổ 5 vào các buổi chiều thứ Ba.",
     "body": "Người dân mang theo căn cước và điện thoại thông minh đã cài ứng dụng."},
]
DOCUMENTS = [
    {"doc_number": "245/QĐ-UBND", "title": "Quyết định công bố danh mục thủ tục hành chính tiếp nhận trực tuyến "
     "toàn trình năm 2027", "doc_type": "Quyết định", "signer": "Chủ tịch Nguyễn Văn Minh", "field": "Hành chính",
     "days_ago": 6},
    {"doc_number": "112/KH-UBND", "title": "Kế hoạch phòng, chống dịch bệnh mùa đông xuân 2026–2027",
     "doc_type": "Kế hoạch", "signer": "Phó Chủ tịch Trần Thị Hạnh", "field": "Y tế", "days_ago": 15},
    {"doc_number": "87/TB-UBND", "title": "Thông báo kết luận của Chủ tịch UBND phường tại buổi tiếp công dân",
     "doc_type": "Thông báo", "signer": "Chủ tịch Nguyễn Văn Minh", "field": "Tiếp công dân", "days_ago": 20},
]


def document_pdf(ward_name: str, number: str, doc_type: str, title: str, signer: str) -> bytes:
    """A one-page Vietnamese official document in the usual layout (fictitious)."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("VN", "", str(FONT))
    pdf.set_font("VN", size=11)
    pdf.cell(90, 6, f"UBND {ward_name}".upper())
    pdf.cell(0, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(90, 6, f"Số: {number}")
    pdf.cell(0, 6, "Độc lập - Tự do - Hạnh phúc", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(12)
    pdf.set_font("VN", size=14)
    pdf.multi_cell(0, 8, f"{doc_type.upper()}\n{title}", align="C")
    pdf.ln(6)
    pdf.set_font("VN", size=11)
    pdf.multi_cell(0, 6, "Văn bản mẫu của cổng thông tin phường dùng để trình diễn. Nội dung không có giá trị "
                         "pháp lý.")
    pdf.ln(12)
    pdf.cell(0, 6, signer, align="R")
    return bytes(pdf.output())


def demo_picture(colours: tuple) -> bytes:
    """A simple illustrative picture (banded sky, ground, a few shapes) drawn with Pillow, as a PNG."""
    dark, light = colours
    image = Image.new("RGB", (960, 540), light)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 380, 960, 540), fill=dark)
    for n in range(6):
        x = 80 + n * 150
        draw.rectangle((x + 22, 260, x + 38, 380), fill=(93, 64, 55))
        draw.ellipse((x - 20, 170, x + 80, 290), fill=dark)
    draw.ellipse((780, 40, 880, 140), fill=(255, 193, 7))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def load_demo_publications(ward, now: datetime | None = None) -> int:
    """Create the demo publications the ward does not have yet (matched by kind and title); return how many."""
    now = now or now_utc()
    actor = Actor(None, "", now)
    existing = set(db.session.execute(select(Publication.kind, Publication.title)
                                      .where(Publication.ward_id == ward.id)).all())
    created = 0
    for kind, items in (("notice", NOTICES), ("news", NEWS), ("document", DOCUMENTS)):
        for item in items:
            if (kind, item["title"]) in existing:
                continue
            values = {k: v for k, v in item.items() if k not in ("days_ago", "valid_days", "colours")}
            if "valid_days" in item:
                values["valid_until"] = (now + timedelta(days=item["valid_days"])).date()
            pdf = None
            if kind == "document":
                values["issued_on"] = (now - timedelta(days=item["days_ago"] + 1)).date()
                pdf = io.BytesIO(document_pdf(ward.name, item["doc_number"], item["doc_type"], item["title"],
                                              item["signer"]))
            picture = io.BytesIO(demo_picture(item["colours"])) if kind == "news" else None
            pub, _ = editing.save(ward, None, kind, values, actor, pdf=pdf, picture=picture,
                                  pdf_name=f"{item.get('doc_number', 'van-ban').replace('/', '-')}.pdf")
            editing.publish(pub, Actor(None, "", now), now - timedelta(days=item["days_ago"]))
            created += 1
    return created


__all__ = ["document_pdf", "load_demo_publications"]
