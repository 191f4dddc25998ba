"""Editors write guides as drafts, preview, publish and unpublish them, and keep forms and contacts."""

import io
from datetime import date

import pytest
from flask import url_for

from wardportal.catalogue import editing, queries as catalogue
from wardportal.catalogue.models import FormTemplate, Procedure
from wardportal.catalogue.signals import procedures_changed
from wardportal.kernel.extensions import db

from .apply_support import pdf_bytes
from .staff_factories import login, make_staff, settle
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)

GUIDE = {
    "code": "1.001193", "title": "Đăng ký khai tử", "field": "Hộ tịch", "summary": "Khai tử cho người đã mất.",
    "processing_days": "1", "fee": "Miễn lệ phí", "online_level": "full",
    "steps": "1. Nộp tờ khai\n2. Nhận kết quả", "documents-0-name": "Tờ khai tử", "documents-0-original": "y",
    "documents-0-copies": "1", "documents-1-name": "Giấy báo tử", "documents-1-copies": "1",
}


@pytest.fixture
def editor(client, make):
    """A ward with a signed-in editor."""
    ward = make.ward()
    user = make_staff(ward, "editor")
    login(client, user.email)
    return ward, user


def url(client, endpoint, **values):
    """A URL built outside a request."""
    with client.application.test_request_context():
        return url_for(endpoint, **values)


def new_guide(client, ward, **changes):
    """Create a guide through the page; return the Procedure."""
    response = client.post(url(client, "staff.new_procedure", ward_slug=ward.slug), data=dict(GUIDE, **changes))
    assert response.status_code == 302, response.text
    procedure = db.session.scalar(db.select(Procedure).where(Procedure.code == changes.get("code", GUIDE["code"])))
    settle()
    return procedure


def test_new_guide_is_a_draft_invisible_to_the_public(client, editor):
    """A guide written by an editor stays off the public site until published."""
    ward, _user = editor
    procedure = new_guide(client, ward)
    assert not procedure.is_published
    assert [d.name for d in procedure.documents] == ["Tờ khai tử", "Giấy báo tử"]
    assert client.get(f"/{ward.slug}/thu-tuc/{procedure.code}").status_code == 404
    assert procedure.code not in client.get(f"/{ward.slug}/thu-tuc/").text
    staff_list = client.get(url(client, "staff.procedures", ward_slug=ward.slug))
    assert "Đăng ký khai tử" in staff_list.text and "Bản nháp" in staff_list.text


def test_publish_with_effective_date_then_unpublish(client, editor):
    """Publishing shows the guide with its effective date; unpublishing hides it again."""
    ward, _user = editor
    procedure = new_guide(client, ward)
    client.post(url(client, "staff.publish_procedure", ward_slug=ward.slug, procedure_id=procedure.id),
                data={"effective_date": "2026-12-01"})
    assert client.get(f"/{ward.slug}/thu-tuc/{procedure.code}").status_code == 200
    assert db.session.scalar(db.select(Procedure.effective_date).where(Procedure.id == procedure.id)) == \
        date(2026, 12, 1)
    settle()
    client.post(url(client, "staff.unpublish_procedure", ward_slug=ward.slug, procedure_id=procedure.id))
    assert client.get(f"/{ward.slug}/thu-tuc/{procedure.code}").status_code == 404


