"""The one-stop desk: queue, dossier page, actions, files, slips, counter registration, ward isolation."""

import io
from datetime import date, datetime, timedelta, timezone

import pytest

from wardportal.kernel import signature_policy
from wardportal.dossiers import workflow
from wardportal.dossiers.models import Dossier
from wardportal.dossiers.status import DossierStatus
from wardportal.dossiers.workflow import MissingItem
from wardportal.kernel.extensions import db
from wardportal.kernel.times import local_day
from wardportal.kernel.working_days import current_calendar

from .staff_factories import login, make_staff
from .test_workflow import unsigned_pdf
from .workflow_factories import PDF, client, make_dossier, stored_file  # noqa: F401  (client fixture)


@pytest.fixture
def ward(make):
    return make.ward(slug="phuong-mot")


@pytest.fixture
def officer(ward):
    return make_staff(ward, "officer", full_name="Lê Thị Hoa")


@pytest.fixture
def signed_in(client, officer):
    assert login(client, officer.email).status_code == 302
    return client


def url(dossier, tail=""):
    return f"/{dossier.ward.slug}/can-bo/ho-so/{dossier.id}{tail}"


def test_queue_needs_an_officer_of_the_ward(client, make, ward):
    assert client.get("/phuong-mot/can-bo/ho-so/").status_code == 302  # to sign-in
    editor = make_staff(ward, "editor")
    login(client, editor.email)
    assert client.get("/phuong-mot/can-bo/ho-so/").status_code == 404


def test_queue_filters_searches_and_flags_overdue(signed_in, ward, officer):
    today = local_day(datetime.now(timezone.utc))
    late = make_dossier(ward, name="Nguyễn Văn An")
    workflow.receive(late, officer, now=datetime.now(timezone.utc) - timedelta(days=30))
    fresh = make_dossier(ward, name="Phạm Thị Cúc")
    html = signed_in.get("/phuong-mot/can-bo/ho-so/").get_data(as_text=True)
    assert "Nguyễn Văn An" in html and "Phạm Thị Cúc" in html
    assert "Quá hạn" in html and "timing-overdue" in html
    html = signed_in.get("/phuong-mot/can-bo/ho-so/?q=Cúc").get_data(as_text=True)
    assert "Phạm Thị Cúc" in html and "Nguyễn Văn An" not in html
    html = signed_in.get(f"/phuong-mot/can-bo/ho-so/?q={fresh.code.lower()}").get_data(as_text=True)
    assert fresh.code in html and late.code not in html
    html = signed_in.get("/phuong-mot/can-bo/ho-so/?status=2").get_data(as_text=True)
    assert late.code in html and fresh.code not in html
    html = signed_in.get(f"/phuong-mot/can-bo/ho-so/?due_to={today.isoformat()}").get_data(as_text=True)
    assert late.code in html and fresh.code not in html


def test_queue_answers_htmx_with_the_results_block_only(signed_in, ward):
    make_dossier(ward, name="Nguyễn Văn An")
    response = signed_in.get("/phuong-mot/can-bo/ho-so/?q=An", headers={"HX-Request": "true",
                                                                         "HX-Target": "queue-results"})
    html = response.get_data(as_text=True)
    assert "Nguyễn Văn An" in html and "<html" not in html and "queue-filters" not in html
    assert "HX-Request" in response.headers["Vary"]


def test_queue_is_paginated_and_sorted(signed_in, ward):
    for n in range(30):
        make_dossier(ward, name=f"Người Số {n:02d}",
                     submitted_at=datetime(2026, 11, 1, tzinfo=timezone.utc) + timedelta(hours=n))
    first = signed_in.get("/phuong-mot/can-bo/ho-so/").get_data(as_text=True)
    assert "Người Số 29" in first and "Người Số 00" not in first and "Trang 1 / 2" in first
    second = signed_in.get("/phuong-mot/can-bo/ho-so/?trang=2").get_data(as_text=True)
    assert "Người Số 00" in second
    oldest_first = signed_in.get("/phuong-mot/can-bo/ho-so/?sort=nop").get_data(as_text=True)
    assert "Người Số 00" in oldest_first and "Người Số 29" not in oldest_first


def test_assigned_to_me_shows_only_my_dossiers(signed_in, ward, officer):
    mine = make_dossier(ward, name="Hồ Sơ Của Tôi")
    other = make_dossier(ward, name="Hồ Sơ Người Khác")
    workflow.assign(mine, officer, officer)
    html = signed_in.get("/phuong-mot/can-bo/ho-so/cua-toi").get_data(as_text=True)
    assert mine.code in html and other.code not in html


