"""Fees and delivery in the application: chosen on the delivery step, totalled on review, owed after submit."""

import json

import pytest

from wardportal.catalogue.procedure_import import InvalidProcedureFile, import_file
from wardportal.dossiers.models import Dossier
from wardportal.kernel.extensions import db
from wardportal.notifications.messages import build_messages

from .apply_support import client, fill_draft, start_draft  # noqa: F401  (client fixture)
from .payment_support import with_account
from .staff_factories import login, make_staff

SCHEDULE = {"items": [{"name": "Lệ phí cấp bản sao trích lục", "amount": 8000, "per": "copy"},
                      {"name": "Phí trả kết quả trong ngày", "amount": 20000, "when": "urgent"}], "max_copies": 5}


@pytest.fixture
def ward(make):
    return with_account(make.ward())


def submit(client, base):
    review = client.get(f"{base}/kiem-tra")
    assert review.status_code == 200, review.get_data(as_text=True)
    response = client.post(f"{base}/nop")
    assert response.status_code == 302, response.get_data(as_text=True)
    return review.get_data(as_text=True)


def test_applicant_chooses_copies_and_urgency_and_sees_the_total(client, make, ward):
    procedure = make.procedure(ward, fee_schedule=SCHEDULE)
    token = start_draft(client, ward, procedure)
    base = fill_draft(client, ward, token)
    page = client.get(f"{base}/nhan-ket-qua").get_data(as_text=True)
    assert "Số bản kết quả cần cấp" in page and "giải quyết nhanh" in page
    response = client.post(f"{base}/nhan-ket-qua", data={"delivery_method": "office", "fee_copies": "3",
                                                         "fee_urgent": "y", "action": "continue"})
    assert response.status_code == 302
    review = submit(client, base)
    assert "44.000 đ" in review  # 3 × 8.000 + 20.000
    dossier = db.session.scalar(db.select(Dossier))
    assert dossier.fees.amount_due == 44000 and dossier.fees.choices == {"copies": 3, "urgent": True}
    confirmation = client.get(f"/{ward.slug}/ho-so/{dossier.tracking_token}/da-nop").get_data(as_text=True)
    assert "<svg" in confirmation and "9999000012345" in confirmation and "44.000 đ" in confirmation


def test_the_schedule_in_force_at_submission_is_kept(client, make, ward):
    procedure = make.procedure(ward, fee_schedule={"items": [{"name": "Lệ phí", "amount": 15000}]})
    base = fill_draft(client, ward, start_draft(client, ward, procedure))
    submit(client, base)
    procedure.fee_schedule = {"items": [{"name": "Lệ phí", "amount": 30000}]}
    db.session.commit()
    assert db.session.scalar(db.select(Dossier)).fees.amount_due == 15000


def test_free_procedure_says_so_and_owes_nothing(client, make, ward):
    procedure = make.procedure(ward, fee_schedule={"items": []})
    base = fill_draft(client, ward, start_draft(client, ward, procedure))
    review = submit(client, base)
    assert "không thu phí, lệ phí" in review
    dossier = db.session.scalar(db.select(Dossier))
    confirmation = client.get(f"/{ward.slug}/ho-so/{dossier.tracking_token}/da-nop").get_data(as_text=True)
    assert "<svg" not in confirmation


def test_delivery_by_post_needs_an_address_and_shows_the_postage(client, make, ward):
    procedure = make.procedure(ward)
    base = fill_draft(client, ward, start_draft(client, ward, procedure))
    refused = client.post(f"{base}/nhan-ket-qua", data={"delivery_method": "post", "postal_address": " ",
                                                        "action": "continue"})
    assert refused.status_code == 400 and "Nhập địa chỉ nhận kết quả qua bưu điện" in refused.get_data(as_text=True)
    client.post(f"{base}/nhan-ket-qua", data={"delivery_method": "post", "action": "continue",
                                              "postal_address": "Số 9 ngõ 3 đường Cù Chính Lan, Hòa Bình"})
    review = submit(client, base)
    assert "25.000 đ" in review and "Cù Chính Lan" in review
    dossier = db.session.scalar(db.select(Dossier))
    assert dossier.delivery.postal_address == "Số 9 ngõ 3 đường Cù Chính Lan, Hòa Bình"
    assert dossier.delivery.postage == 25000