def test_editing_a_published_guide_waits_in_a_draft_until_published(client, editor, make):
    """Saving edits to a published guide leaves the public page and the index alone until "publish"."""
    ward, _user = editor
    procedure = make.procedure(ward, code="1.000001", title="Chứng thực bản sao", fee="10.000 đồng")
    settle(procedure)
    data = dict(GUIDE, code="1.000001", title="Chứng thực bản sao từ bản chính", fee="20.000 đồng")
    saved = client.post(url(client, "staff.edit_procedure", ward_slug=ward.slug, procedure_id=procedure.id),
                        data=data, follow_redirects=True)
    assert "Đã lưu bản nháp" in saved.text and "Có thay đổi chưa công bố" in saved.text
    # The editor keeps working on the draft text.
    assert 'value="20.000 đồng"' in saved.text
    page = client.get(f"/{ward.slug}/thu-tuc/1.000001")
    assert page.status_code == 200 and "10.000 đồng" in page.text and "20.000 đồng" not in page.text
    assert "bản chính" not in client.get(f"/{ward.slug}/tim-kiem?q=ban+chinh").text.split("<main", 1)[-1] \
        .split("</form>", 1)[-1]
    client.post(url(client, "staff.publish_procedure", ward_slug=ward.slug, procedure_id=procedure.id),
                data={"effective_date": "2026-01-01"})
    page = client.get(f"/{ward.slug}/thu-tuc/1.000001")
    assert "20.000 đồng" in page.text and "Chứng thực bản sao từ bản chính" in page.text


def test_required_fields_and_duplicate_code_are_refused(client, editor, make):
    """Missing title → an error summary; a code already used in the ward → an error on the code."""
    ward, _user = editor
    make.procedure(ward, code="1.000002")
    settle()
    new_url = url(client, "staff.new_procedure", ward_slug=ward.slug)
    missing = client.post(new_url, data=dict(GUIDE, title=""))
    assert missing.status_code == 422 and "Nhập tên thủ tục." in missing.text
    assert "<title>Lỗi:" in missing.text
    taken = client.post(new_url, data=dict(GUIDE, code="1.000002"))
    assert taken.status_code == 422 and "đã có thủ tục mang mã này" in taken.text


def test_add_document_row_without_javascript(client, editor):
    """The add-row button returns the whole page with what was typed and one more empty row, saving nothing."""
    ward, _user = editor
    response = client.post(url(client, "staff.new_procedure", ward_slug=ward.slug),
                           data=dict(GUIDE, add_document="1"))
    assert response.status_code == 200
    assert 'name="documents-2-name"' in response.text and 'value="Giấy báo tử"' in response.text
    assert "<html" in response.text
    assert db.session.scalar(db.select(db.func.count()).select_from(Procedure)) == 0
    settle()


