"""The demo ward's data file and its generated form templates are complete, well-formed and importable."""

import io
import json
import re
import subprocess
import unicodedata
from collections import Counter
from importlib import resources

import docx
import pytest

from wardportal.catalogue.models import Contact, Procedure
from wardportal.catalogue.form_files import form_template_type as detect_form_type
from wardportal.catalogue.procedure_import import parse_procedures
from wardportal.demo.forms import DOCX_TYPE, FORM_FILES, FORMS, PDF_TYPE, build_form
from wardportal.staff.models import Ward

REQUIRED_TEXT = ("code", "title", "field", "summary", "applicants", "steps", "fee", "legal_basis", "result",
                 "where_to_submit", "implementing_body")
NATIONAL_CODE = re.compile(r"\d\.\d{6}")
# Landlines: 0218 3852 111 (area code + 7 digits); mobiles: 0912 408 115 (10 digits).
PHONE = re.compile(r"0\d{3} \d{4} \d{3}|0[35789]\d{2} \d{3} \d{3}")
MOJIBAKE = re.compile("Ã|á»|Ä‘|Æ°|\ufffd")


@pytest.fixture(scope="module")
def demo():
    """The demo data file as shipped inside the package."""
    text = resources.files("wardportal.demo").joinpath("phuong-lam.json").read_text(encoding="utf-8")
    return json.loads(text)


@pytest.fixture(scope="module")
def procedures(demo):
    """The procedure records of the demo file."""
    return demo["procedures"]


def _strings(value):
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def test_catalogue_has_at_least_30_procedures_across_8_fields(procedures):
    assert len(procedures) >= 30
    assert len({p["field"] for p in procedures}) >= 8


def test_procedure_codes_are_unique_national_codes(procedures):
    codes = [p["code"] for p in procedures]
    assert [c for c, n in Counter(codes).items() if n > 1] == []
    assert [c for c in codes if not NATIONAL_CODE.fullmatch(c)] == []


def test_every_procedure_has_each_required_key_with_the_right_type(procedures):
    problems = []
    for p in procedures:
        for key in REQUIRED_TEXT:
            if not isinstance(p.get(key), str) or not p[key].strip():
                problems.append((p.get("code"), key))
        if isinstance(p.get("processing_days"), bool) or not isinstance(p.get("processing_days"), int) \
                or p["processing_days"] < 0:
            problems.append((p["code"], "processing_days"))
        if not isinstance(p.get("popular"), bool):
            problems.append((p["code"], "popular"))
        if not 2 <= len(p.get("documents", [])) <= 6:
            problems.append((p["code"], "documents count"))
        for d in p.get("documents", []):
            if not (isinstance(d.get("name"), str) and d["name"] and isinstance(d.get("original"), bool)
                    and type(d.get("copies")) is int and d["copies"] >= 1 and isinstance(d.get("note"), str)):
                problems.append((p["code"], f"document {d.get('name')!r}"))
    assert problems == []


def test_steps_are_numbered_markdown_lists_of_three_to_six_steps(procedures):
    for p in procedures:
        lines = p["steps"].splitlines()
        assert 3 <= len(lines) <= 6, p["code"]
        assert [line.split(". ", 1)[0] for line in lines] == [str(n) for n in range(1, len(lines) + 1)], p["code"]
        assert all(line.startswith("- ") for line in p["legal_basis"].splitlines()), p["code"]


def test_online_levels_are_valid_and_mixed(procedures):
    levels = Counter(p["online_level"] for p in procedures)
    assert set(levels) == {"full", "partial", "none"}
    assert 0.3 <= levels["full"] / len(procedures) <= 0.5
    assert 0.25 <= levels["partial"] / len(procedures) <= 0.45


def test_same_day_procedures_say_so_in_their_summary(procedures):
    same_day = [p for p in procedures if p["processing_days"] == 0]
    assert same_day
    assert [p["code"] for p in same_day if "trong ngày làm việc" not in p["summary"].lower()] == []


def test_six_to_eight_procedures_are_marked_popular(procedures):
    assert 6 <= sum(p["popular"] for p in procedures) <= 8


