"""Result documents worth signing (issue 25): the register's number, the case's e-form data, a clean title
and clean legal bases, and a preview that is the very PDF sent to the leader."""

import json
import re
import shutil
import subprocess
from datetime import date, datetime, timezone
from importlib import resources

import pytest
from sqlalchemy import func, select

from wardportal.approvals import drafts, outgoing_numbers, result_documents, result_templates
from wardportal.approvals.drafts import Actor
from wardportal.approvals.models import OutgoingNumber, OutgoingNumberCounter, ResultDraft
from wardportal.catalogue.eforms import answers
from wardportal.dossiers import submissions
from wardportal.dossiers.status import DossierStatus
from wardportal.kernel import file_storage
from wardportal.kernel.extensions import db

from .concurrency import race
from .conftest import make_app
from .eform_support import BIRTH, BIRTH_EFORM, demo_procedure
from .factories import Factories
from .postgres_support import fresh_postgres_app
from .staff_factories import login, make_staff, settle, unexpiring_session  # noqa: F401
from .workflow_factories import client, make_dossier  # noqa: F401

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 3, 0, tzinfo=timezone.utc)
LATER = datetime(2026, 12, 2, 3, 0, tzinfo=timezone.utc)
NEW_YEAR_VN = datetime(2026, 12, 31, 17, 30, tzinfo=timezone.utc)  # 00:30 on 1 January 2027 in Vietnam
PROCESSING = int(DossierStatus.PROCESSING)
DEMO = json.loads(resources.files("wardportal.demo").joinpath("phuong-lam.json").read_text("utf-8"))
EFORM_CODES = sorted(p["code"] for p in DEMO["procedures"] if p.get("eform"))


def pdf_text(data: bytes, tmp_path) -> str:
    """The PDF's text as pdftotext reads it, whitespace collapsed."""
    path = tmp_path / "result.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True).stdout
    return " ".join(out.decode("utf-8").split())


def sample_answers(eform: dict) -> dict:
    """A valid answer for every field of an e-form, each text one naming its field (to find it printed)."""
    by_type = {"date": "01/02/1990", "number": "2", "citizen_id": "001190012345"}
    typed = {}
    for field in eform["fields"]:
        if field["type"] == "choice":
            typed[field["name"]] = field["choices"][0]
        elif field["type"] == "address":
            typed[field["name"]] = f"Tổ 5 phường Phương Lâm ({field['name']})"
        else:
            typed[field["name"]] = by_type.get(field["type"], f"Giá trị {field['name']}")
    return typed


def case_dossier(ward, code=BIRTH, typed=None, status=PROCESSING, **fields):
    """A dossier of the demo procedure `code`, in processing, with its e-form answered as at submission."""
    procedure = demo_procedure(ward, code)
    questions = {q["key"]: "yes" for q in procedure.questions or []}
    rows, errors = answers.check_eform(procedure.eform, questions, typed or sample_answers(procedure.eform), TODAY)
    assert errors == {}
    return make_dossier(ward, procedure, status=status, received_at=NOW,
                        procedure_snapshot=submissions.procedure_snapshot(procedure),
                        extra_fields={"questions": questions, "eform": rows}, **fields)


def birth_answers() -> dict:
    return {name[2:]: value for name, value in BIRTH_EFORM.items()}


def register_lines() -> list:
    return list(db.session.execute(select(OutgoingNumber.ward_id, OutgoingNumber.year, OutgoingNumber.doc_type,
                                          OutgoingNumber.number).order_by(OutgoingNumber.id)))


# ---------------------------------------------------------------- the register


def test_numbers_run_from_one_per_ward_year_and_type_and_are_taken_once(make):
    ward, other = make.ward(slug="phuong-lam"), make.ward(slug="xa-tan-lap")
    births = [case_dossier(ward) for _ in range(2)]
    decision = make_dossier(ward, status=PROCESSING, procedure_snapshot={
        "code": "1.001776", "title": "Trợ cấp xã hội", "result": "Quyết định trợ cấp xã hội hàng tháng."})
    elsewhere, next_year = case_dossier(other), case_dossier(ward)
    taken = [outgoing_numbers.take_number(d, NOW).text for d in (*births, decision, elsewhere)]
    assert taken == ["1/GKS-UBND", "2/GKS-UBND", "1/QĐ-UBND", "1/GKS-UBND"]
    assert outgoing_numbers.take_number(next_year, NEW_YEAR_VN).text == "1/GKS-UBND"  # a new year in Vietnam
    # a dossier keeps its number and its date, whenever it is asked again
    again = outgoing_numbers.take_number(births[0], LATER)
    assert (again.text, again.issued_on) == ("1/GKS-UBND", TODAY)
    assert outgoing_numbers.expected_number(births[1], LATER).text == "2/GKS-UBND"
    assert register_lines() == [(ward.id, 2026, "GKS", 1), (ward.id, 2026, "GKS", 2), (ward.id, 2026, "QĐ", 1),
                                (other.id, 2026, "GKS", 1), (ward.id, 2027, "GKS", 1)]
    assert outgoing_numbers.number_of(next_year).issued_on == date(2027, 1, 1)


