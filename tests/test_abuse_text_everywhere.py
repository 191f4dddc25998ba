"""Issue 24, item 1: text cleaning is the default, not an opt-in.

Every form class of the package derives from the cleaning base; every view that reads the request itself
goes through the kernel's cleaned readers; every XML and Atom writer drops what XML 1.0 forbids, even from
rows stored before the edge cleaned them; Open311 checks contacts as the web form does; and a database error
still gets the site's error page. Hostile text: NUL, U+202E (right-to-left override), C0 controls, lone
surrogates (where a client can send them)."""

import importlib
import pkgutil
import re
import unicodedata
from pathlib import Path

import pytest
from flask_wtf import FlaskForm
from lxml import etree
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from wtforms import Form, PasswordField, StringField
from wtforms.fields import FieldList, FormField

import wardportal
from wardportal.api.keys import create_client
from wardportal.catalogue.models import Procedure
from wardportal.feedback.models import FeedbackReport
from wardportal.feedback.reports import handle, save_category, submit_report
from wardportal.kernel import text_input
from wardportal.kernel.extensions import db
from wardportal.kernel.text_input import SafeForm, SafeSubform
from wardportal.kernel.xml_text import xml_safe
from wardportal.publications.models import Publication

from .publication_support import NOW, notice
from .staff_factories import login, make_staff, settle
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)
from .workflow_factories import client  # noqa: F401  (client fixture)

REFUSED = "ký tự không được phép"
HOSTILE = "Tên\x00 \u202eđảo\x07\x1b[31m x\ud800"
# What XML 1.0 forbids (its Char production's complement), and what the edge refuses besides.
XML_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
PACKAGE = Path(wardportal.__file__).parent


def _is_hostile(ch: str) -> bool:
    return ch not in "\n" and unicodedata.category(ch) in ("Cc", "Cf", "Cs") and ch not in "\u200c\u200d"


def _no_hostile(text) -> bool:
    return not any(_is_hostile(ch) for ch in str(text or ""))


# ---------------------------------------------------------------- every form class


def _import_every_module() -> None:
    for module in pkgutil.walk_packages([str(PACKAGE)], "wardportal."):
        if not module.name.startswith("wardportal.migrations"):
            importlib.import_module(module.name)


def _subclasses(base) -> set:
    found = set()
    for sub in base.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def _form_classes() -> list:
    """Every form class the package defines (FlaskForm and plain WTForms ones), the bases excepted."""
    _import_every_module()
    classes = {c for c in _subclasses(FlaskForm) | _subclasses(Form)
               if c.__module__.startswith("wardportal.") and c not in (SafeForm, SafeSubform)}
    return sorted(classes, key=lambda c: f"{c.__module__}.{c.__qualname__}")


FORM_CLASSES = _form_classes()


def test_the_enumeration_finds_the_forms():
    names = {c.__name__ for c in FORM_CLASSES}
    # the forms that were outside the rule before issue 24, among the rest
    assert {"PublicationForm", "PublishForm", "ReturnForm", "ProfileForm", "ImproveQueryForm",
            "RequestForm", "ReportForm", "DocumentRowForm"} <= names
    assert len(FORM_CLASSES) >= 58


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_every_form_class_derives_from_the_cleaning_base(form_class):
    base = SafeForm if issubclass(form_class, FlaskForm) else SafeSubform
    assert issubclass(form_class, base), f"{form_class.__qualname__} must derive from text_input.{base.__name__}"


def _text_fields(form):
    """Every text field of a bound form, inside FieldList/FormField rows too."""
    for field in form:
        if isinstance(field, FieldList):
            for entry in field.entries:
                yield from _text_fields(entry.form) if isinstance(entry, FormField) else [entry]
        elif isinstance(field, FormField):
            yield from _text_fields(field.form)
        elif isinstance(field, StringField) and not isinstance(field, PasswordField):
            yield field


