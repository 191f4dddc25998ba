"""Applying with questions and an e-form: only the documents the case needs, the declaration PDF,
the answers shown to officers; the ward's cut-off moving the clock; codes looked up however typed."""

import re
import subprocess
from datetime import datetime, time, timezone

from wardportal.dossiers import codes as dossier_codes, deadlines, receipts, submissions
from wardportal.dossiers.models import Dossier
from wardportal.kernel import file_storage
from wardportal.kernel.extensions import db
from wardportal.kernel.working_days import current_calendar

from .apply_support import client  # noqa: F401  (fixture: ends the test's transactions)
from .apply_support import APPLICANT, pdf_bytes, start_draft, upload
from .eform_support import BIRTH_EFORM, demo_procedure
from .staff_factories import login, make_staff


def _apply_for_birth(client, ward, procedure, on_behalf: bool, letter: bool = False):
    """Applicant, questions, e-form and documents steps; returns (base URL, documents page response)."""
    token = start_draft(client, ward, procedure)
    base = f"/{ward.slug}/nop-ho-so/{token}"
    response = client.post(f"{base}/thong-tin", data=dict(APPLICANT, action="continue"))
    assert response.headers["Location"].endswith("/truong-hop")
    response = client.post(f"{base}/truong-hop", data={"q-nop_thay": "yes" if on_behalf else "no",
                                                        "q-cha_me_ket_hon": "yes", "action": "continue"})
    assert response.headers["Location"].endswith("/to-khai")
    response = client.post(f"{base}/to-khai", data=dict(BIRTH_EFORM, action="continue"))
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(f"{base}/giay-to").get_data(as_text=True)
    names = {1: "giay-chung-sinh.pdf", 3: "can-cuoc.pdf"} | ({4: "uy-quyen.pdf"} if letter else {})
    files = {f"doc-{i}": upload(pdf_bytes(name), name) for i, name in names.items()}
    response = client.post(f"{base}/giay-to", data=dict(files, action="continue"), content_type="multipart/form-data")
    return base, page, response


def test_a_parent_is_not_asked_for_an_authorisation_letter(client, make, app):
    ward = make.ward(slug="phuong-lam", unit_code="000.26.30.H29")
    procedure = demo_procedure(ward)
    base, page, response = _apply_for_birth(client, ward, procedure, on_behalf=False)
    assert "Văn bản ủy quyền" not in page
    assert "Giấy chứng nhận kết hôn của cha, mẹ <span class=\"optional\">(không bắt buộc)</span>" in page
    assert response.status_code == 302 and response.headers["Location"].endswith("/nhan-ket-qua")
    client.post(f"{base}/nhan-ket-qua", data={"delivery_method": "office", "action": "continue"})
    review = client.get(f"{base}/kiem-tra").get_data(as_text=True)
    assert "Nguyễn Minh An" in review and "Đồng ý và nộp hồ sơ" in review
    assert client.post(f"{base}/nop").status_code == 302
    db.session.rollback()
    dossier = db.session.scalar(db.select(Dossier).where(Dossier.ward_id == ward.id))
    assert dossier.extra_fields["questions"] == {"nop_thay": "no", "cha_me_ket_hon": "yes"}
    assert {"name": "tre_ho_ten", "label": "Họ, chữ đệm và tên của trẻ", "section": "Người được khai sinh",
            "value": "Nguyễn Minh An"} in dossier.extra_fields["eform"]
    listed = [d.name for d in receipts.receipt_slip(dossier, "http://localhost").documents]
    assert not any("ủy quyền" in name for name in listed) and "Giấy chứng sinh do cơ sở khám bệnh, chữa bệnh cấp" in listed
    (made,) = [f for f in dossier.files if f.kind == "declaration"]
    pdf = file_storage.read(file_storage.current_uploads(), made.stored_name)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Nguyễn Minh An" in text and dossier.code in text

    # The applicant's browser downloads the declaration from the tracking page.
    track = client.get(f"/{ward.slug}/ho-so/{dossier.tracking_token}").get_data(as_text=True)
    assert "Tờ khai điện tử đã nộp (PDF)" in track
    assert client.get(f"/{ward.slug}/ho-so/{dossier.tracking_token}/tep/{made.id}").data == pdf

    # The officer sees the answers beside the documents, and the declaration among the files.
    officer = make_staff(ward, "officer")
    login(client, officer.email)
    desk = client.get(f"/{ward.slug}/can-bo/ho-so/{dossier.id}").get_data(as_text=True)
    assert "Bạn nộp thay cho cha, mẹ của trẻ?" in desk and "không cần theo câu trả lời" in desk
    assert "Tờ khai điện tử" in desk and "Nguyễn Minh An" in desk