def test_a_preview_looks_ahead_without_taking_a_number(make):
    ward = make.ward(slug="phuong-lam")
    first, second = case_dossier(ward), case_dossier(ward)
    for _ in range(3):
        looked = outgoing_numbers.expected_number(first, NOW)
        assert (looked.text, looked.taken) == ("1/GKS-UBND", False)
    assert register_lines() == [] and db.session.scalar(select(func.count()).select_from(OutgoingNumberCounter)) == 0
    assert outgoing_numbers.take_number(second, NOW).text == "1/GKS-UBND"
    assert outgoing_numbers.expected_number(first, NOW).text == "2/GKS-UBND"


def test_every_demo_result_maps_to_a_document_type_with_a_decree_30_number():
    abbreviations = {t.abbreviation for t in outgoing_numbers.DOCUMENT_TYPES}
    assert len(abbreviations) == len(outgoing_numbers.DOCUMENT_TYPES) and "" not in abbreviations
    types = {p["code"]: outgoing_numbers.type_of_result(p["result"]).abbreviation for p in DEMO["procedures"]}
    assert [types[c] for c in ("1.001193", "1.000894", "1.000656", "1.004873", "1.001612", "1.001776", "1.001266")] \
        == ["GKS", "GCN", "TLHT", "GXN", "GCN", "QĐ", "TB"]
    assert outgoing_numbers.formatted(12, "QĐ") == "12/QĐ-UBND" and outgoing_numbers.formatted(7, "") == "7/UBND"


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_app(request, instance_path, migrated_db):
    """The app on SQLite (a copy of the migrated template) or on an emptied, migrated PostgreSQL."""
    if request.param == "sqlite":
        shutil.copy(migrated_db, instance_path / "wardportal.db")
        application = make_app(instance_path)
    else:
        application = fresh_postgres_app(instance_path)
    with application.app_context():
        yield application
        application.extensions["search"].close_all()
        db.session.remove()
        db.engine.dispose()


def test_numbers_taken_at_once_are_a_gapless_unique_series(engine_app):
    """Twelve results numbered at the same moment, each in its own thread and connection: 1..12, once each;
    four requests numbering one dossier at once all get its one number, and the series skips nothing."""
    ward = Factories().ward(slug="phuong-lam")
    dossier_ids = [case_dossier(ward).id for _ in range(12)]
    shared = case_dossier(ward).id

    def numbering(dossier_id):
        def step():
            from wardportal.dossiers.models import Dossier
            return outgoing_numbers.take_number(db.session.get(Dossier, dossier_id), NOW).number
        return step

    results, errors = race(engine_app, [numbering(i) for i in dossier_ids])
    assert errors == [] and sorted(results) == list(range(1, 13))
    results, errors = race(engine_app, [numbering(shared)] * 4)
    assert errors == [] and results == [13] * 4
    assert sorted(line.number for line in register_lines()) == list(range(1, 14))
    assert db.session.scalar(select(OutgoingNumberCounter.last_number)) == 13


# ---------------------------------------------------------------- the document


def test_a_birth_result_prints_the_child_and_the_parents(make, tmp_path):
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    dossier = case_dossier(ward, typed=birth_answers())
    number = outgoing_numbers.take_number(dossier, NOW)
    content = result_documents.result_content(dossier, title=result_documents.default_title(dossier),
                                              body=result_documents.default_body(dossier), number=number)
    text = pdf_text(result_documents.render_result(content), tmp_path)
    for printed in ("Số: 1/GKS-UBND", "GIẤY KHAI SINH", "ỦY BAN NHÂN DÂN", "PHƯỜNG PHƯƠNG LÂM",
                    "Họ, chữ đệm, tên: Nguyễn Minh An", "Ngày, tháng, năm sinh: 02/11/2026", "Giới tính: Nam",
                    "Nơi sinh: Bệnh viện Đa khoa tỉnh Hòa Bình", "Họ, chữ đệm, tên: Nguyễn Thị Hằng",
                    "Họ, chữ đệm, tên: Trần Văn Bình", "Căn cứ Luật Hộ tịch số 60/2014/QH13;",
                    "Phương Lâm, ngày 24 tháng 11 năm 2026", f"Mã hồ sơ: {dossier.code}"):
        assert printed in text
    assert "BẢN SAO" not in text and ";;" not in text and "……" not in text