def _field_names(form_class, app) -> list[str]:
    with app.test_request_context(method="POST"):
        form = form_class(formdata=MultiDict(), meta={"csrf": False}) if issubclass(form_class, FlaskForm) \
            else form_class(formdata=MultiDict())
        return [f.name for f in _text_fields(form)]


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_every_text_field_of_every_form_drops_and_refuses_hostile_characters(app, form_class):
    """Bound with NUL, U+202E, C0 controls and a lone surrogate in every text field: each field's value is
    clean (a view saving before validation stores nothing hostile) and its validation refuses it."""
    names = _field_names(form_class, app)
    formdata = MultiDict({name: HOSTILE for name in names})
    with app.test_request_context(method="POST", data={}):
        form = form_class(formdata=formdata, meta={"csrf": False}) if issubclass(form_class, FlaskForm) \
            else form_class(formdata=formdata)
        for field in _text_fields(form):
            assert _no_hostile(field.data), (field.name, field.data)
            assert not field.validate(form), field.name
            assert any(REFUSED in str(e) for e in field.errors), (field.name, field.errors)


# ---------------------------------------------------------------- every direct read of the request

READ = re.compile(r"\brequest\.(form|args|values|json|get_json|data|get_data|stream)\b")
HELPER = PACKAGE / "kernel" / "text_input.py"
# Reads of the raw request that are justified, by file, with the reason; anything else uses the helpers.
RAW_READS = {
    "payments/views_public.py": "the provider's callback is HMAC-signed over its exact values; the signature "
                                "is checked before any value is used, so cleaning would only break it",
}


def test_every_view_reads_the_request_through_the_cleaning_helpers():
    readers = {}
    for path in PACKAGE.rglob("*.py"):
        if path == HELPER or "migrations" in path.parts:
            continue
        hits = READ.findall(path.read_text(encoding="utf-8"))
        if hits:
            readers[path.relative_to(PACKAGE).as_posix()] = hits
    assert set(readers) == set(RAW_READS), readers
    assert READ.search(HELPER.read_text(encoding="utf-8"))  # the helpers themselves read it


def test_the_cleaned_readers_clean_keys_values_and_json(app):
    with app.test_request_context("/?q=a%00b%E2%80%AEc&k%07ey=1", method="POST",
                                  data={"note": "x\x00\r\ny\u202e", "x\x1b": "z"}):
        assert text_input.cleaned_args().to_dict() == {"q": "abc", "key": "1"}
        assert text_input.cleaned_form().to_dict() == {"note": "x y", "x": "z"}
        assert text_input.cleaned_form(multiline=True)["note"] == "x\ny"
        assert text_input.cleaned_values()["q"] == "abc"
    with app.test_request_context("/", method="POST", json={"a\x00": ["b\u202e", {"c": "d\x07\ud800"}], "n": 3}):
        assert text_input.cleaned_json() == {"a": ["b", {"c": "d"}], "n": 3}


# ---------------------------------------------------------------- Open311 and the JSON API


@pytest.fixture
def open311_ward(make):
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    save_category(ward, "Hạ tầng, giao thông")
    _, key = create_client(ward, "Ứng dụng phản ánh", NOW)
    db.session.commit()
    ward.key = key
    settle(ward)
    return ward


def _post_open311(client, ward, fmt="json", **fields):
    data = {"jurisdiction_id": "phuong-lam", "service_code": "pa-ha-tang-giao-thong", "api_key": ward.key,
            "description": "Cây đổ chắn đường", **fields}
    return client.post(f"/open311/v2/requests.{fmt}", data=data)


def _reports() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count(FeedbackReport.id)))


def _open311_errors(response, fmt):
    if fmt == "json":
        return [e["description"] for e in response.get_json()]
    return [e.findtext("description") for e in etree.fromstring(response.data).findall("error")]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("field", ["description", "address_string", "first_name", "last_name", "phone", "email"])
