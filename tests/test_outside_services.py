"""Services the ward does not handle: kept in the import format and by editors, named first by search (page,
htmx fragment, JSON API) when a query names one better than any ward guide, and counted for editors."""

import json
import re

import pytest
from sqlalchemy import select

from wardportal.catalogue.models import OutsideService
from wardportal.catalogue.procedure_import import InvalidProcedureFile, import_file
from wardportal.kernel.extensions import db
from wardportal.search.analytics import search_report
from wardportal.search.catalogue_index import rebuild_index
from wardportal.search.models import SearchQueryDay

from .staff_factories import login, make_staff

PASSPORT = {"code": "ho-chieu", "title": "Cấp hộ chiếu phổ thông", "title_en": "Passport",
            "handled_by": "Công an tỉnh (Phòng Quản lý xuất nhập cảnh)",
            "where": "Nộp trên ứng dụng VNeID hoặc Cổng dịch vụ công quốc gia.", "url": "https://dichvucong.gov.vn",
            "keywords": "làm hộ chiếu; passport"}
RESIDENCE = {"code": "tam-tru", "title": "Đăng ký tạm trú", "handled_by": "Công an phường",
             "url": "https://dichvucong.gov.vn", "keywords": ["đăng ký tạm trú", "ở trọ"]}
GUIDE = {"code": "1.001193", "title": "Đăng ký khai sinh", "field": "Hộ tịch", "processing_days": 0}


def write(tmp_path, payload):
    path = tmp_path / "procedures.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def ward(app, tmp_path):
    import_file(write(tmp_path, {"procedures": [GUIDE, dict(GUIDE, code="1.004222", title="Gia hạn tạm trú")],
                                 "outside_services": [PASSPORT, RESIDENCE]}), "phuong-lam", "Phường Phương Lâm")
    from wardportal.staff.models import Ward

    ward = db.session.scalar(select(Ward).where(Ward.slug == "phuong-lam"))
    ward.hotline = "0218 3852 100"
    db.session.commit()
    rebuild_index()
    return ward


def test_the_import_format_carries_outside_services(ward):
    services = {s.code: s for s in db.session.scalars(select(OutsideService))}
    assert services["ho-chieu"].handled_by.startswith("Công an tỉnh") and services["ho-chieu"].title_en == "Passport"
    assert services["tam-tru"].keywords == "đăng ký tạm trú; ở trọ"


@pytest.mark.parametrize("change, message", [
    ({"title": ""}, "outside_services[0]: field 'title' is required"),
    ({"handled_by": None}, "outside_services[0]: field 'handled_by' is required"),
    ({"url": "http://example.org"}, "field 'url' must start with https://"),
    ({"where": 5}, "field 'where' must be text"),
])
def test_a_malformed_outside_service_is_named_and_nothing_is_written(app, tmp_path, change, message):
    with pytest.raises(InvalidProcedureFile, match=re.escape(message)):
        import_file(write(tmp_path, {"procedures": [GUIDE], "outside_services": [dict(PASSPORT, **change)]}),
                    "xa-moi", "Xã Mới")
    assert db.session.scalar(select(OutsideService)) is None


def test_a_query_naming_an_outside_service_is_answered_with_it_first(client, ward):
    page = client.get("/phuong-lam/tim-kiem?q=lam+ho+chieu").get_data(as_text=True)
    assert "“Cấp hộ chiếu phổ thông” không do phường, xã giải quyết" in page
    assert "Công an tỉnh (Phòng Quản lý xuất nhập cảnh)" in page and 'href="https://dichvucong.gov.vn"' in page
    assert 'href="tel:02183852100"' in page
    # the htmx fragment too, first of the results block
    fragment = client.get("/phuong-lam/tim-kiem?q=lam+ho+chieu",
                          headers={"HX-Request": "true", "HX-Target": "search-results"}).get_data(as_text=True)
    assert fragment.lstrip().startswith('<section class="outside-service')
    # and the API, in English or Vietnamese
    data = client.get("/api/v1/wards/phuong-lam/procedures?q=passport").get_json()
    assert data["handled_elsewhere"]["title"] == "Cấp hộ chiếu phổ thông"
    assert data["handled_elsewhere"]["ward_phone"] == "0218 3852 100"


