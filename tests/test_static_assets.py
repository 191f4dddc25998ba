"""Pages and static files travel compressed; fingerprinted static files are cached for a year."""

import re


def test_pages_are_compressed_and_static_urls_carry_a_content_hash(client, make):
    """A guide page comes gzip/br-compressed and links CSS and htmx with ?v=<hash>."""
    ward = make.ward()
    make.procedure(ward, code="1.000001", summary="Đăng ký khai sinh " * 80)
    page = client.get(f"/{ward.slug}/thu-tuc/1.000001", headers={"Accept-Encoding": "br, gzip"})
    assert page.status_code == 200 and page.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in page.headers["Vary"]
    plain = client.get(f"/{ward.slug}/thu-tuc/1.000001")
    assert "Content-Encoding" not in plain.headers and 'Đăng ký khai sinh' in plain.text
    assert re.search(r'/static/js/htmx\.min\.js\?v=[0-9a-f]{12}"', plain.text)
    assert re.search(r'/static/css/site\.css\?v=[0-9a-f]{12}"', plain.text)


def test_fingerprinted_static_files_are_immutable_and_others_revalidate(client, make):
    """With the current hash: public, one year, immutable and compressed; without it or stale: no-cache."""
    ward = make.ward()
    page = client.get(f"/{ward.slug}/").text
    htmx_url = re.search(r'(/static/js/htmx\.min\.js\?v=[0-9a-f]{12})"', page).group(1)
    fresh = client.get(htmx_url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert fresh.status_code == 200
    control = fresh.headers["Cache-Control"]
    assert "immutable" in control and "max-age=31536000" in control and "no-cache" not in control
    assert fresh.headers["Content-Encoding"] in ("br", "gzip") and len(fresh.data) < 25_000
    fresh.close()
    for url in ("/static/js/htmx.min.js", "/static/js/htmx.min.js?v=000000000000"):
        other = client.get(url)
        assert "immutable" not in other.headers.get("Cache-Control", "")
        other.close()


def test_downloads_are_not_recompressed(client, make):
    """A PDF form is sent as it is (compression is for text types only)."""
    ward = make.ward()
    procedure = make.procedure(ward, code="1.000002")
    form = make.form(procedure, data=b"%PDF-1.4\n" + b"0" * 4000)
    response = client.get(f"/{ward.slug}/thu-tuc/1.000002/mau/{form.id}/{form.filename}",
                          headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and "Content-Encoding" not in response.headers
    response.close()


def test_static_files_do_not_vary_on_cookies(client):
    """A cookie set by the first page must not make the browser revalidate cached CSS and JS."""
    response = client.get("/static/css/site.css")
    assert "Cookie" not in response.headers.get("Vary", "") and "HX-Request" not in response.headers.get("Vary", "")
    response.close()
