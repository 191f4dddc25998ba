"""The public site: ward list, home, catalogue, guides, form downloads, contacts, languages."""

import io


def test_single_ward_install_goes_straight_to_the_ward(client, make):
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/phuong-lam/")
    assert ward.name in client.get("/phuong-lam/").get_data(as_text=True)


def test_root_lists_every_ward_when_there_are_several(client, make):
    make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    make.ward(slug="tan-thinh", name="Phường Tân Thịnh")
    page = client.get("/").get_data(as_text=True)
    assert 'href="/phuong-lam/"' in page and 'href="/tan-thinh/"' in page


def test_home_shows_contact_details_popular_procedures_and_fields(client, make):
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm", hotline="0218 3852 555")
    make.procedure(ward, code="1.001193", title="Đăng ký khai sinh", is_popular=True)
    make.procedure(ward, title="Chứng thực bản sao từ bản chính", field="Chứng thực")
    page = client.get("/phuong-lam/").get_data(as_text=True)
    assert 'href="tel:02183852555"' in page
    assert ward.address in page and ward.hours in page
    assert "/phuong-lam/thu-tuc/1.001193" in page
    assert "/phuong-lam/linh-vuc/ho-tich" in page and "/phuong-lam/linh-vuc/chung-thuc" in page


def test_procedure_guide_shows_everything_a_resident_must_know(client, make):
    ward = make.ward(slug="phuong-lam")
    procedure = make.procedure(ward, code="1.001193", title="Đăng ký khai sinh", processing_days=3,
                               fee="Miễn lệ phí", legal_basis="- Luật Hộ tịch 2014", result="Giấy khai sinh",
                               applicants="Cha, mẹ của trẻ", steps="1. Nộp hồ sơ\n2. Nhận kết quả",
                               where_to_submit="Bộ phận một cửa", online_level="partial")
    make.form(procedure, title="Tờ khai đăng ký khai sinh")
    page = client.get("/phuong-lam/thu-tuc/1.001193").get_data(as_text=True)
    for expected in ("1.001193", "Đăng ký khai sinh", "Hộ tịch", "Cha, mẹ của trẻ", "<li>Nộp hồ sơ</li>",
                     "Tờ khai đăng ký khai sinh", "Giấy chứng sinh", "Bản chính", "3 ngày làm việc",
                     "Miễn lệ phí", "Luật Hộ tịch 2014", "Giấy khai sinh", "Bộ phận một cửa",
                     "Trực tuyến một phần"):
        assert expected in page, expected