def test_a_ward_guide_named_as_fully_stays_first_and_unrelated_queries_name_no_service(client, ward):
    assert client.get("/api/v1/wards/phuong-lam/procedures?q=dang+ky+khai+sinh").get_json()["handled_elsewhere"] is None
    page = client.get("/phuong-lam/tim-kiem?q=dang+ky+khai+sinh").get_data(as_text=True)
    assert "không do phường, xã giải quyết" not in page
    # "tạm trú" is in a ward guide's title, but "đăng ký tạm trú" is the police's: named first
    assert client.get("/api/v1/wards/phuong-lam/procedures?q=dang+ky+tam+tru").get_json()["handled_elsewhere"]


def test_searches_answered_with_an_outside_service_are_counted_for_editors(client, ward):
    from datetime import date, timedelta

    for _ in range(2):
        client.get("/phuong-lam/tim-kiem?q=lam+ho+chieu")  # the second one from the page cache
    client.get("/phuong-lam/tim-kiem?q=khai+sinh")
    db.session.expire_all()
    rows = {r.query: (r.searches, r.outside) for r in db.session.scalars(select(SearchQueryDay))}
    assert rows == {"lam ho chieu": (2, 2), "khai sinh": (1, 0)}
    today = date.today()
    report = search_report(ward, today - timedelta(days=2), today + timedelta(days=2))
    assert [(f.query, f.searches) for f in report.outside] == [("lam ho chieu", 2)]
    assert "lam ho chieu" not in [f.query for f in report.no_clicks]


def test_editors_add_and_remove_outside_services(client, ward):
    from .staff_factories import settle

    editor = make_staff(ward, "editor")
    login(client, editor.email)
    page = client.get("/phuong-lam/can-bo/viec-ngoai-tham-quyen").get_data(as_text=True)
    assert "Cấp hộ chiếu phổ thông" in page
    added = client.post("/phuong-lam/can-bo/viec-ngoai-tham-quyen", data={
        "code": "ly-lich-tu-phap", "title": "Cấp Phiếu lý lịch tư pháp", "handled_by": "Sở Tư pháp",
        "url": "https://dichvucong.gov.vn", "keywords": "lý lịch tư pháp; criminal record"})
    assert added.status_code == 302
    again = client.post("/phuong-lam/can-bo/viec-ngoai-tham-quyen", data={
        "code": "ly-lich-tu-phap", "title": "Lý lịch", "handled_by": "Sở Tư pháp", "url": "ftp://x"})
    body = again.get_data(as_text=True)
    assert again.status_code == 422 and "https://" in body and 'value="Lý lịch"' in body
    client.post("/can-bo/dang-xuat")
    data = client.get("/api/v1/wards/phuong-lam/procedures?q=ly+lich+tu+phap").get_json()
    assert data["handled_elsewhere"]["handled_by"] == "Sở Tư pháp"
    login(client, editor.email)
    service_id = db.session.scalar(select(OutsideService.id).where(OutsideService.code == "ly-lich-tu-phap"))
    settle()
    assert client.post(f"/phuong-lam/can-bo/viec-ngoai-tham-quyen/{service_id}/xoa").status_code == 302
    db.session.expire_all()
    assert db.session.get(OutsideService, service_id) is None


def test_outside_service_page_is_for_this_wards_editors_only(client, ward, make):
    other = make.ward(slug="tan-thinh")
    assert client.get("/phuong-lam/can-bo/viec-ngoai-tham-quyen").status_code == 302
    login(client, make_staff(ward, "officer").email)
    assert client.get("/phuong-lam/can-bo/viec-ngoai-tham-quyen").status_code == 404
    client.post("/can-bo/dang-xuat")
    login(client, make_staff(other, "editor", email="khac@example.vn").email)
    assert client.get("/phuong-lam/can-bo/viec-ngoai-tham-quyen").status_code == 404