def test_on_behalf_the_letter_is_required(client, make):
    ward = make.ward(slug="phuong-lam", unit_code="000.26.30.H29")
    procedure = demo_procedure(ward)
    base, page, response = _apply_for_birth(client, ward, procedure, on_behalf=True)
    assert "Văn bản ủy quyền có chứng thực (nếu nộp thay)" in page
    assert response.status_code == 400
    assert "Tải lên “Văn bản ủy quyền có chứng thực (nếu nộp thay)”" in response.get_data(as_text=True)


def test_eform_errors_are_listed_and_what_was_typed_is_kept(client, make):
    ward = make.ward()
    procedure = demo_procedure(ward)
    token = start_draft(client, ward, procedure)
    base = f"/{ward.slug}/nop-ho-so/{token}"
    client.post(f"{base}/truong-hop", data={"q-nop_thay": "no", "q-cha_me_ket_hon": "no", "action": "continue"})
    response = client.post(f"{base}/to-khai", data=dict(BIRTH_EFORM, **{"f-tre_ngay_sinh": "31/02/2026",
                                                                          "f-tre_ho_ten": ""}, action="continue"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "<title>Lỗi: Tờ khai đăng ký khai sinh" in page
    assert 'href="#f-tre_ho_ten">Nhập họ, chữ đệm và tên của trẻ</a>' in page
    assert 'value="31/02/2026"' in page and 'aria-invalid="true"' in page
    assert "f-cha_ho_ten" not in page  # the parents are not married: the father's fields are not asked


def test_steps_without_questions_or_eform_are_skipped(client, make):
    ward = make.ward()
    procedure = make.procedure(ward)
    token = start_draft(client, ward, procedure)
    base = f"/{ward.slug}/nop-ho-so/{token}"
    response = client.post(f"{base}/thong-tin", data=dict(APPLICANT, action="continue"))
    assert response.headers["Location"].endswith("/giay-to")
    assert client.get(f"{base}/truong-hop").headers["Location"].endswith("/giay-to")
    assert "Trường hợp" not in client.get(f"{base}/giay-to").get_data(as_text=True)


def test_clock_starts_next_working_day_after_the_cutoff_or_on_a_day_off(app, make):
    ward = make.ward()
    calendar = current_calendar()
    tuesday_afternoon = datetime(2026, 12, 1, 7, 59, tzinfo=timezone.utc)  # 14:59 in Vietnam
    tuesday_evening = datetime(2026, 12, 1, 11, 13, tzinfo=timezone.utc)  # 18:13
    saturday = datetime(2026, 12, 5, 2, 0, tzinfo=timezone.utc)
    assert deadlines.clock_start_day(ward, tuesday_afternoon, calendar).isoformat() == "2026-12-01"
    assert deadlines.clock_start_day(ward, tuesday_evening, calendar).isoformat() == "2026-12-02"
    assert deadlines.clock_start_day(ward, saturday, calendar).isoformat() == "2026-12-07"
    ward.cutoff_time = time(17, 0)
    assert deadlines.clock_start_day(ward, datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc)).day == 1
    assert deadlines.clock_start_day(ward, tuesday_evening).day == 2


def test_evening_submissions_online_and_at_the_counter_are_due_from_the_next_day(client, make):
    ward = make.ward()
    procedure = make.procedure(ward, processing_days=0)
    evening = datetime(2026, 12, 1, 11, 13, tzinfo=timezone.utc)  # Tuesday 18:13 in Vietnam
    applicant = {k: APPLICANT[k] for k in submissions.APPLICANT_FIELDS}
    counter = submissions.register_counter_dossier(ward, procedure, applicant, [], now=evening)
    assert counter.due_date.isoformat() == "2026-12-02"
    token = start_draft(client, ward, procedure)
    draft = submissions.draft_by_token(ward, token)
    submissions.save_answers(draft, dict(applicant, delivery_method="office"))
    for index in range(2):
        submissions.add_draft_file(draft, index, __import__("io").BytesIO(pdf_bytes()), "a.pdf")
    online = submissions.submit_draft(draft, now=evening)
    assert online.due_date.isoformat() == "2026-12-02"
    page = client.get(f"/{ward.slug}/ho-so/{online.tracking_token}/da-nop").get_data(as_text=True)
    assert "02/12/2026" in page and "Hồ sơ nhận sau 15:00 hoặc vào ngày nghỉ" in page


def test_codes_are_found_however_typed(client, make):
    assert dossier_codes.canonical_code("000.26.30.H29", "000 26 30 H29 261201 0001") == "000.26.30.H29-261201-0001"
    assert dossier_codes.canonical_code("000.26.30.H29", " 000.26.30.h29–261201–0001 ") == "000.26.30.H29-261201-0001"
    assert dossier_codes.canonical_code("000.26.30.H29", "261201-0001") == "000.26.30.H29-261201-0001"
    assert dossier_codes.canonical_code("000.26.30.H29", "2612010001") == "000.26.30.H29-261201-0001"
    assert dossier_codes.canonical_code("000.26.30.H29", "261301-0001") is None  # month 13
    assert dossier_codes.canonical_code("000.26.30.H29", "H40-261201-0001") is None
    ward = make.ward(unit_code="000.26.30.H29")
    procedure = make.procedure(ward)
    applicant = {k: APPLICANT[k] for k in submissions.APPLICANT_FIELDS}
    dossier = submissions.register_counter_dossier(
        ward, procedure, applicant, [], now=datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc))
    assert dossier.code == "000.26.30.H29-261201-0001"
    for typed in ("000 26 30 H29 261201 0001", "261201-0001", "000.26.30.h29-261201-0001"):
        page = client.post(f"/{ward.slug}/tra-cuu", data={"code": typed}).get_data(as_text=True)
        assert '<span class="nowrap">000.26.30.H29-261201-0001</span>' in page, typed