@pytest.mark.parametrize("code", EFORM_CODES)
def test_every_demo_eform_procedure_prints_its_case(make, tmp_path, code):
    """Each demo e-form procedure has a template naming only fields its e-form has, and every answer it names
    is printed on the result; a procedure without a template prints none of the e-form."""
    ward = make.ward(slug="phuong-lam")
    dossier = case_dossier(ward, code)
    template = result_templates.template_of(dossier)
    assert template is not None
    fields = {f["name"] for f in dossier.procedure.eform["fields"]}
    named = {line[1] for section in template.sections for line in section.lines}
    assert named <= fields
    content = result_documents.result_content(dossier, title="T", body="B",
                                              number=outgoing_numbers.expected_number(dossier, NOW))
    text = pdf_text(result_documents.render_result(content), tmp_path)
    kept = result_templates.answers_of(dossier)
    for name in named:
        if kept.get(name) and kept[name].startswith(("Giá trị", "Tổ 5")):
            assert kept[name] in text, name
    assert template.intro.format(ward=ward.name) in result_documents.default_body(dossier)


def test_a_procedure_without_a_template_falls_back_to_the_generic_body(make, tmp_path):
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    dossier = make_dossier(ward, status=PROCESSING, extra_fields={"eform": [
        {"name": "x", "label": "Nhãn riêng", "section": "", "value": "Giá trị không in"}]},
        procedure_snapshot={"code": "9.999999", "title": "Thủ tục khác", "result": "Văn bản trả lời."})
    body = result_documents.default_body(dossier)
    assert body.splitlines()[-1].startswith("Ủy ban nhân dân Phường Phương Lâm xác nhận/giải quyết cho ông/bà")
    content = result_documents.result_content(dossier, title="Văn bản trả lời", body=body,
                                              number=outgoing_numbers.expected_number(dossier, NOW))
    text = pdf_text(result_documents.render_result(content), tmp_path)
    assert "Số: 1/UBND" in text and "Giá trị không in" not in text


def test_titles_are_the_first_document_named_without_notes():
    assert result_documents.clean_title("Giấy khai sinh (bản chính); bản sao Giấy khai sinh nếu có yêu cầu.") \
        == "Giấy khai sinh"
    assert result_documents.clean_title("Giấy khai sinh và Trích lục đăng ký nhận cha, mẹ, con.") == "Giấy khai sinh"
    assert result_documents.clean_title("Văn bản chấp thuận hoặc không chấp thuận của UBND phường.") == \
        "Văn bản chấp thuận hoặc không chấp thuận của UBND phường"
    for procedure in DEMO["procedures"]:
        title = result_documents.clean_title(procedure["result"])
        assert title and title == title.strip(" .;,:") and not re.search(r"[;()]|nếu có yêu cầu", title), title


def test_legal_bases_read_one_can_cu_each_ending_once():
    """Decree 30: a line per basis ending with ";", the block's last line with a full stop."""
    assert result_documents.legal_bases("- Luật A;\n• căn cứ Nghị định B.;\n\nThông tư C;; Quyết định D") == \
        ["Căn cứ Luật A;", "Căn cứ Nghị định B;", "Căn cứ Thông tư C;", "Căn cứ Quyết định D."]
    assert result_documents.legal_bases("Luật A.\nLuật B;", last=False) == ["Căn cứ Luật A;", "Căn cứ Luật B;"]
    for procedure in DEMO["procedures"]:
        lines = result_documents.legal_bases(procedure.get("legal_basis", ""))
        assert lines, procedure["code"]
        for line in lines:
            assert re.fullmatch(r"Căn cứ [^;]*[^;.,: ]" + ("[.]" if line is lines[-1] else ";"), line), line


def test_the_default_text_has_clean_bases_then_the_dossier_considered(make):
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    dossier = case_dossier(ward, typed=birth_answers())
    lines = result_documents.default_body(dossier).splitlines()
    bases = [line for line in lines if line.startswith("Căn cứ")]
    assert lines[:len(bases)] == bases and len(bases) >= 5 and all(b.endswith(";") for b in bases)
    assert ";;" not in "\n".join(lines) and lines[len(bases)].startswith(f"Xét hồ sơ số {dossier.code}")
    assert lines[len(bases)].endswith(".")
    assert result_documents.default_title(dossier) == "Giấy khai sinh"