@pytest.mark.parametrize("hostile", ["\x00", "\u202e", "\x07", "\x1b"], ids=["nul", "rlo", "bel", "esc"])
def test_open311_refuses_hostile_characters_in_every_text_field(client, open311_ward, fmt, field, hostile):
    response = _post_open311(client, open311_ward, fmt, **{field: f"0912{hostile}345678" if field == "phone"
                                                            else f"a{hostile}b@example.vn" if field == "email"
                                                            else f"Ngõ 3{hostile} phố Huế"})
    assert response.status_code == 400
    errors = _open311_errors(response, fmt)
    assert any(e.startswith(f"{field}: ") and REFUSED in e for e in errors), errors
    assert _reports() == 0


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_refuses_a_json_body_clearly_and_stores_nothing(client, open311_ward, fmt):
    """GeoReport v2 posts a form; a JSON body (with hostile text, numbers or objects as values) is a 415."""
    for body in ({"jurisdiction_id": "phuong-lam", "service_code": "pa-ha-tang-giao-thong",
                  "api_key": open311_ward.key, "description": "Cây\x00 đổ \u202e"},
                 {"description": 5, "email": {"a": 1}, "phone": ["0912"]}, ["x"]):
        response = client.post(f"/open311/v2/requests.{fmt}?jurisdiction_id=phuong-lam&api_key={open311_ward.key}",
                               json=body)
        assert response.status_code == 415 and "form" in _open311_errors(response, fmt)[0]
    assert _reports() == 0


