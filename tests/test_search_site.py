"""Search on the site and through the API: pages, htmx fragments, filters, JSON, index kept in step."""

import json

import pytest

from wardportal.catalogue.signals import procedures_changed
from wardportal.kernel.extensions import db
from wardportal.search.catalogue_index import rebuild_index
from wardportal.search.models import SearchSynonym


@pytest.fixture
def ward(make):
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm", hotline="0218 3852 100")
    make.procedure(ward, code="1.001193", title="Đăng ký khai sinh", processing_days=0)
    make.procedure(ward, code="1.000894", title="Đăng ký kết hôn", processing_days=5, online_level="partial")
    make.procedure(ward, code="1.004873", title="Cấp Giấy xác nhận tình trạng hôn nhân", online_level="none")
    make.procedure(ward, code="2.000908", title="Chứng thực bản sao từ bản chính", field="Chứng thực")
    rebuild_index()
    return ward


def test_search_without_javascript_finds_accentless_queries(client, ward):
    page = client.get("/phuong-lam/tim-kiem?q=dang+ky+khai+sinh").get_data(as_text=True)
    assert '<mark>Đăng ký khai sinh</mark>' in page
    # The link counts a click for the query, then leads to the guide.
    assert 'href="/phuong-lam/tim-kiem/mo/1.001193?q=dang+ki+khai+sinh"' in page
    opened = client.get("/phuong-lam/tim-kiem/mo/1.001193?q=dang+ki+khai+sinh")
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/phuong-lam/thu-tuc/1.001193")
    assert "Trong ngày" in page


def test_htmx_request_gets_only_the_results_block(client, ward):
    response = client.get("/phuong-lam/tim-kiem?q=ket+hon", headers={"HX-Request": "true",
                                                                    "HX-Target": "search-results"})
    body = response.get_data(as_text=True)
    assert "Đăng ký kết hôn" in body.replace("<mark>", "").replace("</mark>", "")
    assert "<html" not in body and "<form" not in body
    assert "HX-Request" in response.headers["Vary"]


def test_filters_by_field_and_online_level(client, ward):
    page = client.get("/phuong-lam/tim-kiem?q=chung+thuc&linh-vuc=ho-tich").get_data(as_text=True)
    assert "/tim-kiem/mo/2.000908" not in page  # results link through /tim-kiem/mo/
    page = client.get("/phuong-lam/tim-kiem?q=dang+ky&muc-do=partial").get_data(as_text=True)
    assert "/tim-kiem/mo/1.000894" in page and "/tim-kiem/mo/1.001193" not in page


def test_no_results_offers_a_suggestion_and_the_hotline(client, ward):
    page = client.get("/phuong-lam/tim-kiem?q=khai+sihn").get_data(as_text=True)
    assert "khai sinh" in page
    page = client.get("/phuong-lam/tim-kiem?q=xyzzy+qwerty").get_data(as_text=True)
    assert "Không tìm thấy" in page and 'href="tel:02183852100"' in page


def test_search_stays_in_the_ward_and_province_search_covers_all(client, ward, make):
    other = make.ward(slug="tan-thinh", name="Phường Tân Thịnh")
    make.procedure(other, code="9.999999", title="Đăng ký khai sinh lưu động")
    rebuild_index()
    assert "9.999999" not in client.get("/phuong-lam/tim-kiem?q=khai+sinh").get_data(as_text=True)
    page = client.get("/tim-kiem?q=khai+sinh").get_data(as_text=True)
    assert "/tan-thinh/thu-tuc/9.999999" in page and "/phuong-lam/thu-tuc/1.001193" in page


def test_api_ranks_the_exact_title_first(client, ward):
    response = client.get("/api/v1/wards/phuong-lam/procedures?q=ket%20hon&limit=2")
    data = response.get_json()
    assert response.status_code == 200 and data["total"] >= 1
    first = data["results"][0]
    assert first["code"] == "1.000894" and first["title"] == "Đăng ký kết hôn" and first["field"] == "Hộ tịch"
    assert first["url"].endswith("/phuong-lam/thu-tuc/1.000894") and isinstance(first["score"], float)
    assert len(data["results"]) <= 2


@pytest.mark.parametrize("query, status, message", [
    ("", 400, "q is required"),
    ("q=ket+hon&limit=0", 400, "limit must be"),
    ("q=ket+hon&limit=abc", 400, "limit must be"),
    ("q=ket+hon&limit=51", 400, "limit must be"),
])
def test_api_bad_parameters_get_a_json_400(client, ward, query, status, message):
    response = client.get(f"/api/v1/wards/phuong-lam/procedures?{query}")
    assert response.status_code == status and message in response.get_json()["error"]


