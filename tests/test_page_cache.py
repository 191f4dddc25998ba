"""Public page caching: shared pages served from memory, never stale on any server, never personal."""

import os
import re
import time

import pytest
from sqlalchemy import text

from wardportal.catalogue import editing
from wardportal.catalogue.models import Procedure
from wardportal.kernel.extensions import db
from wardportal.site.page_cache import CSRF_PLACEHOLDER, page_store
from wardportal.staff.models import Ward

from .conftest import FreshContextClient, make_app
from .staff_factories import login, make_staff
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)

TOKEN_RE = re.compile(r'"X-CSRFToken": "([^"]*)"')
GENERATION_TTL = 0.2


@pytest.fixture
def app_settings():
    """Servers read the generations at most every 0.2 s here (1 s by default)."""
    return {"PAGE_CACHE_GENERATION_TTL": GENERATION_TTL}


@pytest.fixture
def guide(make):
    """A ward with one published guide."""
    ward = make.ward(slug="phuong-mot")
    procedure = make.procedure(ward, code="1.001193", title="Đăng ký khai sinh",
                               steps="1. Nộp **tờ khai**\n2. Nhận kết quả", is_popular=True)
    return ward, procedure


def _retitle_behind_the_orm(procedure_id: int, title: str) -> None:
    """Change a title without the ORM, so no generation moves: shows whether a page came from the cache."""
    db.session.execute(text("UPDATE procedure SET title = :t WHERE id = :id"), {"t": title, "id": procedure_id})
    db.session.commit()


def test_repeat_views_come_from_the_cache_until_the_content_changes(client, guide):
    ward, procedure = guide
    assert "Đăng ký khai sinh" in client.get("/phuong-mot/thu-tuc/1.001193").text
    _retitle_behind_the_orm(procedure.id, "Tiêu đề chưa công bố")
    assert "Đăng ký khai sinh" in client.get("/phuong-mot/thu-tuc/1.001193").text  # served from memory
    # A change through the ORM (any editing path) bumps the ward's generation in the same transaction.
    procedure = db.session.get(Procedure, procedure.id)
    procedure.summary = "Đã sửa."
    db.session.commit()
    page = client.get("/phuong-mot/thu-tuc/1.001193").text
    assert "Tiêu đề chưa công bố" in page and "Đã sửa." in page


def test_a_change_on_another_server_is_seen_at_once(instance_path, client, guide):
    """Two apps on one database stand for two servers: an edit on B invalidates A's cached pages."""
    ward, procedure = guide
    assert "Đăng ký khai sinh" in client.get("/phuong-mot/").text
    assert "Đăng ký khai sinh" in client.get("/phuong-mot/thu-tuc/").text
    other = make_app(instance_path)
    with other.app_context():
        editor = make_staff(db.session.get(Ward, ward.id), "editor")
        theirs = editing.ward_procedure(db.session.get(Ward, ward.id), procedure.id)
        generation = theirs.ward.content_generation
        editing.unpublish(theirs, editing.Actor(editor, "127.0.0.1", theirs.updated_at))
        assert db.session.get(Ward, ward.id).content_generation > generation
        db.session.remove()
        db.engine.dispose()
    time.sleep(GENERATION_TTL)  # this server reads the generations again after at most this long
    assert "Đăng ký khai sinh" not in client.get("/phuong-mot/thu-tuc/").text
    assert client.get("/phuong-mot/thu-tuc/1.001193").status_code == 404


def test_each_visitor_gets_their_own_csrf_token(app, client, guide):
    first = client.get("/phuong-mot/")
    # a first-time visitor: the page posts nothing, so no token and no session cookie
    assert TOKEN_RE.search(first.text)[1] == "" and "Set-Cookie" not in first.headers
    assert len(page_store()) == 1
    visitors = [app.test_client(), app.test_client()]
    for visitor in visitors:
        with visitor.session_transaction() as session:
            session["csrf_token"] = os.urandom(20).hex()  # as after opening a form elsewhere on the site
    pages = [visitor.get("/phuong-mot/") for visitor in visitors]
    assert len(page_store()) == 1  # all three got the one shared page
    tokens = [TOKEN_RE.search(page.text)[1] for page in pages]
    assert tokens[0] and tokens[1] and tokens[0] != tokens[1]
    assert CSRF_PLACEHOLDER not in first.text + pages[0].text + pages[1].text
    # each token is valid for its own session, so htmx posts from the page still pass the CSRF check
    from flask import session as flask_session
    from flask_wtf.csrf import validate_csrf
    for visitor, token in zip(visitors, tokens):
        with visitor.session_transaction() as theirs, app.test_request_context():
            flask_session["csrf_token"] = theirs["csrf_token"]
            validate_csrf(token)