def test_open311_a_lone_surrogate_sent_as_bytes_is_never_stored(client, open311_ward):
    """A client can only send a surrogate as invalid UTF-8 (ED A0 80); it is decoded as U+FFFD, stored
    harmlessly, and the request list stays well-formed."""
    body = (f"jurisdiction_id=phuong-lam&service_code=pa-ha-tang-giao-thong&api_key={open311_ward.key}"
            "&description=C%C3%A2y%ED%A0%80%20%C4%91%E1%BB%95").encode()
    response = client.post("/open311/v2/requests.json", data=body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 201
    stored = db.session.scalar(select(FeedbackReport.description))
    assert all(unicodedata.category(ch) != "Cs" for ch in stored)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_checks_email_and_phone_as_the_web_form_does(client, open311_ward, fmt):
    bad_email = _post_open311(client, open311_ward, fmt, email="not-an-address")
    assert bad_email.status_code == 400 and "email: Email không đúng dạng." in _open311_errors(bad_email, fmt)
    bad_phone = _post_open311(client, open311_ward, fmt, phone="gọi tôi")
    assert bad_phone.status_code == 400
    assert any(e.startswith("phone: Nhập số điện thoại") for e in _open311_errors(bad_phone, fmt))
    assert _reports() == 0
    good = _post_open311(client, open311_ward, fmt, phone="0912 345 678", email="hoa@example.vn",
                         first_name="Hoa", last_name="Lê")
    assert good.status_code == 201
    report = db.session.scalar(select(FeedbackReport))
    assert (report.reporter_phone, report.reporter_email, report.reporter_name) == \
        ("0912 345 678", "hoa@example.vn", "Hoa Lê")


def test_the_web_feedback_form_refuses_the_same_phone(client, open311_ward):
    response = client.post("/phuong-lam/phan-anh/gui", data={
        "category": "pa-ha-tang-giao-thong", "description": "Cây đổ", "reporter_phone": "gọi tôi"})
    assert response.status_code == 400 and "Nhập số điện thoại di động" in response.get_data(as_text=True)


@pytest.mark.parametrize("query", [
    "/api/v1/wards/phuong-lam/procedures?q=%00%E2%80%AE%07&limit=5%00",
    "/api/v1/wards/phuong-lam/procedures?q=gi%E1%BA%A5y%00&limit=%E2%80%AE5",
    "/api/v1/wards/phuong-lam/catalogue?offset=%00&limit=%1b",
    "/api/v1/wards/phuong-lam/feedback?offset=1%00&limit=%E2%80%AE",
    "/api/v1/wards/phuong-lam/figures?nam=%00",
    "/open311/v2/requests.xml?jurisdiction_id=phuong-lam%00&service_code=a%E2%80%AE%07&status=%00",
    "/open311/v2/requests.xml?jurisdiction_id=kh%00ong%E2%80%AEco%07",
    "/open311/v2/requests.xml?jurisdiction_id=phuong-lam&start_date=%00%E2%80%AE",
    "/open311/v2/services.xml?jurisdiction_id=%ED%A0%80%00",
])
def test_api_and_open311_query_parameters_are_cleaned(client, open311_ward, query):
    """Hostile query parameters: a clear answer, never a 500, and any XML answer stays well-formed."""
    response = client.get(query)
    assert response.status_code < 500
    if query.startswith("/open311/v2/") and ".xml" in query:
        document = etree.fromstring(response.data)
        assert not XML_FORBIDDEN.search(etree.tostring(document, encoding="unicode"))
    else:
        assert response.is_json
    assert "\x00" not in response.get_data(as_text=True) and "\u202e" not in response.get_data(as_text=True)


# ---------------------------------------------------------------- writers: rows stored before the fix


def test_open311_xml_stays_well_formed_with_hostile_rows_stored_before_the_fix(client, open311_ward):
    """Rows written before the edge cleaned them (the domain function stores what it is given)."""
    category = save_category(open311_ward, "Môi trường")
    report = submit_report(open311_ward, category, "Rác\x00 tràn \u202e\x0bngõ\x1b 7\ufffe", now=NOW,
                           address_text="Số 5\x01 phố Huế")
    handle(report, status="answered", assigned_to=None, public_answer="Đã\x08 dọn\x00.", internal_note="", now=NOW)
    db.session.commit()
    for url in ("/open311/v2/requests.xml?jurisdiction_id=phuong-lam&start_date=2026-01-01T00:00:00Z",
                f"/open311/v2/requests/{report.tracking_code}.xml?jurisdiction_id=phuong-lam"):
        response = client.get(url)
        assert response.status_code == 200
        text = response.data.decode("utf-8")
        assert not XML_FORBIDDEN.search(text)
        document = etree.fromstring(response.data)
        assert document.findtext("request/description") == "Rác tràn \u202engõ 7"
        assert document.findtext("request/status_notes") == "Đã dọn."


@pytest.fixture
def public_client(client):
    """Requests on the public address (feeds carry absolute links to it)."""
    original = client.open

    def on_public_host(*args, **kwargs):
        kwargs.setdefault("base_url", "https://cong.example.vn")
        return original(*args, **kwargs)

    client.environ_base["HTTP_HOST"] = "cong.example.vn"
    client.open = on_public_host
    return client


@pytest.mark.parametrize("app_settings", [{"PUBLIC_BASE_URL": "https://cong.example.vn/"}])
def test_atom_feeds_and_sitemap_stay_well_formed_with_a_hostile_notice(public_client, make):
    """A notice titled with U+202E and NUL (stored before the fix) published: every feed parses with lxml."""
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    editor = make_staff(ward, "editor")
    notice(ward, editor, title="Lịch\x00 tiếp \u202ecông dân\x0c", summary="Sáng\x1b thứ Năm\ufffe", publish_at=NOW)
    db.session.commit()
    for url in ("/phuong-lam/cong-bo.atom", "/phuong-lam/thong-bao/feed.atom", "/sitemap.xml"):
        response = public_client.get(url)
        assert response.status_code == 200, url
        text = response.data.decode("utf-8")
        assert not XML_FORBIDDEN.search(text), url
        etree.fromstring(response.data)
    feed = etree.fromstring(public_client.get("/phuong-lam/cong-bo.atom").data)
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.findtext(f"{atom}entry/{atom}title") == "Lịch tiếp \u202ecông dân"


def test_xml_safe_keeps_what_xml_allows():
    assert xml_safe("a\x00b\x08c\x0bd\x1fe\ud800f\ufffeg\uffffh") == "abcdefgh"
    allowed = "\t\n\r Việt \u202e \ue000 \ufffd \U0001f600"
    assert xml_safe(allowed) == allowed


# ---------------------------------------------------------------- the editors' forms over HTTP


@pytest.mark.parametrize("title", ["Lịch tiếp\x00 công dân", "Lịch tiếp \u202ecông dân", "Lịch\x07 tiếp"])
def test_an_editor_cannot_publish_a_hostile_title(client, make, title):
    ward = make.ward(slug="phuong-lam")
    login(client, make_staff(ward, "editor").email)
    response = client.post("/phuong-lam/can-bo/cong-bo/moi/thong-bao", data={
        "title": title, "summary": "Sáng thứ Năm.", "body": "", "field": "", "valid_until": ""})
    assert response.status_code in (400, 422) and REFUSED in response.get_data(as_text=True)
    assert title in response.get_data(as_text=True).replace("\x00", "") or "Lịch" in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Publication.id))) == 0