def test_the_email_carries_the_transfer_details_and_the_vietqr_image(client, make, ward):
    procedure = make.procedure(ward, fee_schedule={"items": [{"name": "Lệ phí", "amount": 7500}]})
    submit(client, fill_draft(client, ward, start_draft(client, ward, procedure)))
    dossier = db.session.scalar(db.select(Dossier))
    email, sms = build_messages(dossier, "submitted")
    assert "Số tiền cần nộp: 7.500 đồng" in email.body and "9999000012345" in email.body
    assert email.attachments[0][:2] == ("vietqr.png", "image/png")
    assert "7.500d" in sms.body and dossier.code in sms.body
    assert build_messages(dossier, "receive")[0].attachments == ()
    from wardportal.notifications.models import OutboxMessage
    queued = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.channel == "email"))
    assert queued.vietqr_payload == email.vietqr_payload  # the worker draws the same code when it sends


def test_import_format_takes_fees_and_names_a_bad_one(app, tmp_path, make):
    ward = make.ward(slug="xa-phi")
    good = {"code": "2.000635", "title": "Cấp bản sao trích lục hộ tịch", "field": "Hộ tịch", "processing_days": 0,
            "fees": SCHEDULE}
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"procedures": [good]}), encoding="utf-8")
    assert import_file(path, ward.slug) == (1, 0)
    bad = dict(good, code="2.000636", fees={"items": [{"name": "Lệ phí", "amount": -8000}]})
    path.write_text(json.dumps({"procedures": [good, bad]}), encoding="utf-8")
    with pytest.raises(InvalidProcedureFile, match=r"procedures\[1\] \(code 2.000636\): field 'fees'"):
        import_file(path, ward.slug)


def test_staff_pages_of_another_ward_are_not_found(client, make, ward):
    other = with_account(make.ward())
    officer = make_staff(other, "officer")
    from .payment_support import owing_dossier
    dossier = owing_dossier(ward, 15000)
    login(client, officer.email)
    assert client.get(f"/{ward.slug}/can-bo/ho-so/{dossier.id}/le-phi").status_code in (403, 404)
    assert client.get(f"/{other.slug}/can-bo/ho-so/{dossier.id}/le-phi").status_code == 404
    assert client.post(f"/{other.slug}/can-bo/ho-so/{dossier.id}/le-phi/thu",
                       data={"amount": 15000, "paid_on": "2026-11-30", "method": "cash"}).status_code == 404
    assert client.get(f"/{other.slug}/can-bo/le-phi/").status_code == 200
    assert client.get(f"/{other.slug}/can-bo/le-phi/tai-khoan").status_code in (403, 404)  # admins only


def test_officer_imports_a_statement_through_the_page(client, make, ward):
    from io import BytesIO

    from .payment_support import owing_dossier, statement_a
    officer = make_staff(ward, "officer")
    dossier = owing_dossier(ward, 15000)
    login(client, officer.email)
    data = statement_a([("30/11/2026", "FT1", 15000, dossier.code), ("30/11/2026", "FT2", 100, "??")])
    response = client.post(f"/{ward.slug}/can-bo/le-phi/sao-ke", data={
        "layout": "ghi-no-ghi-co", "file": (BytesIO(data), "sao-ke.csv")}, content_type="multipart/form-data",
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "1 tự động ghi nhận, 1 cần xem xét" in page
    bad = client.post(f"/{ward.slug}/can-bo/le-phi/sao-ke", data={
        "layout": "ghi-no-ghi-co", "file": (BytesIO(b"\x00\xff garbage"), "x.csv")}, content_type="multipart/form-data")
    assert bad.status_code == 400 and "Lỗi" in bad.get_data(as_text=True)


def test_the_signed_receipt_states_the_total(client, make, ward, tmp_path):
    import subprocess
    procedure = make.procedure(ward, fee_schedule=SCHEDULE)
    base = fill_draft(client, ward, start_draft(client, ward, procedure))
    client.post(f"{base}/nhan-ket-qua", data={"delivery_method": "office", "fee_copies": "2", "action": "continue"})
    submit(client, base)
    dossier = db.session.scalar(db.select(Dossier))
    pdf = client.get(f"/{ward.slug}/ho-so/{dossier.tracking_token}/bien-nhan.pdf")
    assert pdf.status_code == 200
    (tmp_path / "r.pdf").write_bytes(pdf.data)
    text = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Phí, lệ phí: 16.000 đ" in " ".join(text.split())