def test_upload_sizes_read_in_kb_below_a_megabyte(app):
    from wardportal.apply.views import file_size
    assert file_size(23 * 1024) == "23 KB" and file_size(1) == "1 KB" and file_size(0) == "0 KB"
    assert file_size(1536 * 1024) == "1.5 MB"


def test_editor_warns_when_where_to_submit_contradicts_the_online_level(app):
    from wardportal.catalogue.guide_checks import submission_warnings
    national = "Nộp trực tuyến qua Cổng Dịch vụ công quốc gia (dichvucong.gov.vn) hoặc tại Bộ phận Một cửa."
    assert len(submission_warnings(national, "", "full")) == 1
    assert submission_warnings("Nộp tại Bộ phận Một cửa.", "", "full") == []
    assert len(submission_warnings("Có thể nộp trực tuyến.", "", "none")) == 1
    assert submission_warnings("Không nhận hồ sơ trực tuyến; nộp tại Bộ phận Một cửa.", "", "none") == []


def test_the_sms_and_email_carry_the_tracking_link(app, make):
    from wardportal.notifications import messages as notifications
    ward = make.ward()
    procedure = make.procedure(ward)
    applicant = {k: APPLICANT[k] for k in submissions.APPLICANT_FIELDS}
    dossier = submissions.register_counter_dossier(ward, procedure, applicant, [])
    app.config["PUBLIC_BASE_URL"] = "https://dvc.example.vn"
    link = f"https://dvc.example.vn/{ward.slug}/ho-so/{dossier.tracking_token}"
    email, sms = notifications.build_messages(dossier, "registered")
    assert link in email.body and sms.body.endswith(link) and dossier.code in sms.body
