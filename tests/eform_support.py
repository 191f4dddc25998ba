"""The demo ward's own birth registration (questions, conditional documents, e-form) for tests."""

import json
from importlib import resources

from wardportal.catalogue.procedure_import import parse_procedures, upsert_procedures
from wardportal.kernel.extensions import db

BIRTH = "1.001193"
# A filled-in birth e-form of a married couple (every field valid).
BIRTH_EFORM = {
    "f-quan_he": "Mẹ", "f-tre_ho_ten": "Nguyễn Minh An", "f-tre_ngay_sinh": "02/11/2026", "f-tre_gioi_tinh": "Nam",
    "f-tre_noi_sinh": "Bệnh viện Đa khoa tỉnh Hòa Bình", "f-tre_dan_toc": "Kinh", "f-tre_quoc_tich": "Việt Nam",
    "f-me_ho_ten": "Nguyễn Thị Hằng", "f-me_so_dinh_danh": "001190012345",
    "f-me_cu_tru": "Tổ 5, phường Phương Lâm, tỉnh Hòa Bình", "f-cha_ho_ten": "Trần Văn Bình",
    "f-cha_so_dinh_danh": "001088012345", "f-cha_cu_tru": "Tổ 5, phường Phương Lâm, tỉnh Hòa Bình",
}


def demo_records(*codes):
    """The demo file's procedures with these codes, parsed as the importer does (forms left out)."""
    payload = json.loads(resources.files("wardportal.demo").joinpath("phuong-lam.json").read_text("utf-8"))
    wanted = [dict(p, forms=[]) for p in payload["procedures"] if p["code"] in codes]
    return parse_procedures({"procedures": wanted}, lambda name: b"")


def demo_procedure(ward, code=BIRTH):
    """Import one demo procedure into the ward and return it."""
    upsert_procedures(ward, demo_records(code))
    from wardportal.catalogue.models import Procedure
    return db.session.scalar(db.select(Procedure).where(Procedure.ward_id == ward.id, Procedure.code == code))
