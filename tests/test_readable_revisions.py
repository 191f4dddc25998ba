"""Issue 27: a guide's revision difference is read in words: questions, fee schedules and document conditions
as sentences, field names translated, dates as dd/mm/yyyy; never Python or JSON."""

from datetime import date, datetime, timezone

import pytest
from flask import url_for

from wardportal.catalogue import editing
from wardportal.catalogue.guide_revisions import PROCEDURE_FIELDS, revision_differences
from wardportal.staff.audit_labels import field_labels

from .staff_factories import login, make_staff, settle
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)

NOW = datetime(2026, 11, 23, 8, 30, tzinfo=timezone.utc)
VALUES = {"code": "2.000001", "title": "Cấp bản sao trích lục hộ tịch", "field": "Hộ tịch", "summary": "",
          "processing_days": 1, "fee": "8.000 đồng/bản", "online_level": "none", "steps": "1. Nộp tờ khai"}
QUESTIONS = [{"key": "nop_thay", "text": "Bạn nộp thay người khác?", "hint": ""}]
FEES = {"items": [{"name": "Lệ phí cấp bản sao", "amount": 8000, "per": "copy"},
                  {"name": "Phí giải quyết nhanh", "amount": 20000, "when": "urgent"}], "max_copies": 5}
RAW = ("{'", "{\"", "[{", "'key'", "\"key\"", "'items'", "True", "False", "None", "nop_thay=yes")


@pytest.fixture
def changed_guide(make):
    """A published guide, then a revision adding a question, a fee schedule and a conditional document."""
    ward = make.ward()
    editor = make_staff(ward, "editor", full_name="Phạm Thu Trang")
    actor = editing.Actor(editor, "203.0.113.7", NOW)
    procedure, _rev = editing.save_procedure(ward, None, VALUES, [{"name": "Tờ khai"}], actor)
    editing.publish(procedure, date(2026, 11, 23), actor)
    _same, revision = editing.save_procedure(
        ward, procedure, dict(VALUES, questions=QUESTIONS, fee_schedule=FEES),
        [{"name": "Tờ khai"}, {"name": "Giấy ủy quyền", "condition": "nop_thay=yes", "original": False}], actor)
    settle(procedure, revision, editor)
    return ward, procedure, revision, editor


def test_every_guide_field_has_a_translated_name():
    labels = field_labels()
    assert [name for name in PROCEDURE_FIELDS + ("documents", "forms", "effective_date", "scheduled_for")
            if name not in labels] == []


def test_difference_tells_questions_fees_and_conditions_in_words(changed_guide):
    _ward, procedure, revision, _editor = changed_guide
    changes = {c.name: c.lines for c in revision_differences(procedure, revision)}
    assert set(changes) >= {"questions", "fee_schedule", "documents"}
    assert ("+", "Bạn nộp thay người khác? (nop_thay)") in changes["questions"]
    assert ("+", "Lệ phí cấp bản sao: 8.000 đ mỗi bản") in changes["fee_schedule"]
    assert ("+", "Phí giải quyết nhanh: 20.000 đ (chỉ thu khi giải quyết nhanh)") in changes["fee_schedule"]
    assert ("+", "Tối đa 5 bản một hồ sơ") in changes["fee_schedule"]
    assert ("+", "Giấy ủy quyền (bản sao, 1; chỉ khi “Bạn nộp thay người khác?” là Có)") in changes["documents"]
    for name, lines in changes.items():
        for _kind, text in lines:
            assert not any(raw in text for raw in RAW), (name, text)


def test_revision_page_shows_translated_names_and_local_dates(client, changed_guide):
    ward, procedure, revision, editor = changed_guide
    login(client, editor.email)
    with client.application.test_request_context():
        one = url_for("staff.revision", ward_slug=ward.slug, procedure_id=procedure.id, number=revision.number)
        published = url_for("staff.revision", ward_slug=ward.slug, procedure_id=procedure.id,
                            number=revision.number - 1)
    page = client.get(one).get_data(as_text=True)
    assert "<h3>Câu hỏi cho người nộp</h3>" in page and "<h3>Biểu phí, lệ phí</h3>" in page
    assert ">questions<" not in page and ">fee_schedule<" not in page
    assert "chỉ khi “Bạn nộp thay người khác?” là Có" in page
    assert not any(raw in page for raw in ("{'", "'items'", "nop_thay=yes"))
    page = client.get(published).get_data(as_text=True)
    assert "23/11/2026" in page and "2026-11-23" not in page