def test_officer_walks_a_dossier_through_its_actions(signed_in, ward, officer):
    dossier = make_dossier(ward)
    page = signed_in.get(url(dossier)).get_data(as_text=True)
    assert "Trần Văn Bình" in page and "Tiếp nhận hồ sơ" in page
    assert signed_in.post(url(dossier, "/xu-ly/receive"), data={"receive-public_note": "Đủ giấy tờ"}).status_code == 302
    assert signed_in.post(url(dossier, "/xu-ly/start_processing"), data={}).status_code == 302
    response = signed_in.post(url(dossier, "/xu-ly/request_documents"),
                              data={"request_documents-listed": "1", "request_documents-others": "Bản sao CCCD"})
    assert response.status_code == 302
    db.session.expire_all()
    dossier = db.session.get(Dossier, dossier.id)
    assert dossier.status == DossierStatus.DOCUMENTS_REQUESTED
    assert [i.name for i in workflow.open_document_request(dossier).items] == ["Giấy chứng sinh", "Bản sao CCCD"]
    assert signed_in.post(url(dossier, "/xu-ly/documents_supplied"), data={}).status_code == 302
    response = signed_in.post(url(dossier, "/xu-ly/mark_ready"),
                              data={"mark_ready-result": (io.BytesIO(unsigned_pdf()), "ket-qua.pdf")})
    assert response.status_code == 302
    assert signed_in.post(url(dossier, "/xu-ly/return_result"), data={}).status_code == 302
    db.session.expire_all()
    dossier = db.session.get(Dossier, dossier.id)
    assert dossier.status == DossierStatus.RETURNED
    assert [e.action for e in dossier.events] == ["receive", "start_processing", "request_documents",
                                                  "documents_supplied", "mark_ready", "return_result"]


def test_refused_action_and_invalid_form_show_errors(signed_in, ward):
    dossier = make_dossier(ward)
    response = signed_in.post(url(dossier, "/xu-ly/refuse"), data={"refuse-reasons": ""})
    assert response.status_code == 400 and "Nêu lý do từ chối." in response.get_data(as_text=True)
    response = signed_in.post(url(dossier, "/xu-ly/return_result"), data={})
    assert response.status_code == 302  # not allowed in status 1: a message, nothing recorded
    assert db.session.get(Dossier, dossier.id).status == DossierStatus.SUBMITTED
    assert signed_in.post(url(dossier, "/xu-ly/no_such_action"), data={}).status_code == 404


def test_files_are_shown_to_the_wards_officers_only_previewed_sandboxed(app, signed_in, client, ward, make):
    dossier = make_dossier(ward)
    file = stored_file(app, dossier)
    with signed_in.get(url(dossier, f"/tep/{file.id}")) as response:
        assert response.status_code == 200 and response.data == PDF
        # issue 27: an applicant's PDF is previewed in the page, sandboxed (issue 10 item 8: it runs nothing)
        assert response.headers["Content-Disposition"].startswith("inline")
        assert "sandbox" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    result = stored_file(app, dossier, kind="result", name="ket-qua.pdf", document_index=None)
    with signed_in.get(url(dossier, f"/tep/{result.id}")) as response:
        assert response.status_code == 200 and response.data == PDF
        assert response.headers["Content-Disposition"].startswith("inline")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response.headers["Cache-Control"]
    with signed_in.get(url(dossier, f"/tep/{file.id}?tai=1")) as download:
        assert download.headers["Content-Disposition"].startswith("attachment")
    other = make_dossier(ward)
    assert signed_in.get(url(other, f"/tep/{file.id}")).status_code == 404
    page = signed_in.get(url(dossier)).get_data(as_text=True)
    assert f'<iframe class="file-preview-frame" src="{url(dossier, f"/tep/{file.id}")}"' in page


def test_officer_of_another_ward_gets_404_on_every_dossier_url(app, client, make, ward, officer):
    dossier = make_dossier(ward)
    workflow.receive(dossier, officer)
    file = stored_file(app, dossier)
    event = dossier.events[-1]
    other_ward = make.ward(slug="phuong-hai")
    stranger = make_staff(other_ward, "officer")
    login(client, stranger.email)
    for path in ("", f"/tep/{file.id}", f"/tep/{file.id}?tai=1", f"/phieu/{event.id}"):
        # under the other ward's own URL prefix, and under this ward's
        assert client.get(f"/phuong-hai/can-bo/ho-so/{dossier.id}{path}").status_code == 404
        assert client.get(f"/phuong-mot/can-bo/ho-so/{dossier.id}{path}").status_code == 404
    for action in ("receive", "start_processing", "refuse"):
        assert client.post(f"/phuong-hai/can-bo/ho-so/{dossier.id}/xu-ly/{action}", data={}).status_code == 404
    assert db.session.get(Dossier, dossier.id).status == DossierStatus.RECEIVED


