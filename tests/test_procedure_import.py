"""Importing procedure guides from JSON: upsert by code, all or nothing, clear messages."""

import json

import pytest
from sqlalchemy import select

from wardportal.catalogue.models import Procedure
from wardportal.catalogue.procedure_import import InvalidProcedureFile, import_file
from wardportal.kernel.extensions import db
from wardportal.staff.models import Ward

from .apply_support import pdf_bytes

RECORD = {
    "code": "1.001193", "title": "Đăng ký khai sinh", "field": "Hộ tịch", "summary": "Cho trẻ mới sinh.",
    "applicants": "Cha, mẹ", "steps": "1. Nộp\n2. Nhận", "processing_days": 0, "fee": "Miễn lệ phí",
    "legal_basis": "Luật Hộ tịch 2014", "result": "Giấy khai sinh", "online_level": "full",
    "documents": [{"name": "Tờ khai", "original": True, "copies": 1, "note": ""},
                  {"name": "Giấy chứng sinh", "original": True, "copies": 1}],
    "source_url": "extra keys are allowed",
}


def write(tmp_path, procedures, name="procedures.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"procedures": procedures}, ensure_ascii=False), encoding="utf-8")
    return path


def test_import_creates_the_ward_and_its_procedures(app, tmp_path):
    second = dict(RECORD, code="1.000894", title="Đăng ký kết hôn", processing_days=5, online_level="partial")
    assert import_file(write(tmp_path, [RECORD, second]), "xa-moi", "Xã Mới") == (2, 0)
    ward = db.session.scalar(select(Ward).where(Ward.slug == "xa-moi"))
    procedure = db.session.scalar(select(Procedure).where(Procedure.code == "1.001193"))
    assert ward.name == "Xã Mới" and procedure.ward_id == ward.id
    assert [d.name for d in procedure.documents] == ["Tờ khai", "Giấy chứng sinh"]
    assert procedure.field_slug == "ho-tich"


def test_reimport_updates_by_code_without_duplicates(app, tmp_path):
    import_file(write(tmp_path, [RECORD]), "xa-moi", "Xã Mới")
    changed = dict(RECORD, fee="8.000 đồng", documents=[{"name": "Tờ khai mới", "original": False, "copies": 2}])
    assert import_file(write(tmp_path, [changed]), "xa-moi") == (0, 1)
    procedures = db.session.scalars(select(Procedure)).all()
    assert len(procedures) == 1 and procedures[0].fee == "8.000 đồng"
    assert [(d.name, d.original, d.copies) for d in procedures[0].documents] == [("Tờ khai mới", False, 2)]


@pytest.mark.parametrize("change, message", [
    ({"title": ""}, "procedures[1] (code 2.000001): field 'title' is required"),
    ({"processing_days": "ba"}, "field 'processing_days' must be a whole number"),
    ({"online_level": "level4"}, "field 'online_level' must be one of full, partial, none"),
    ({"documents": [{"name": "A", "copies": -1}]}, "field 'documents[0].copies'"),
    ({"documents": [{"original": True}]}, "field 'documents[0].name' is required"),
    ({"code": "1.001193"}, "field 'code' appears twice"),
])
def test_a_malformed_record_is_named_and_nothing_is_written(app, tmp_path, change, message):
    bad = {**RECORD, "code": "2.000001", **change}
    with pytest.raises(InvalidProcedureFile) as error:
        import_file(write(tmp_path, [RECORD, bad]), "xa-moi", "Xã Mới")
    assert message in str(error.value)
    assert db.session.scalars(select(Procedure)).all() == []
    assert db.session.scalars(select(Ward)).all() == []


def test_forms_are_read_beside_the_file_and_checked_by_content(app, tmp_path):
    (tmp_path / "to-khai.pdf").write_bytes(pdf_bytes())
    (tmp_path / "fake.pdf").write_bytes(b"MZ\x90\x00 this is an executable")
    with pytest.raises(InvalidProcedureFile, match=r"forms\[0\]\.file' is not a PDF"):
        import_file(write(tmp_path, [dict(RECORD, forms=[{"title": "X", "file": "fake.pdf"}])]), "x", "X")
    import_file(write(tmp_path, [dict(RECORD, forms=[{"title": "Tờ khai", "file": "to-khai.pdf"}])]), "x", "X")
    form = db.session.scalar(select(Procedure)).forms[0]
    assert form.content_type == "application/pdf" and form.filename == "to-khai.pdf"


def test_cli_import_reports_counts_and_refuses_bad_files(runner, tmp_path):
    result = runner.invoke(args=["import-procedures", str(write(tmp_path, [RECORD])), "--ward", "xa-moi",
                                 "--ward-name", "Xã Mới"])
    assert result.exit_code == 0 and "1 created, 0 updated" in result.output
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = runner.invoke(args=["import-procedures", str(broken), "--ward", "xa-moi"])
    assert result.exit_code != 0 and "is not valid JSON: line 1" in result.output
    result = runner.invoke(args=["import-procedures", str(write(tmp_path, [RECORD])), "--ward", "khac"])
    assert result.exit_code != 0 and "give --ward-name" in result.output


def test_cli_init_is_idempotent(runner):
    for _ in range(2):
        result = runner.invoke(args=["init"])
        assert result.exit_code == 0, result.output


def test_cli_purge_drafts_deletes_only_old_unsubmitted_drafts(runner, make):
    from datetime import datetime, timedelta, timezone

    from wardportal.dossiers import submissions
    from wardportal.dossiers.models import ApplicationDraft

    ward = make.ward()
    procedure = make.procedure(ward)
    old, _token = submissions.start_draft(ward, procedure)
    fresh, _token = submissions.start_draft(ward, procedure)
    old.updated_at = datetime.now(timezone.utc) - timedelta(days=90)
    db.session.commit()
    fresh_id = fresh.id
    result = runner.invoke(args=["purge-drafts", "--days", "60"])
    assert result.exit_code == 0 and "Deleted 1 abandoned drafts." in result.output
    assert [d.id for d in db.session.scalars(select(ApplicationDraft))] == [fresh_id]


def _statements_of_import(app, tmp_path, records, name):
    """How many SQL statements other than INSERTs importing `records` runs (index sync off: the import alone)."""
    from sqlalchemy import event

    seen = []

    def count(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith("INSERT"):
            seen.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    sync = app.extensions.pop("search.follower", None)
    try:
        import_file(write(tmp_path, records, name), "xa-moi", "Xã Mới")
    finally:
        event.remove(engine, "before_cursor_execute", count)
        if sync is not None:
            app.extensions["search.follower"] = sync
    return len(seen)


def test_import_runs_a_bounded_number_of_statements_whatever_the_number_of_guides(app, tmp_path):
    """Bulk writing: importing 60 guides runs as many queries and updates as 3 (a flush and three queries per
    guide made 10,000 guides take 30 s); a re-import that changes them too, and each still gets its revision."""
    from wardportal.catalogue.models import ProcedureRevision

    def records(n, fee):
        return [dict(RECORD, code=f"9.{i:06d}", title=f"Thủ tục {i}", fee=fee) for i in range(n)]

    few = _statements_of_import(app, tmp_path, records(3, "a"), "few.json")
    db.session.execute(db.delete(ProcedureRevision))
    db.session.execute(db.delete(Procedure))
    db.session.commit()
    many = _statements_of_import(app, tmp_path, records(60, "a"), "many.json")
    assert many <= few + 2, (few, many)
    again = _statements_of_import(app, tmp_path, records(60, "b"), "again.json")
    assert again <= few + 10 + 60, (few, again)  # an UPDATE per changed guide
    numbers = db.session.execute(select(ProcedureRevision.number)).scalars().all()
    assert sorted(numbers) == [1] * 60 + [2] * 60