def test_texts_are_nfc_vietnamese_without_mojibake(demo):
    strings = list(_strings(demo))
    assert [s for s in strings if unicodedata.normalize("NFC", s) != s] == []
    assert [s for s in strings if MOJIBAKE.search(s)] == []
    assert any("ư" in s and "đ" in s for s in strings)


def test_texts_fit_the_database_columns(demo, procedures):
    def limit(model, column):
        return model.__table__.c[column].type.length

    for key in ("title", "field", "fee", "result", "implementing_body"):
        assert max(len(p[key]) for p in procedures) <= limit(Procedure, key), key
    for key in ("name", "role", "field", "phone"):
        assert max(len(c[key]) for c in demo["contacts"]) <= limit(Contact, key), key
    for key in ("name", "name_en", "unit_code", "province", "address", "hours", "hotline", "email"):
        assert len(demo["ward"][key]) <= limit(Ward, key), key


def test_ward_details_are_complete(demo):
    ward = demo["ward"]
    assert ward["slug"] == "phuong-lam"
    assert ward["name"] == "Phường Phương Lâm"
    assert ward["unit_code"] and " " not in ward["unit_code"]
    assert PHONE.fullmatch(ward["hotline"])
    assert "@" in ward["email"] and ward["notice"].strip()


def test_contacts_have_well_formed_phones_and_known_fields(demo, procedures):
    contacts = demo["contacts"]
    fields = {p["field"] for p in procedures}
    assert 8 <= len(contacts) <= 12
    assert [c["phone"] for c in contacts if not PHONE.fullmatch(c["phone"])] == []
    assert [c["field"] for c in contacts if c["field"] not in fields] == []
    assert all(c["name"].strip() and c["role"].strip() for c in contacts)
    assert len({c["phone"] for c in contacts}) == len(contacts)


def test_every_named_form_is_buildable_and_every_buildable_form_is_named(procedures):
    named = [f["file"] for p in procedures for f in p.get("forms", [])]
    assert len(named) == len(set(named)) >= 6
    assert sorted(named) == sorted(FORM_FILES)
    assert any(n.endswith(".docx") for n in named) and any(n.endswith(".pdf") for n in named)


@pytest.mark.parametrize("file_name", [n for n in FORM_FILES if n.endswith(".pdf")])
def test_pdf_form_is_a_real_pdf_showing_its_vietnamese_title(file_name, tmp_path):
    data, content_type = build_form(file_name)
    assert content_type == PDF_TYPE
    assert data.startswith(b"%PDF-")
    assert detect_form_type(data, file_name) == PDF_TYPE
    path = tmp_path / file_name
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout
    text = " ".join(unicodedata.normalize("NFC", text).split())
    assert FORMS[file_name].title in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text


@pytest.mark.parametrize("file_name", [n for n in FORM_FILES if n.endswith(".docx")])
def test_docx_form_opens_with_python_docx_and_holds_its_title(file_name):
    data, content_type = build_form(file_name)
    assert content_type == DOCX_TYPE
    assert detect_form_type(data, file_name) == DOCX_TYPE
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert FORMS[file_name].title in paragraphs
    assert document.core_properties.title == FORMS[file_name].title
    assert any(p.startswith("Kính gửi:") for p in paragraphs)


def test_forms_build_identically_each_time():
    name = FORM_FILES[0]
    assert build_form(name) == build_form(name)
    from wardportal.demo.forms import render_pdf

    assert render_pdf(FORMS[name]) == build_form(name)[0]


def test_unknown_form_name_is_refused():
    with pytest.raises(KeyError):
        build_form("../../etc/passwd")


def test_the_project_importer_accepts_the_demo_file(demo, procedures):
    records = parse_procedures(demo, lambda name: build_form(name)[0])
    assert [r.code for r in records] == [p["code"] for p in procedures]
    with_forms = {r.code: r.forms for r in records if r.forms}
    assert with_forms["1.001193"][0].content_type == PDF_TYPE
    assert with_forms["1.001612"][0].content_type == DOCX_TYPE