def test_api_unknown_ward_is_a_json_404(client, ward):
    response = client.get("/api/v1/wards/khong-co/procedures?q=a")
    assert response.status_code == 404 and response.is_json


def test_import_and_unpublish_keep_the_index_in_step(client, ward, runner, tmp_path):
    record = {"code": "1.000656", "title": "Đăng ký khai tử", "field": "Hộ tịch", "processing_days": 1}
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"procedures": [record]}), encoding="utf-8")
    assert runner.invoke(args=["import-procedures", str(path), "--ward", "phuong-lam"]).exit_code == 0
    codes = [r["code"] for r in client.get("/api/v1/wards/phuong-lam/procedures?q=khai+tu").get_json()["results"]]
    assert codes[0] == "1.000656"
    record["published"] = False
    path.write_text(json.dumps({"procedures": [record]}), encoding="utf-8")
    assert runner.invoke(args=["import-procedures", str(path), "--ward", "phuong-lam"]).exit_code == 0
    codes = [r["code"] for r in client.get("/api/v1/wards/phuong-lam/procedures?q=khai+tu").get_json()["results"]]
    assert "1.000656" not in codes


def test_editor_synonyms_of_a_ward_are_used(client, ward):
    db.session.add(SearchSynonym(ward_id=ward.id, phrase="giay chung nhan doc than",
                                 expansion="xác nhận tình trạng hôn nhân"))
    db.session.commit()
    data = client.get("/api/v1/wards/phuong-lam/procedures?q=giay+chung+nhan+doc+than").get_json()
    assert data["results"][0]["code"] == "1.004873"


def test_a_deleted_index_is_rebuilt_from_the_database(client, ward, app):
    import shutil
    shutil.rmtree(app.extensions["search"].index_dir)
    app.extensions["search"].close()
    data = client.get("/api/v1/wards/phuong-lam/procedures?q=khai+sinh").get_json()
    assert data["results"][0]["code"] == "1.001193"


def test_reindex_command(runner, ward):
    result = runner.invoke(args=["reindex"])
    assert result.exit_code == 0 and "4 published procedures" in result.output


def test_changed_signal_from_an_edit_updates_the_title(client, ward, make):
    procedure = make.procedure(ward, code="1.000001", title="Thủ tục cũ")
    procedure.title = "Đăng ký giám hộ"
    db.session.commit()
    procedures_changed.send(None, ward_id=ward.id, procedure_ids=[procedure.id])
    codes = [r["code"] for r in client.get("/api/v1/wards/phuong-lam/procedures?q=giam+ho").get_json()["results"]]
    assert codes[:1] == ["1.000001"]


def test_editors_add_and_remove_ward_synonyms(client, ward):
    from .staff_factories import login, make_staff, settle

    editor = make_staff(ward, "editor")
    login(client, editor.email)
    response = client.post("/phuong-lam/can-bo/tu-dong-nghia",
                           data={"phrase": "giấy ế vợ", "expansion": "xác nhận tình trạng hôn nhân"})
    assert response.status_code == 302
    data = client.get("/api/v1/wards/phuong-lam/procedures?q=giay+e+vo").get_json()
    assert data["results"][0]["code"] == "1.004873"
    again = client.post("/phuong-lam/can-bo/tu-dong-nghia", data={"phrase": "giay e vo", "expansion": "kết hôn"})
    assert again.status_code == 422 and "đã có cách gõ này" in again.get_data(as_text=True)
    assert 'value="giay e vo"' in again.get_data(as_text=True)
    synonym = db.session.scalar(db.select(SearchSynonym))
    settle()
    assert client.post(f"/phuong-lam/can-bo/tu-dong-nghia/{synonym.id}/xoa").status_code == 302
    assert db.session.scalar(db.select(SearchSynonym)) is None


def test_synonym_page_is_for_this_wards_editors_only(client, ward, make):
    from .staff_factories import login, make_staff

    other = make.ward(slug="tan-thinh")
    officer = make_staff(ward, "officer")
    outsider = make_staff(other, "editor")
    assert client.get("/phuong-lam/can-bo/tu-dong-nghia").status_code == 302
    login(client, officer.email)
    assert client.get("/phuong-lam/can-bo/tu-dong-nghia").status_code == 404
    client.post("/can-bo/dang-xuat")
    login(client, outsider.email)
    assert client.get("/phuong-lam/can-bo/tu-dong-nghia").status_code == 404