# ---------------------------------------------------------------- the error page after a database error


def _add_failing_route(app):
    """A view whose flush fails in the database (a second ward with a slug already taken)."""
    from wardportal.staff.models import Ward

    def duplicate_ward():
        db.session.add(Ward(slug="phuong-lam", name="Trùng", unit_code="TRUNG"))
        db.session.flush()
        return "unreachable"

    app.add_url_rule("/<ward_slug>/thu-loi-csdl", "test_duplicate_ward", duplicate_ward)


@pytest.mark.parametrize("app_settings", [{"PROPAGATE_EXCEPTIONS": False}])
def test_the_error_page_is_rendered_after_a_database_error(app, make):
    """A failed flush leaves the session needing a rollback; the 500 page must still be the site's own."""
    make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    db.session.commit()
    _add_failing_route(app)
    response = app.test_client().get("/phuong-lam/thu-loi-csdl")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in body and "<!doctype html>" in body.lower()
    assert "Internal Server Error" not in body


# ---------------------------------------------------------------- PostgreSQL: NUL is a refusal, never a 500


def test_on_postgresql_nul_and_bidi_are_refused_not_500(instance_path):
    from .postgres_support import fresh_postgres_app

    app = fresh_postgres_app(instance_path, PROPAGATE_EXCEPTIONS=False)
    _add_failing_route(app)
    try:
        with app.app_context():
            from .factories import Factories
            ward = Factories().ward(slug="phuong-lam", name="Phường Phương Lâm")
            save_category(ward, "Hạ tầng, giao thông")
            _, key = create_client(ward, "Ứng dụng", NOW)
            editor = make_staff(ward, "editor")
            procedure = Factories().procedure(ward)
            db.session.commit()
            email, procedure_id = editor.email, procedure.id
            db.session.remove()
        client = app.test_client()
        for fmt in ("json", "xml"):
            response = client.post(f"/open311/v2/requests.{fmt}", data={
                "jurisdiction_id": "phuong-lam", "service_code": "pa-ha-tang-giao-thong", "api_key": key,
                "description": "Cây\x00 đổ \u202e", "email": "a\x00@example.vn", "phone": "0912\x00345678"})
            assert response.status_code == 400
        assert client.get("/open311/v2/requests.xml?jurisdiction_id=phuong-lam%00&service_code=%00").status_code \
            == 200
        assert client.get("/api/v1/wards/phuong-lam/procedures?q=gi%E1%BA%A5y%00").status_code == 200
        with app.app_context():
            login(client, email)
        response = client.post("/phuong-lam/can-bo/cong-bo/moi/thong-bao", data={
            "title": "Lịch\x00 tiếp \u202ecông dân", "summary": "x\x00", "body": "", "field": "", "valid_until": ""})
        assert response.status_code in (400, 422) and REFUSED in response.get_data(as_text=True)
        keyword = client.post("/phuong-lam/can-bo/thong-ke-tim-kiem", data={
            "query": "giay\x00 e vo\u202e", "procedure_id": procedure_id, "kind": "keyword"})
        assert keyword.status_code == 422
        broken = client.get("/phuong-lam/thu-loi-csdl")
        assert broken.status_code == 500 and "Hệ thống đang gặp sự cố" in broken.get_data(as_text=True)
        with app.app_context():
            assert db.session.scalar(select(func.count(FeedbackReport.id))) == 0
            assert db.session.scalar(select(func.count(Publication.id))) == 0
            assert db.session.get(Procedure, procedure_id).search_keywords == ""
            db.session.remove()
    finally:
        app.extensions["search"].close_all()  # the procedure's guide was indexed; close the index files
        with app.app_context():
            db.engine.dispose()