def test_add_document_row_with_htmx_returns_only_the_rows(client, editor):
    """With htmx, the same button returns only the documents block."""
    ward, _user = editor
    response = client.post(url(client, "staff.new_procedure", ward_slug=ward.slug),
                           data=dict(GUIDE, add_document="1"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'name="documents-2-name"' in response.text
    assert "<html" not in response.text and 'id="documents"' in response.text


def test_markdown_preview_is_sanitised(client, editor):
    """Preview renders Markdown and removes scripts, event handlers and javascript: links."""
    ward, _user = editor
    evil = ("**Bước 1** nộp hồ sơ\n\n<script>alert(1)</script>\n\n[bấm](javascript:alert(2))\n\n"
            "<img src=x onerror=alert(3)>")
    response = client.post(url(client, "staff.new_procedure", ward_slug=ward.slug),
                           data=dict(GUIDE, steps=evil, preview="1"), headers={"HX-Request": "true"})
    assert "<strong>Bước 1</strong>" in response.text
    # Raw HTML comes out as escaped text: no element, so no handler can run.
    assert "<script" not in response.text and "<img" not in response.text
    assert "&lt;script&gt;" in response.text
    assert 'href="javascript:' not in response.text


def test_saved_guide_preview_page_is_sanitised(client, editor):
    """The full preview of a saved draft shows rendered, sanitised Markdown."""
    ward, _user = editor
    procedure = new_guide(client, ward, steps="1. Nộp\n\n<script>alert(1)</script>")
    page = client.get(url(client, "staff.preview_procedure", ward_slug=ward.slug, procedure_id=procedure.id))
    assert page.status_code == 200 and "<li>Nộp</li>" in page.text and "<script>alert" not in page.text


def test_form_template_upload_checks_content_and_size(client, editor, make, app):
    """A PDF is accepted; an executable named .pdf and an oversized file are refused with a message."""
    ward, _user = editor
    procedure = make.procedure(ward)
    settle(procedure)
    upload = url(client, "staff.upload_form", ward_slug=ward.slug, procedure_id=procedure.id)
    ok = client.post(upload, data={"upload-title": "Tờ khai",
                                   "upload-file": (io.BytesIO(pdf_bytes()), "to-khai.pdf")})
    assert ok.status_code == 302
    fake = client.post(upload, data={"upload-title": "Giả",
                                     "upload-file": (io.BytesIO(b"MZ\x90\x00" * 10), "to-khai.pdf")})
    assert fake.status_code == 422 and "Chỉ nhận tệp PDF, DOC, DOCX hoặc ODT" in fake.text
    app.config["MAX_FORM_TEMPLATE_BYTES"] = 100
    big = client.post(upload, data={"upload-title": "Lớn",
                                    "upload-file": (io.BytesIO(b"%PDF-1.7\n" + b"x" * 200), "lon.pdf")})
    assert big.status_code == 422 and "Tệp quá lớn" in big.text
    forms = db.session.execute(db.select(FormTemplate.id, FormTemplate.title, FormTemplate.content_type)
                               .where(FormTemplate.procedure_id == procedure.id)).all()
    assert [(f.title, f.content_type) for f in forms] == [("Tờ khai", "application/pdf")]
    settle()


def test_forms_of_a_published_guide_change_only_when_its_draft_is_published(client, editor, make):
    """A form added to a published guide is not public (nor downloadable) until the draft is published; a
    removed one stays public until then."""
    ward, _user = editor
    procedure = make.procedure(ward)
    settle(procedure)
    guide = f"/{ward.slug}/thu-tuc/{procedure.code}"
    upload = url(client, "staff.upload_form", ward_slug=ward.slug, procedure_id=procedure.id)
    publish = url(client, "staff.publish_procedure", ward_slug=ward.slug, procedure_id=procedure.id)
    assert client.post(upload, data={"upload-title": "Tờ khai mẫu mới",
                                     "upload-file": (io.BytesIO(pdf_bytes()), "to-khai.pdf")}).status_code == 302
    form_id = db.session.scalar(db.select(FormTemplate.id))
    settle()
    assert "Tờ khai mẫu mới" not in client.get(guide).text
    assert client.get(f"{guide}/mau/{form_id}/to-khai.pdf").status_code == 404
    client.post(publish, data={"effective_date": date.today().isoformat()})
    assert "Tờ khai mẫu mới" in client.get(guide).text
    assert client.get(f"{guide}/mau/{form_id}/to-khai.pdf").status_code == 200
    client.post(url(client, "staff.delete_form", ward_slug=ward.slug, procedure_id=procedure.id, form_id=form_id))
    settle()
    assert "Tờ khai mẫu mới" in client.get(guide).text  # still public: the removal waits in the draft
    client.post(publish, data={"effective_date": date.today().isoformat()})
    assert "Tờ khai mẫu mới" not in client.get(guide).text
    assert db.session.scalar(db.select(db.func.count()).select_from(FormTemplate)) == 0


def test_save_sends_procedures_changed_after_commit(editor, make):
    """The search index hears about every saved guide, after the data is committed."""
    ward, user = editor
    heard = []

    def listener(sender, ward_id, procedure_ids):
        still_there = db.session.get(Procedure, procedure_ids[0]) is not None
        heard.append((ward_id, procedure_ids, still_there))

    actor = editing.Actor(user, "127.0.0.1", editing_now())
    with procedures_changed.connected_to(listener):
        procedure, _rev = editing.save_procedure(ward, None, {k: v for k, v in GUIDE.items() if "-" not in k
                                                               and k != "processing_days"} | {"processing_days": 1},
                                                 [{"name": "Tờ khai"}], actor)
        editing.publish(procedure, date(2026, 1, 1), actor)
    assert heard == [(ward.id, [procedure.id], True)] * 2
    settle()


def editing_now():
    """A fixed, timezone-aware moment for domain calls."""
    from datetime import datetime, timezone
    return datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


def test_contacts_and_ward_details(client, editor, make):
    """Editors add and delete contacts and change the ward's notice shown on the home page."""
    ward, _user = editor
    response = client.post(url(client, "staff.edit_contact", ward_slug=ward.slug),
                           data={"name": "Lê Thị Hoa", "role": "Công chức Văn phòng", "phone": "0912 000 111"})
    assert response.status_code == 302
    assert "Lê Thị Hoa" in client.get(f"/{ward.slug}/danh-ba").text
    bad = client.post(url(client, "staff.edit_contact", ward_slug=ward.slug),
                      data={"name": "X", "role": "Y", "phone": "gọi tôi"})
    assert bad.status_code == 422
    contact = catalogue.contacts_of(ward)[0]
    settle()
    client.post(url(client, "staff.delete_contact", ward_slug=ward.slug, contact_id=contact.id))
    assert "Lê Thị Hoa" not in client.get(f"/{ward.slug}/danh-ba").text
    details = client.post(url(client, "staff.ward_details", ward_slug=ward.slug),
                          data={"address": "Số 1 Lê Lợi", "hours": "7h30–17h", "hotline": "0218 111",
                                "email": "", "notice": "Nghỉ lễ Quốc khánh ngày 2/9."})
    assert details.status_code == 302
    assert "Nghỉ lễ Quốc khánh" in client.get(f"/{ward.slug}/").text


def test_editor_sets_a_fee_schedule_and_a_half_filled_row_is_refused(client, editor):
    """Structured fees in the editor: rows (per copy, urgent only), free, or none; kept in the revision."""
    ward, _user = editor
    procedure = new_guide(client, ward, **{
        "fee_items-0-name": "Lệ phí cấp bản sao", "fee_items-0-amount": "8000", "fee_items-0-per_copy": "y",
        "fee_items-1-name": "Phí giải quyết nhanh", "fee_items-1-amount": "20000", "fee_items-1-urgent_only": "y",
        "fee_max_copies": "5"})
    assert procedure.fee_schedule == {"items": [{"name": "Lệ phí cấp bản sao", "amount": 8000, "per": "copy"},
                                                {"name": "Phí giải quyết nhanh", "amount": 20000, "when": "urgent"}],
                                      "max_copies": 5}
    edit_url = url(client, "staff.edit_procedure", ward_slug=ward.slug, procedure_id=procedure.id)
    page = client.get(edit_url).text
    assert 'value="Lệ phí cấp bản sao"' in page and 'value="8000"' in page
    half = client.post(edit_url, data=dict(GUIDE, **{"fee_items-0-name": "Lệ phí", "fee_items-0-amount": ""}))
    assert half.status_code == 422 and "Nhập cả tên khoản thu và số tiền." in half.text
    assert client.post(edit_url, data=dict(GUIDE, fee_free="y")).status_code == 302
    db.session.refresh(procedure)
    assert procedure.fee_schedule == {"items": []}
    newest = max(editing.revisions_of(procedure), key=lambda r: r.number)
    assert "fee_schedule" in newest.changed_fields and newest.snapshot["fee_schedule"] == {"items": []}


def test_a_guides_english_title_and_words_are_edited_and_found_by_english_queries(client, editor):
    """Editors keep a guide's English name and search words; once published, English queries find it."""
    ward, _user = editor
    procedure = new_guide(client, ward, title_en="Death registration", keywords_en="death certificate; register a death")
    assert (procedure.title_en, procedure.keywords_en) == ("Death registration", "death certificate; register a death")
    client.post(url(client, "staff.publish_procedure", ward_slug=ward.slug, procedure_id=procedure.id),
                data={"effective_date": "2026-12-01"})
    client.post("/can-bo/dang-xuat")
    found = client.get(f"/api/v1/wards/{ward.slug}/procedures?q=death+certificate").get_json()
    assert [r["code"] for r in found["results"]][:1] == [procedure.code] and found["suggestion"] is None