# ---------------------------------------------------------------- the pages


@pytest.fixture
def desk(make):
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    officer = make_staff(ward, "officer", full_name="Lê Thị Hoa")
    leader = make_staff(ward, "leader", full_name="Nguyễn Văn Minh")
    return ward, officer, leader, case_dossier(ward, typed=birth_answers())


def stored_draft(app, dossier_id) -> tuple[ResultDraft, bytes]:
    draft = db.session.scalar(select(ResultDraft).where(ResultDraft.dossier_id == dossier_id)
                              .order_by(ResultDraft.id.desc()).limit(1))
    return draft, file_storage.read(file_storage.uploads_dir(app.instance_path), draft.file.stored_name)


def test_the_preview_is_the_pdf_the_leader_will_sign(desk, client, app, tmp_path):
    ward, officer, _, dossier = desk
    settle()
    login(client, officer.email)
    page = client.get(f"/phuong-lam/can-bo/ho-so/{dossier.id}").get_data(as_text=True)
    assert "Xem trước văn bản (PDF)" in page and f"/ho-so/{dossier.id}/du-thao/xem-truoc" in page
    form = {"title": result_documents.default_title(dossier), "body": result_documents.default_body(dossier)}
    previews = [client.post(f"/phuong-lam/can-bo/ho-so/{dossier.id}/du-thao/xem-truoc", data=form) for _ in range(2)]
    preview = previews[0]
    assert preview.status_code == 200 and preview.mimetype == "application/pdf"
    assert preview.headers["Cache-Control"] == "private, no-store"
    assert "sandbox" in preview.headers["Content-Security-Policy"]
    assert preview.headers["X-Content-Type-Options"] == "nosniff"
    assert previews[1].data == preview.data and register_lines() == []  # previews take no number
    assert "Nguyễn Minh An" in pdf_text(preview.data, tmp_path)
    assert client.post(f"/phuong-lam/can-bo/ho-so/{dossier.id}/du-thao/soan", data=form).status_code == 302
    draft, sent = stored_draft(app, dossier.id)
    assert draft.origin == "template" and sent == preview.data
    assert [line.number for line in register_lines()] == [1]


def test_a_refused_preview_keeps_what_was_typed(desk, client):
    _, officer, _, dossier = desk
    settle()
    login(client, officer.email)
    refused = client.post(f"/phuong-lam/can-bo/ho-so/{dossier.id}/du-thao/xem-truoc",
                          data={"title": "", "body": "Nội dung đã gõ"})
    assert refused.status_code == 400 and "Nhập tên văn bản" in refused.get_data(as_text=True)
    assert "Nội dung đã gõ" in refused.get_data(as_text=True)


def test_a_returned_draft_made_again_keeps_its_number(desk, client, app, make, tmp_path):
    ward, officer, leader, dossier = desk
    other = case_dossier(ward, typed=birth_answers())
    settle()
    login(client, officer.email)
    form = {"title": "Giấy khai sinh", "body": result_documents.default_body(dossier)}
    assert client.post(f"/phuong-lam/can-bo/ho-so/{dossier.id}/du-thao/soan", data=form).status_code == 302
    first, first_pdf = stored_draft(app, dossier.id)
    drafts.return_draft(first, Actor(leader), reason="Sửa nơi nhận", now=NOW)
    outgoing_numbers.take_number(other, NOW)  # another result takes the next number meanwhile
    form["body"] += "\nĐã sửa theo ý kiến lãnh đạo."
    preview = client.post(f"/phuong-lam/can-bo/ho-so/{dossier.id}/du-thao/xem-truoc", data=form).data
    assert client.post(f"/phuong-lam/can-bo/ho-so/{dossier.id}/du-thao/soan", data=form).status_code == 302
    second, second_pdf = stored_draft(app, dossier.id)
    assert second.id != first.id and second_pdf == preview and second_pdf != first_pdf
    assert "Số: 1/GKS-UBND" in pdf_text(first_pdf, tmp_path) and "Số: 1/GKS-UBND" in pdf_text(second_pdf, tmp_path)
    assert sorted(line.number for line in register_lines()) == [1, 2]


def test_a_dossier_that_cannot_take_a_draft_takes_no_number(desk, client, make):
    ward, officer, _, _ = desk
    done = case_dossier(ward, typed=birth_answers(), status=int(DossierStatus.READY))
    settle()
    login(client, officer.email)
    form = {"title": "Giấy khai sinh", "body": "Nội dung"}
    assert client.post(f"/phuong-lam/can-bo/ho-so/{done.id}/du-thao/soan", data=form).status_code == 302
    assert register_lines() == []
