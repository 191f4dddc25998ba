"""Changes to a published guide wait in a draft; scheduled ones go public on their date, on any server."""

from datetime import date, datetime, timezone

import pytest
from flask import url_for

from wardportal.catalogue import editing, guide_drafts
from wardportal.catalogue.guide_revisions import revision_differences
from wardportal.catalogue.models import ProcedureDraft, ProcedureRevision
from wardportal.catalogue.procedure_import import parse_procedures, upsert_procedures
from wardportal.catalogue.signals import procedures_changed
from wardportal.kernel.extensions import db
from wardportal.staff.models import AuditEntry

from .staff_factories import login, make_staff, settle
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)

NOW = datetime(2026, 11, 23, 8, 30, tzinfo=timezone.utc)
VALUES = {"code": "2.000001", "title": "Chứng thực chữ ký", "field": "Chứng thực", "summary": "",
          "processing_days": 1, "fee": "10.000 đồng", "online_level": "none",
          "steps": "1. Nộp giấy tờ\n2. Nhận kết quả"}


@pytest.fixture
def actor(make):
    """An editor of a fresh ward acting from a known address."""
    ward = make.ward()
    return editing.Actor(make_staff(ward, "editor", full_name="Phạm Thu Trang"), "203.0.113.7", NOW)


def published_guide(actor):
    """A guide created and published today."""
    ward = actor.staff.memberships[0].ward
    procedure, _rev = editing.save_procedure(ward, None, VALUES, [{"name": "Giấy tờ tùy thân"}], actor)
    editing.publish(procedure, date(2026, 11, 23), actor)
    return ward, procedure


def test_saving_a_published_guide_keeps_the_public_row_and_index_unchanged(actor):
    """The draft holds the new fee; the guide row (what the public and the index read) keeps the old one."""
    ward, procedure = published_guide(actor)
    signals = []

    def record(_sender, **kw):
        signals.append(kw)

    with procedures_changed.connected_to(record):
        _same, revision = editing.save_procedure(ward, procedure, dict(VALUES, fee="20.000 đồng"),
                                                 [{"name": "Giấy tờ tùy thân"}], actor)
    assert revision.action == "draft_saved" and revision.changed_fields == ["fee"]
    assert db.session.get(type(procedure), procedure.id).fee == "10.000 đồng"
    assert guide_drafts.pending_draft(procedure).content["fee"] == "20.000 đồng"
    assert signals == []  # nothing public changed, so the search index is not touched
    editing.publish(procedure, date(2026, 11, 23), actor)
    assert procedure.fee == "20.000 đồng" and guide_drafts.pending_draft(procedure) is None
    last = editing.revisions_of(procedure)[0]
    assert last.action == "published" and "fee" in last.changed_fields


def test_line_endings_alone_are_not_a_change(actor):
    """The same steps sent with CRLF (as browsers send textareas) record no revision and no draft."""
    ward, procedure = published_guide(actor)
    _same, revision = editing.save_procedure(ward, procedure, dict(VALUES, steps=VALUES["steps"].replace("\n", "\r\n")),
                                             [{"name": "Giấy tờ tùy thân"}], actor)
    assert revision is None and guide_drafts.pending_draft(procedure) is None


def test_future_effective_date_schedules_and_is_applied_when_due(actor):
    """Publishing for a later date keeps the public guide until that day; then apply_due_drafts makes it public."""
    ward, procedure = published_guide(actor)
    editing.save_procedure(ward, procedure, dict(VALUES, fee="Miễn phí"), [{"name": "Giấy tờ tùy thân"}], actor)
    revision, scheduled = editing.publish(procedure, date(2026, 12, 1), actor)
    assert scheduled and revision.action == "scheduled"
    assert procedure.fee == "10.000 đồng"
    assert guide_drafts.apply_due_drafts(datetime(2026, 11, 30, 16, 0, tzinfo=timezone.utc)) == 0
    # 17:00 UTC on 30 November is already 1 December in Vietnam.
    assert guide_drafts.apply_due_drafts(datetime(2026, 11, 30, 17, 0, tzinfo=timezone.utc)) == 1
    db.session.refresh(procedure)
    assert procedure.fee == "Miễn phí" and procedure.effective_date == date(2026, 12, 1)
    assert guide_drafts.apply_due_drafts(datetime(2026, 12, 2, tzinfo=timezone.utc)) == 0  # applied once only
    published = editing.revisions_of(procedure)[0]
    assert published.action == "published" and published.author_name == "Phạm Thu Trang"


def test_a_new_guide_published_for_later_stays_hidden_until_then(client, actor):
    """A never-published guide scheduled for a future date is not on the public site before that date."""
    ward = actor.staff.memberships[0].ward
    procedure, _rev = editing.save_procedure(ward, None, VALUES, [], actor)
    _rev, scheduled = editing.publish(procedure, date(2099, 1, 1), actor)
    settle()
    assert scheduled and client.get(f"/{ward.slug}/thu-tuc/2.000001").status_code == 404


def test_a_due_draft_is_published_by_the_next_page_view(client, actor):
    """No timer: the first request after the effective date applies the change (here: any public page)."""
    ward, procedure = published_guide(actor)
    editing.save_procedure(ward, procedure, dict(VALUES, fee="Miễn phí"), [{"name": "Giấy tờ tùy thân"}], actor)
    editing.publish(procedure, date(2026, 12, 1), actor)
    # The date has come (the test clock of the actor was 23 November; the real one is later).
    db.session.execute(db.update(ProcedureDraft).values(scheduled_for=date(2020, 1, 1)))
    db.session.commit()
    page = client.get(f"/{ward.slug}/thu-tuc/2.000001")
    assert "Miễn phí" in page.text
    assert db.session.scalar(db.select(db.func.count()).select_from(ProcedureDraft)) == 0


