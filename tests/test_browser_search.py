"""Active search in a real browser: results while typing, the URL follows, back button and no-JS both work."""

from urllib.parse import parse_qs, urlparse

import pytest

from wardportal.search.catalogue_index import rebuild_index

from .test_browser_site import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def ward(make):
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    make.procedure(ward, code="1.001193", title="Đăng ký khai sinh")
    make.procedure(ward, code="1.000894", title="Đăng ký kết hôn")
    make.procedure(ward, code="1.000593", title="Đăng ký lại kết hôn")
    rebuild_index()
    return ward


def query_is(q: str):
    """A URL predicate checked in Python: the page's CSP (no unsafe-eval) refuses string predicates."""
    return lambda url: parse_qs(urlparse(url).query).get("q") == [q]


def test_results_appear_while_typing_and_the_url_follows(page, live_server, ward):
    page.goto(live_server + "/phuong-lam/tim-kiem")
    page.wait_for_load_state("load")  # htmx is a deferred script: loaded by now
    page.get_by_label("Bạn cần làm thủ tục gì?").press_sequentially("ket hon", delay=30)
    first = page.locator(".search-list li a").first
    first.wait_for()
    assert first.inner_text() == "Đăng ký kết hôn"
    page.wait_for_url(query_is("ket hon"))
    assert serious_violations(page) == []
    page.get_by_label("Bạn cần làm thủ tục gì?").fill("khai sinh")
    page.locator(".search-list li a", has_text="khai sinh").first.wait_for()
    page.wait_for_url(query_is("khai sinh"))
    page.go_back()
    page.wait_for_url(query_is("ket hon"))
    page.locator(".search-list li a", has_text="kết hôn").first.wait_for()


def test_plain_form_submit_without_javascript(browser, live_server, ward):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/phuong-lam/")
    page.get_by_label("Tìm thủ tục").fill("dang ky ket hon")
    page.get_by_role("button", name="Tìm").click()
    assert page.locator(".search-list li a").first.inner_text() == "Đăng ký kết hôn"
    context.close()
