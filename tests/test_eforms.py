"""Questions, conditional documents and e-forms: their definitions, the checks of answers, the declaration."""

import subprocess
from datetime import date

import pytest

from wardportal.catalogue.eforms import answers, definition
from wardportal.catalogue.eforms.definition import DefinitionError
from wardportal.catalogue.procedure_import import InvalidProcedureFile, parse_procedures
from wardportal.dossiers import declaration

from .eform_support import demo_records

TODAY = date(2026, 12, 1)


def test_questions_must_have_unique_keys_and_text():
    assert definition.parse_questions([{"key": "nop_thay", "text": "Bạn nộp thay?"}]) == [
        {"key": "nop_thay", "text": "Bạn nộp thay?", "hint": ""}]
    with pytest.raises(DefinitionError, match=r"questions\[1\]\.key.*twice"):
        definition.parse_questions([{"key": "a", "text": "A?"}, {"key": "a", "text": "B?"}])
    with pytest.raises(DefinitionError, match=r"questions\[0\]\.key"):
        definition.parse_questions([{"key": "Nộp thay", "text": "A?"}])
    with pytest.raises(DefinitionError, match=r"questions\[0\]\.text.*required"):
        definition.parse_questions([{"key": "a"}])


def test_document_conditions_name_a_known_question():
    assert definition.condition_from_when({"nop_thay": True}, {"nop_thay"}, "w") == "nop_thay=yes"
    assert definition.condition_from_when({"nop_thay": False}, {"nop_thay"}, "w") == "nop_thay=no"
    assert definition.parse_condition(" nop_thay = Có ", {"nop_thay"}) == "nop_thay=yes"
    assert definition.parse_condition("nop_thay=không", {"nop_thay"}) == "nop_thay=no"
    assert definition.parse_condition("", {"nop_thay"}) == ""
    for bad in ("nop_thay", "khac=có", "nop_thay=maybe"):
        with pytest.raises(DefinitionError):
            definition.parse_condition(bad, {"nop_thay"})
    with pytest.raises(DefinitionError, match="not in 'questions'"):
        definition.condition_from_when({"other": True}, {"nop_thay"}, "w")


def test_import_refuses_a_bad_eform_naming_record_and_field():
    record = {"code": "1.1", "title": "T", "field": "F", "processing_days": 1,
              "eform": {"title": "Tờ khai", "fields": [{"name": "a", "label": "A", "type": "colour"}]}}
    with pytest.raises(InvalidProcedureFile, match=r"procedures\[0\] \(code 1\.1\): field 'eform\.fields\[0\]\.type'"):
        parse_procedures({"procedures": [record]}, lambda name: b"")
    record["eform"]["fields"] = [{"name": "b", "label": "B", "type": "text", "when": {"a": "x"}}]
    with pytest.raises(InvalidProcedureFile, match=r"eform\.fields\[0\]\.when"):
        parse_procedures({"procedures": [record]}, lambda name: b"")
    record["eform"] = None
    record["documents"] = [{"name": "Ủy quyền", "when": {"nop_thay": True}}]
    with pytest.raises(InvalidProcedureFile, match=r"documents\[0\]\.when.*nop_thay"):
        parse_procedures({"procedures": [record]}, lambda name: b"")


def test_demo_birth_registration_asks_the_letter_only_on_behalf():
    (birth,) = demo_records("1.001193")
    letter = next(d for d in birth.documents if "ủy quyền" in d.name)
    marriage = next(d for d in birth.documents if "kết hôn" in d.name)
    assert letter.condition == "nop_thay=yes" and not letter.optional
    assert marriage.condition == "cha_me_ket_hon=yes" and marriage.optional
    as_dict = {"condition": letter.condition, "optional": letter.optional}
    assert not answers.document_required(as_dict, {"nop_thay": "no", "cha_me_ket_hon": "yes"})
    assert answers.document_required(as_dict, {"nop_thay": "yes", "cha_me_ket_hon": "yes"})
    assert {r.code for r in demo_records("1.001193", "1.000894", "1.000656", "1.004873", "1.001612")
            if r.eform} == {"1.001193", "1.000894", "1.000656", "1.004873", "1.001612"}


def test_eform_messages_follow_govuk_style(app):
    (birth,) = demo_records("1.001193")
    typed = {"tre_ho_ten": "", "tre_ngay_sinh": "31/02/2026", "tre_gioi_tinh": "", "me_so_dinh_danh": "12345",
             "quan_he": "Mẹ"}
    rows, errors = answers.check_eform(birth.eform, {"cha_me_ket_hon": "no"}, typed, TODAY)
    assert str(errors["f-tre_ho_ten"]) == "Nhập họ, chữ đệm và tên của trẻ"
    assert str(errors["f-tre_ngay_sinh"]) == "Ngày sinh của trẻ phải là một ngày có thật, ví dụ 27/03/2026"
    assert str(errors["f-tre_gioi_tinh"]) == "Chọn giới tính"
    assert str(errors["f-me_so_dinh_danh"]) == "Số định danh cá nhân của mẹ phải gồm đúng 12 chữ số"
    # The father's fields are asked only when the parents are married.
    assert not any(name.startswith("f-cha_") for name in errors)
    assert "cha_ho_ten" not in {r["name"] for r in rows}
    _, errors = answers.check_eform(birth.eform, {"cha_me_ket_hon": "yes"}, typed, TODAY)
    assert "f-cha_ho_ten" in errors
    _, errors = answers.check_eform(birth.eform, {}, {"tre_ngay_sinh": "02/12/2026"}, TODAY)
    assert "hôm nay hoặc một ngày trong quá khứ" in str(errors["f-tre_ngay_sinh"])


def test_number_fields_check_range_and_choice_conditions(app):
    form = definition.parse_eform({"title": "T", "fields": [
        {"name": "muc_dich", "label": "Mục đích", "type": "choice", "choices": ["Kết hôn", "Khác"]},
        {"name": "nguoi", "label": "Người dự định kết hôn", "when": {"muc_dich": "Kết hôn"}},
        {"name": "so", "label": "Số lao động", "type": "number", "min": 0, "max": 9}]}, set())
    rows, errors = answers.check_eform(form, {}, {"muc_dich": "Khác", "so": "12"}, TODAY)
    assert "f-nguoi" not in errors and str(errors["f-so"]) == "Số lao động phải từ 0 đến 9"
    rows, errors = answers.check_eform(form, {}, {"muc_dich": "Kết hôn", "so": "3"}, TODAY)
    assert list(errors) == ["f-nguoi"]


def test_declaration_pdf_carries_the_answers():
    content = declaration.Declaration(
        title="Tờ khai đăng ký khai sinh", legal_form="Thông tư 04/2020/TT-BTP", addressee="UBND Phường Phương Lâm",
        place="Phương Lâm", dossier_code="000.26.30.H29-261201-0001",
        submitted_at=__import__("datetime").datetime(2026, 12, 1, 18, 13),
        applicant=[("Họ, chữ đệm, tên người yêu cầu", "Nguyễn Thị Hằng")], answers=[("Bạn nộp thay?", "Không")],
        rows=[{"label": "Họ, chữ đệm và tên của trẻ", "section": "Người được khai sinh", "value": "Nguyễn Minh An"}],
        applicant_name="Nguyễn Thị Hằng")
    pdf = declaration.render_declaration(content)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    for expected in ("TỜ KHAI ĐĂNG KÝ KHAI SINH", "Kính gửi: UBND Phường Phương Lâm", "Nguyễn Minh An",
                     "Người được khai sinh", "Bạn nộp thay?: Không", "000.26.30.H29-261201-0001"):
        assert expected in text
