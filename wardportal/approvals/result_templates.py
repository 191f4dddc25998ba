"""Per-procedure result templates: what a result prints of the case the applicant declared in the e-form.

A template names, for a procedure (by its national code), the sentence that introduces the case and the
e-form answers printed below it, grouped as on the paper form (the child, the mother, the father…). The
answers are the ones checked and kept with the dossier at submission (``extra_fields["eform"]``), printed as
kept: the officer corrects the case by asking the applicant, not by retyping it on the result. A procedure
without a template prints the officer's text only (`result_documents.default_body`).
"""

from __future__ import annotations

from dataclasses import dataclass

from wardportal.dossiers.models import Dossier


@dataclass(frozen=True)
class Section:
    """A group of printed lines: (label, e-form field name[, "money"]); a line whose answer is empty is left
    out, a "money" one is printed as "50.000.000 đồng"."""

    heading: str
    lines: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ResultTemplate:
    """How one procedure's result prints its case."""

    codes: tuple[str, ...]
    intro: str  # "{ward}" is the ward's name ("Phường Phương Lâm")
    sections: tuple[Section, ...]
    closing: str = ""


PERSON = (("Họ, chữ đệm, tên", "ho_ten"), ("Ngày, tháng, năm sinh", "ngay_sinh"),
          ("Số định danh cá nhân", "so_dinh_danh"), ("Nơi cư trú", "cu_tru"))


def _person(prefix: str, heading: str, extra: tuple[tuple[str, str], ...] = (), *, born: bool = True) -> Section:
    """The usual lines about a person whose fields share a prefix (``me_ho_ten``, ``me_cu_tru``…)."""
    lines = tuple((label, f"{prefix}_{name}") for label, name in PERSON if born or name != "ngay_sinh")
    return Section(heading, lines + extra)


TEMPLATES = (
    ResultTemplate(  # Đăng ký khai sinh
        codes=("1.001193",),
        intro="Ủy ban nhân dân {ward} đăng ký khai sinh cho người có tên dưới đây:",
        sections=(
            Section("", (("Họ, chữ đệm, tên", "tre_ho_ten"), ("Ngày, tháng, năm sinh", "tre_ngay_sinh"),
                         ("Giới tính", "tre_gioi_tinh"), ("Dân tộc", "tre_dan_toc"),
                         ("Quốc tịch", "tre_quoc_tich"), ("Nơi sinh", "tre_noi_sinh"))),
            _person("me", "Thông tin về người mẹ", born=False),
            _person("cha", "Thông tin về người cha", born=False),
        )),
    ResultTemplate(  # Đăng ký kết hôn
        codes=("1.000894",),
        intro="Ủy ban nhân dân {ward} chứng nhận hai bên dưới đây đã đăng ký kết hôn:",
        sections=(
            _person("nu", "Bên nữ", (("Kết hôn lần thứ", "nu_lan_ket_hon"),)),
            _person("nam", "Bên nam", (("Kết hôn lần thứ", "nam_lan_ket_hon"),)),
        ),
        closing="Giấy chứng nhận kết hôn được lập thành 02 bản chính, mỗi bên giữ 01 bản."),
    ResultTemplate(  # Đăng ký khai tử
        codes=("1.000656",),
        intro="Ủy ban nhân dân {ward} đăng ký khai tử cho người có tên dưới đây:",
        sections=(
            Section("", (("Họ, chữ đệm, tên", "nguoi_chet_ho_ten"), ("Ngày, tháng, năm sinh", "nguoi_chet_ngay_sinh"),
                         ("Số định danh cá nhân", "nguoi_chet_so_dinh_danh"), ("Đã chết vào ngày", "ngay_chet"),
                         ("Nơi chết", "noi_chet"), ("Nguyên nhân chết", "nguyen_nhan"))),
            Section("Người đi khai tử", (("Quan hệ với người đã chết", "quan_he"),)),
        )),
    ResultTemplate(  # Cấp Giấy xác nhận tình trạng hôn nhân
        codes=("1.004873",),
        intro="Ủy ban nhân dân {ward} xác nhận:",
        sections=(
            Section("", (("Họ, chữ đệm, tên", "nguoi_xac_nhan"), ("Ngày, tháng, năm sinh", "ngay_sinh"),
                         ("Số định danh cá nhân", "so_dinh_danh"), ("Tình trạng hôn nhân", "tinh_trang"),
                         ("Giấy này được cấp để sử dụng vào việc", "muc_dich"),
                         ("Kết hôn với", "ket_hon_voi"), ("Mục đích sử dụng", "muc_dich_khac"))),
        ),
        closing="Giấy này có giá trị sử dụng trong thời hạn 06 tháng, kể từ ngày cấp."),
    ResultTemplate(  # Đăng ký thành lập hộ kinh doanh
        codes=("1.001612",),
        intro="Ủy ban nhân dân {ward} chứng nhận đăng ký hộ kinh doanh:",
        sections=(
            Section("", (("Tên hộ kinh doanh", "ten_ho"), ("Địa điểm kinh doanh", "dia_diem"),
                         ("Ngành, nghề kinh doanh", "nganh_nghe"), ("Vốn kinh doanh", "von", "money"),
                         ("Số lượng lao động", "so_lao_dong"))),
            Section("Chủ hộ kinh doanh", (("Họ, chữ đệm, tên", "chu_ho_ho_ten"),
                                          ("Số định danh cá nhân", "chu_ho_so_dinh_danh"))),
        )),
)
_BY_CODE = {code: template for template in TEMPLATES for code in template.codes}


def template_of(dossier: Dossier) -> ResultTemplate | None:
    """The template of the dossier's procedure (by the code it was submitted under), if it has one."""
    return _BY_CODE.get((dossier.procedure_snapshot or {}).get("code", ""))


def answers_of(dossier: Dossier) -> dict[str, str]:
    """The e-form answers kept with the dossier, by field name."""
    rows = (dossier.extra_fields or {}).get("eform") or []
    return {row["name"]: str(row.get("value") or "") for row in rows if isinstance(row, dict) and "name" in row}


def printed_sections(template: ResultTemplate, answers: dict[str, str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The template's sections filled with the answers: [(heading, [(label, value)])], empty ones left out."""
    filled = []
    for section in template.sections:
        lines = [(label, _printed(answers[name], kind)) for label, name, *kind in section.lines
                 if answers.get(name, "").strip()]
        if lines:
            filled.append((section.heading, lines))
    return filled


def _printed(value: str, kind: list[str]) -> str:
    """An answer as printed: amounts of money grouped by thousands, in đồng."""
    if kind == ["money"] and value.isdigit():
        return f"{int(value):,} đồng".replace(",", ".")
    return value