def test_signed_in_staff_and_flashes_are_never_cached(client, guide):
    ward, _procedure = guide
    user = make_staff(ward, "editor")
    page_store().clear()
    login(client, user.email)
    assert client.get("/phuong-mot/").status_code == 200
    assert len(page_store()) == 0
    with client.session_transaction() as session:
        session.clear()
        session["csrf_token"] = "x" * 40
        session["_flashes"] = [("message", "Thông báo riêng của bạn")]
    assert client.get("/phuong-mot/danh-ba").status_code == 200
    assert len(page_store()) == 0
    with client.session_transaction() as session:
        session.pop("_flashes")
    client.get("/phuong-mot/danh-ba")
    assert len(page_store()) == 1  # the same visitor without the flash shares the page again


def test_revisit_gets_304_with_the_same_etag_on_every_server(instance_path, client, guide):
    first = client.get("/phuong-mot/thu-tuc/1.001193")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "private, no-cache" and first.headers["Last-Modified"]
    again = client.get("/phuong-mot/thu-tuc/1.001193", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    other = make_app(instance_path)
    other.test_client_class = FreshContextClient
    response = other.test_client().get("/phuong-mot/thu-tuc/1.001193", headers={"If-None-Match": etag})
    assert response.status_code == 304
    with other.app_context():
        db.engine.dispose()


def test_languages_and_htmx_fragments_are_kept_apart(client, guide):
    vietnamese = client.get("/phuong-mot/thu-tuc/").text
    client.set_cookie("lang", "en")
    english = client.get("/phuong-mot/thu-tuc/").text
    assert 'lang="en"' in english and 'lang="vi"' in vietnamese
    fragment = client.get("/phuong-mot/tim-kiem?q=khai+sinh",
                          headers={"HX-Request": "true", "HX-Target": "search-results"}).text
    assert "<html" not in fragment and "<html" in client.get("/phuong-mot/tim-kiem?q=khai+sinh").text


def test_error_pages_are_not_cached_and_carry_a_real_token(client, guide):
    response = client.get("/phuong-mot/linh-vuc/khong-co")
    assert response.status_code == 404 and CSRF_PLACEHOLDER not in response.text
    assert TOKEN_RE.search(response.text)


def test_markdown_is_rendered_once_at_save(client, guide):
    _ward, procedure = guide
    stored = db.session.get(Procedure, procedure.id)
    assert stored.rendered_html["steps"] == "<ol>\n<li>Nộp <strong>tờ khai</strong></li>\n<li>Nhận kết quả</li>\n</ol>\n"
    stored.steps = "[x](javascript:alert(1)) <script>alert(1)</script>"
    db.session.commit()
    html = db.session.get(Procedure, procedure.id).rendered_html["steps"]
    assert 'href="javascript' not in html and "<script" not in html
    # the page shows what was stored, without running Markdown again
    db.session.execute(text("UPDATE procedure SET rendered_html = :h WHERE id = :id"),
                       {"h": '{"steps": "<p>stored</p>"}', "id": procedure.id})
    db.session.commit()
    page_store().clear()
    assert "<p>stored</p>" in client.get("/phuong-mot/thu-tuc/1.001193").text


def test_form_downloads_answer_revisits_with_304(client, make, guide):
    _ward, procedure = guide
    form = make.form(procedure)
    url = f"/phuong-mot/thu-tuc/1.001193/mau/{form.id}/{form.filename}"
    first = client.get(url)
    assert first.status_code == 200 and first.headers["ETag"] and first.headers["Last-Modified"]
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