def test_apply_scheduled_command(runner, actor):
    """``flask apply-scheduled`` publishes due drafts, for installs that prefer cron."""
    ward, procedure = published_guide(actor)
    editing.save_procedure(ward, procedure, dict(VALUES, fee="Miễn phí"), [{"name": "Giấy tờ tùy thân"}], actor)
    editing.publish(procedure, date(2026, 12, 1), actor)
    db.session.execute(db.update(ProcedureDraft).values(scheduled_for=date(2020, 1, 1)))
    db.session.commit()
    result = runner.invoke(args=["apply-scheduled"])
    assert "Published 1 scheduled" in result.output


def test_discarding_a_draft_keeps_the_public_guide(actor):
    """Bỏ bản nháp: the pending change is gone, the public guide unchanged, the audit log says so."""
    ward, procedure = published_guide(actor)
    editing.save_procedure(ward, procedure, dict(VALUES, fee="Miễn phí"), [{"name": "Giấy tờ tùy thân"}], actor)
    assert guide_drafts.discard_draft(procedure, actor)
    assert guide_drafts.pending_draft(procedure) is None and procedure.fee == "10.000 đồng"
    assert db.session.scalar(db.select(AuditEntry.id).where(AuditEntry.action == "procedure.draft_discarded"))


def test_imported_guides_get_a_first_revision_and_refresh_adds_none(make):
    """Import creates revision 1 ("imported"); importing the same file again adds nothing; a change adds one."""
    ward = make.ward()
    payload = {"procedures": [{"code": "1.000001", "title": "Đăng ký khai sinh", "field": "Hộ tịch",
                               "processing_days": 3}]}
    upsert_procedures(ward, parse_procedures(payload, lambda name: b""))
    upsert_procedures(ward, parse_procedures(payload, lambda name: b""))
    revisions = list(db.session.scalars(db.select(ProcedureRevision)))
    assert [(r.number, r.action, r.author_name) for r in revisions] == [(1, "imported", "")]
    payload["procedures"][0]["processing_days"] = 5
    upsert_procedures(ward, parse_procedures(payload, lambda name: b""))
    second = db.session.scalar(db.select(ProcedureRevision).where(ProcedureRevision.number == 2))
    assert second.changed_fields == ["processing_days"]


def test_revision_differences_are_line_by_line(actor):
    """The difference of a revision names the field and shows removed and added lines."""
    ward, procedure = published_guide(actor)
    _same, revision = editing.save_procedure(
        ward, procedure, dict(VALUES, steps="1. Nộp giấy tờ\n2. Chờ 1 ngày\n3. Nhận kết quả"),
        [{"name": "Giấy tờ tùy thân"}], actor)
    changes = revision_differences(procedure, revision)
    assert [c.name for c in changes] == ["steps"]
    assert ("+", "2. Chờ 1 ngày") in changes[0].lines and ("-", "2. Nhận kết quả") in changes[0].lines


def test_editor_pages_show_draft_state_diff_and_readable_audit(client, make):
    """Pages: the edit page says a change is pending, the revision shows before/after, the audit log names people."""
    ward = make.ward()
    admin = make_staff(ward, roles=("admin",), full_name="Lê Minh Quân")
    actor = editing.Actor(admin, "127.0.0.1", NOW)
    procedure, _rev = editing.save_procedure(ward, None, VALUES, [], actor)
    editing.publish(procedure, date(2026, 11, 23), actor)
    _same, revision = editing.save_procedure(ward, procedure, dict(VALUES, fee="Miễn phí"), [], actor)
    settle(procedure)
    login(client, admin.email)
    with client.application.test_request_context():
        edit = url_for("staff.edit_procedure", ward_slug=ward.slug, procedure_id=procedure.id)
        one = url_for("staff.revision", ward_slug=ward.slug, procedure_id=procedure.id, number=revision.number)
        log = url_for("staff.audit_log", ward_slug=ward.slug)
    # An admin edits guides without holding the editor role.
    page = client.get(edit)
    assert page.status_code == 200 and "Có thay đổi chưa công bố" in page.text
    diff = client.get(one).text
    assert "Phí, lệ phí" in diff and "10.000 đồng" in diff and "Miễn phí" in diff
    audit_page = client.get(log).text
    assert "Lê Minh Quân" in audit_page and "Lưu bản nháp của thủ tục" in audit_page
    assert "Chứng thực chữ ký (2.000001)" in audit_page
    assert "procedure.draft_saved" not in audit_page and "procedure:2.000001" not in audit_page
    assert f"/thu-tuc/{procedure.id}/phien-ban/{revision.number}" in audit_page and "Xem thay đổi" in audit_page


def test_revision_page_shows_codes_as_words(client, make):
    """A change of online level or time limit reads "Trực tuyến toàn trình" and "5 ngày làm việc", not codes."""
    ward = make.ward()
    editor = make_staff(ward, "editor")
    actor = editing.Actor(editor, "127.0.0.1", NOW)
    procedure, _rev = editing.save_procedure(ward, None, VALUES, [], actor)
    _same, revision = editing.save_procedure(ward, procedure, dict(VALUES, online_level="full", processing_days=5),
                                             [], actor)
    settle(procedure)
    login(client, editor.email)
    with client.application.test_request_context():
        one = url_for("staff.revision", ward_slug=ward.slug, procedure_id=procedure.id, number=revision.number)
    page = client.get(one).get_data(as_text=True)
    diff = page.split('id="changes-title"', 1)[1].split("</section>", 1)[0]
    assert "Trực tuyến toàn trình" in diff and "5 ngày làm việc" in diff and "1 ngày làm việc" in diff
    assert "+ full" not in diff
