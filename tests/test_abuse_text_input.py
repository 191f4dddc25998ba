"""Issue 10, item 7: hostile text is cleaned and checked once, at the edge, in every form: NUL bytes, bidi
controls, control characters, decomposed letters, other scripts' digits, endless text. A clear message,
never a 500, and nothing hostile stored (on SQLite and on PostgreSQL)."""

import unicodedata

import pytest

from wardportal.catalogue.models import Contact
from wardportal.dossiers.models import ApplicationDraft, Dossier, DossierEvent
from wardportal.kernel.extensions import db
from wardportal.kernel.text_input import ascii_digits, clean, problem

from .apply_support import client  # noqa: F401  (fixture: ends the test's transactions)
from .apply_support import APPLICANT, pdf_bytes, start_draft, upload
from .postgres_support import fresh_postgres_app
from .staff_factories import login, make_staff
from .workflow_factories import make_dossier

REFUSED = "ký tự không được phép"
HOSTILE = {
    "nul": "Nguyễn Văn\x00 An",
    "rlo": "Nguyễn \u202eAn",
    "isolate": "Nguyễn \u2067An\u2069",
    "escape": "Nguyễn\x1b[31m An",
    "zero-width-space": "Ngu\u200byễn An",
    "line-separator": "Nguyễn\u2028An",
}


def _answers():
    db.session.rollback()
    return db.session.scalar(db.select(ApplicationDraft)).answers


@pytest.fixture
def draft_base(client, make):
    ward = make.ward()
    return f"/{ward.slug}/nop-ho-so/{start_draft(client, ward, make.procedure(ward))}"


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_apply_refuses_hostile_characters_and_stores_none_of_them(client, draft_base, kind):
    response = client.post(f"{draft_base}/thong-tin", data=dict(APPLICANT, full_name=HOSTILE[kind],
                                                                action="continue"))
    assert response.status_code == 400 and REFUSED in response.get_data(as_text=True)
    stored = _answers()["full_name"]
    assert all(unicodedata.category(ch)[0] != "C" for ch in stored) and "\u2028" not in stored


def test_apply_blur_check_refuses_them_too(client, draft_base):
    response = client.post(f"{draft_base}/kiem-tra/address", data={"address": "Số 5\x00 phố Huế"})
    assert response.status_code == 200 and REFUSED in response.get_data(as_text=True)
    assert "\x00" not in _answers()["address"]


def test_one_line_fields_refuse_newlines_text_areas_keep_them(client, draft_base):
    response = client.post(f"{draft_base}/thong-tin", data=dict(APPLICANT, full_name="Nguyễn\nAn",
                                                                action="continue"))
    assert response.status_code == 400 and "chỉ nhận một dòng" in response.get_data(as_text=True)
    ok = client.post(f"{draft_base}/thong-tin", data=dict(APPLICANT, address="Số 5\r\nphố Huế", action="continue"))
    assert ok.status_code == 302


def test_decomposed_letters_and_other_digits_are_normalised(client, draft_base):
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hằng")
    response = client.post(f"{draft_base}/thong-tin", data=dict(
        APPLICANT, full_name=nfd, citizen_id="٠٠١١٩٠٠١٢٣٤٥", phone="０９１２ ３４５ ６７８", action="continue"))
    assert response.status_code == 302
    answers = _answers()
    assert answers["full_name"] == "Nguyễn Thị Hằng" and answers["citizen_id"] == "001190012345"
    assert answers["phone"] == "0912 345 678"


def test_endless_text_in_a_field_without_its_own_limit_is_refused(client, draft_base):
    response = client.post(f"{draft_base}/thong-tin", data=dict(APPLICANT, email="a" * 50_000, action="continue"))
    assert response.status_code == 400 and "Tối đa 1000 ký tự" in response.get_data(as_text=True)
    assert len(_answers()["email"]) <= 1000


def test_a_refused_answer_is_saved_cleaned_so_a_later_submit_prints_nothing_hostile(client, make):
    """The attack: type an RLO into the address, ignore the refusal and go on to submit from later steps."""
    ward = make.ward()
    base = f"/{ward.slug}/nop-ho-so/{start_draft(client, ward, make.procedure(ward))}"
    assert client.post(f"{base}/thong-tin", data=dict(APPLICANT, address="Số 5 \u202ephố Huế",
                                                      action="save")).status_code == 302  # "save and finish later"
    files = {f"doc-{i}": [upload(pdf_bytes(), f"giay-{i}.pdf")] for i in range(2)}
    assert client.post(f"{base}/giay-to", data=dict(files, action="continue"),
                       content_type="multipart/form-data").status_code == 302
    assert client.post(f"{base}/nhan-ket-qua", data={"delivery_method": "office",
                                                      "action": "continue"}).status_code == 302
    assert client.post(f"{base}/nop").status_code == 302
    db.session.rollback()
    dossier = db.session.scalar(db.select(Dossier))
    assert dossier.applicant_address == "Số 5 phố Huế"


@pytest.fixture
def officer_client(client, make):
    ward = make.ward(slug="phuong-mot")
    officer = make_staff(ward, "officer")
    login(client, officer.email)
    return client, ward, officer


def test_staff_desk_notes_refuse_nul_and_bidi_and_record_nothing(officer_client):
    client, ward, officer = officer_client
    dossier = make_dossier(ward)
    for note in ("Đã nhận\x00", "Đã nhận \u202e"):
        response = client.post(f"/phuong-mot/can-bo/ho-so/{dossier.id}/xu-ly/receive",
                               data={"receive-public_note": note})
        assert response.status_code == 400 and REFUSED in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(Dossier, dossier.id).status == 1
    assert db.session.scalar(db.select(db.func.count(DossierEvent.id))) == 0


def test_staff_publishing_forms_refuse_them_too(client, make):
    ward = make.ward(slug="phuong-mot")
    editor = make_staff(ward, "editor")
    login(client, editor.email)
    response = client.post("/phuong-mot/can-bo/danh-ba/moi", data={
        "name": "Bộ phận\x00 Một cửa", "role": "Tiếp nhận", "phone": "0218 3852 000", "email": "",
        "field": "", "position": "1"})
    assert response.status_code in (400, 422) and REFUSED in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(Contact.id))) == 0


def test_the_rules_themselves():
    assert ascii_digits("٥٦٧٨ ５６７８ ५६७८") == "5678 5678 5678"
    assert problem("a\x00b") and problem("a\u202eb") and problem("a\nb") and not problem("a\nb", multiline=True)
    assert problem("Nguyễn 👨\u200d👩\u200d👧") is None  # joiners inside emoji sequences are fine
    assert clean("a\x00b\u202ec\r\nd", multiline=True) == "abc\nd" and clean("a\nb") == "a b"


def test_nul_bytes_on_postgresql_are_a_clear_refusal_not_a_500(instance_path):
    """On PostgreSQL a NUL byte in a text column raised inside the driver: a 500."""
    app = fresh_postgres_app(instance_path)
    client = app.test_client()
    with app.app_context():
        from .factories import Factories
        make = Factories()
        ward = make.ward()
        procedure = make.procedure(ward)
        token = start_draft(client, ward, procedure)
        response = client.post(f"/{ward.slug}/nop-ho-so/{token}/thong-tin",
                               data=dict(APPLICANT, full_name="An\x00", address="Số 5\x00", action="continue"))
        assert response.status_code == 400 and REFUSED in response.get_data(as_text=True)
        db.session.rollback()
        assert "\x00" not in str(db.session.scalar(db.select(ApplicationDraft)).answers)
        db.session.remove()
        db.engine.dispose()