def test_file_urls_need_a_signed_in_officer(app, client, ward):
    dossier = make_dossier(ward)
    file = stored_file(app, dossier)
    response = client.get(url(dossier, f"/tep/{file.id}"))
    assert response.status_code == 302 and "/can-bo/dang-nhap" in response.location


def test_slips_are_signed_pdfs(app, signed_in, ward, officer):

    dossier = make_dossier(ward)
    workflow.receive(dossier, officer)
    workflow.request_documents(dossier, officer, missing=[MissingItem("Bản sao CCCD", "chứng thực")],
                               reason="Thiếu giấy tờ")
    workflow.apologise(dossier, officer, new_date=current_calendar().add_working_days(
        (dossier.due_date or date.today()) + timedelta(days=10), 1), reason="Chờ xác minh")
    refused = make_dossier(ward)
    workflow.refuse(refused, officer, reasons=["Không thuộc thẩm quyền"])
    for d in (dossier, refused):
        for event in d.events:
            response = signed_in.get(url(d, f"/phieu/{event.id}"))
            assert response.status_code == 200, event.action
            verdict = signature_policy.verify_pdf(response.data, app.instance_path)
            assert verdict.valid and verdict.ward_slug == ward.slug


def test_assignment_notifies_the_officer_on_the_alerts_page(client, ward, officer):
    colleague = make_staff(ward, "officer", full_name="Phạm Minh Tuấn")
    dossier = make_dossier(ward)
    workflow.receive(dossier, officer)
    login(client, officer.email)
    assert client.post(url(dossier, "/xu-ly/assign"), data={"assign-assignee": str(colleague.id)}).status_code == 302
    client.post("/can-bo/dang-xuat")
    login(client, colleague.email)
    html = client.get("/phuong-mot/can-bo/canh-bao").get_data(as_text=True)
    assert f"Hồ sơ {dossier.code} đã được phân công cho bạn xử lý." in html


def test_counter_registration_receives_and_issues_the_receipt(signed_in, make, ward):
    procedure = make.procedure(ward, processing_days=5)
    form_page = signed_in.get(f"/phuong-mot/can-bo/tiep-nhan?procedure={procedure.id}").get_data(as_text=True)
    assert "Giấy chứng sinh" in form_page
    response = signed_in.post("/phuong-mot/can-bo/tiep-nhan", data={
        "procedure": str(procedure.id), "full_name": "Đỗ Thị Mai", "citizen_id": "001190012345",
        "birth_date": "15/08/1990", "phone": "0987654321", "email": "", "address": "Số 3 phố Hàng Bông",
        "delivery_method": "office", "submission_key": "k-1",
        "doc-1": (io.BytesIO(PDF), "giay-chung-sinh.pdf")})
    assert response.status_code == 302, response.get_data(as_text=True)
    dossier = db.session.scalar(db.select(Dossier).where(Dossier.applicant_name == "Đỗ Thị Mai"))
    assert dossier.channel == "counter" and dossier.status == DossierStatus.RECEIVED
    assert {f.kind for f in dossier.files} == {"attachment", "receipt"}


def test_alerts_list_overdue_and_due_soon_dossiers(signed_in, ward, officer):
    soon = make_dossier(ward, processing_days=1)
    workflow.receive(soon, officer)
    late = make_dossier(ward, processing_days=1)
    workflow.receive(late, officer, now=datetime.now(timezone.utc) - timedelta(days=20))
    paused = make_dossier(ward, processing_days=1)
    workflow.receive(paused, officer, now=datetime.now(timezone.utc) - timedelta(days=20))
    workflow.request_documents(paused, officer, missing=[MissingItem("Bản sao CCCD")])
    html = signed_in.get("/phuong-mot/can-bo/canh-bao").get_data(as_text=True)
    overdue_part, soon_part = html.split("Sắp đến hạn (trong 2 ngày làm việc")
    assert late.code in overdue_part and soon.code in soon_part
    assert paused.code not in html  # the clock is stopped: waiting for the applicant is not the desk's delay
    queue = signed_in.get("/phuong-mot/can-bo/ho-so/").get_data(as_text=True)
    assert "1 hồ sơ đã quá hạn" in queue and "1 hồ sơ sắp đến hạn" in queue


def test_staff_dashboard_links_officers_to_the_desk(signed_in):
    page = signed_in.get("/phuong-mot/can-bo/").get_data(as_text=True)
    assert '<li><a href="/phuong-mot/can-bo/ho-so/">Hồ sơ cần xử lý</a></li>' in page