def test_form_download_has_its_type_and_file_name(client, make):
    ward = make.ward(slug="phuong-lam")
    procedure = make.procedure(ward, code="1.001193")
    form = make.form(procedure, data=b"%PDF-1.7 form", filename="to-khai-khai-sinh.pdf")
    response = client.get(f"/phuong-lam/thu-tuc/1.001193/mau/{form.id}/to-khai-khai-sinh.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data == b"%PDF-1.7 form"
    assert 'attachment; filename=to-khai-khai-sinh.pdf' in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_ward_data_never_leaks_to_another_ward(client, make):
    lam = make.ward(slug="phuong-lam")
    thinh = make.ward(slug="tan-thinh")
    other = make.procedure(thinh, code="2.000001", title="Thủ tục riêng của Tân Thịnh")
    form = make.form(other)
    make.contact(thinh, name="Trần Văn Bình")
    assert client.get("/phuong-lam/thu-tuc/2.000001").status_code == 404
    assert client.get(f"/phuong-lam/thu-tuc/2.000001/mau/{form.id}/to-khai.pdf").status_code == 404
    make.procedure(lam, code="1.000001")
    assert client.get(f"/phuong-lam/thu-tuc/1.000001/mau/{form.id}/to-khai.pdf").status_code == 404
    assert "Trần Văn Bình" not in client.get("/phuong-lam/danh-ba").get_data(as_text=True)
    assert "Thủ tục riêng" not in client.get("/phuong-lam/thu-tuc/").get_data(as_text=True)
    assert client.get("/khong-co/").status_code == 404


def test_drafts_are_invisible_to_the_public(client, make):
    ward = make.ward(slug="phuong-lam")
    make.procedure(ward, code="1.000777", title="Bản nháp", is_published=False)
    assert client.get("/phuong-lam/thu-tuc/1.000777").status_code == 404
    assert "Bản nháp" not in client.get("/phuong-lam/thu-tuc/").get_data(as_text=True)


def test_field_page_lists_only_that_field(client, make):
    ward = make.ward(slug="phuong-lam")
    make.procedure(ward, title="Đăng ký kết hôn", field="Hộ tịch")
    make.procedure(ward, title="Chứng thực chữ ký", field="Chứng thực")
    page = client.get("/phuong-lam/linh-vuc/ho-tich").get_data(as_text=True)
    assert "Đăng ký kết hôn" in page and "Chứng thực chữ ký" not in page
    assert client.get("/phuong-lam/linh-vuc/khong-co").status_code == 404


def test_contacts_are_callable_from_a_phone(client, make):
    ward = make.ward(slug="phuong-lam")
    make.contact(ward, name="Nguyễn Thị Lan", phone="0912 345 678", field="Hộ tịch")
    page = client.get("/phuong-lam/danh-ba").get_data(as_text=True)
    assert "Nguyễn Thị Lan" in page and 'href="tel:0912345678"' in page


def test_language_switch_sets_english_and_keeps_the_page(client, make):
    make.ward(slug="phuong-lam")
    page = client.get("/phuong-lam/").get_data(as_text=True)
    assert '<html lang="vi">' in page
    response = client.get("/ngon-ngu/en?next=/phuong-lam/")
    assert response.status_code == 302 and response.headers["Location"] == "/phuong-lam/"
    page = client.get("/phuong-lam/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Skip to main content" in page


def test_language_switch_refuses_to_redirect_off_site(client):
    response = client.get("/ngon-ngu/en?next=https://evil.example/")
    assert response.headers["Location"] == "/"
    assert client.get("/ngon-ngu/fr").status_code == 404


def test_pages_send_security_headers_and_vary(client, make):
    make.ward(slug="phuong-lam")
    response = client.get("/phuong-lam/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "HX-Request" in response.headers["Vary"]


def test_markdown_from_editors_is_sanitised(client, make):
    from html.parser import HTMLParser

    class Collect(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags, self.attrs = [], []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)
            self.attrs.extend(attrs)

    ward = make.ward(slug="phuong-lam")
    make.procedure(ward, code="1.000999", steps="1. Bước một <script>alert(1)</script>\n\n"
                   "[bấm](javascript:alert(1)) <img src=x onerror=alert(1)> [ok](https://dichvucong.gov.vn)")
    parser = Collect()
    parser.feed(client.get("/phuong-lam/thu-tuc/1.000999").get_data(as_text=True))
    assert "img" not in parser.tags
    assert parser.tags.count("script") == 1  # htmx, loaded from static/
    assert not [name for name, _ in parser.attrs if name.startswith("on")]
    assert not [value for name, value in parser.attrs if name == "href" and "javascript" in value.lower()]
    assert ("href", "https://dichvucong.gov.vn") in parser.attrs


def test_first_start_on_an_empty_database_loads_the_demo_ward(instance_path):
    """The README's first command: a fresh instance folder serves the demo ward on the first request."""
    from .conftest import make_app

    app = make_app(instance_path, AUTO_INIT_DB=True, SEED_DEMO_WHEN_EMPTY=True)
    client = app.test_client()
    response = client.get("/")
    assert response.status_code == 302
    home = client.get(response.headers["Location"])
    assert home.status_code == 200 and "Phường Phương Lâm" in home.get_data(as_text=True)
    assert (instance_path / "wardportal.db").exists()


def test_errors_are_pages_in_the_site_layout(client, make, app):
    make.ward(slug="phuong-lam", hotline="0218 3852 100")
    page = client.get("/phuong-lam/thu-tuc/9.999999")
    assert page.status_code == 404 and "Không tìm thấy trang" in page.get_data(as_text=True)
    assert 'href="tel:02183852100"' in page.get_data(as_text=True)
    app.config["MAX_CONTENT_LENGTH"] = 1000
    too_big = client.post("/phuong-lam/tra-cuu", data={"file": (io.BytesIO(b"x" * 5000), "a.pdf")})
    assert too_big.status_code == 413 and "Tệp gửi lên quá lớn" in too_big.get_data(as_text=True)
    api = client.get("/api/v1/khong-co")
    assert api.status_code == 404 and api.is_json
