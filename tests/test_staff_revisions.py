"""Every save keeps a revision (who, when, what changed); editors view and restore earlier ones."""

from datetime import date, datetime, timezone

import pytest
from flask import url_for

from wardportal.catalogue import editing
from wardportal.catalogue.models import Procedure, ProcedureRevision
from wardportal.kernel.extensions import db
from wardportal.staff.models import AuditEntry

from .staff_factories import login, make_staff, settle
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)

NOW = datetime(2026, 11, 23, 8, 30, tzinfo=timezone.utc)
VALUES = {"code": "2.000001", "title": "Chứng thực chữ ký", "field": "Chứng thực", "summary": "",
          "processing_days": 1, "fee": "10.000 đồng", "online_level": "none"}


@pytest.fixture
def actor(make):
    """An editor of a fresh ward acting from a known address."""
    ward = make.ward()
    return editing.Actor(make_staff(ward, "editor", full_name="Phạm Thu Trang"), "203.0.113.7", NOW)


def test_each_save_records_who_when_and_what(actor):
    """Creating then editing gives revisions 1 and 2 with the author and the changed fields."""
    ward = actor.staff.memberships[0].ward
    procedure, first = editing.save_procedure(ward, None, VALUES, [{"name": "Giấy tờ tùy thân"}], actor)
    assert (first.number, first.action, first.author_name) == (1, "created", "Phạm Thu Trang")
    _same, second = editing.save_procedure(ward, procedure, dict(VALUES, fee="Miễn phí"),
                                           [{"name": "Giấy tờ tùy thân"}], actor)
    assert second.number == 2 and second.changed_fields == ["fee"]
    assert second.snapshot["fee"] == "Miễn phí" and first.snapshot["fee"] == "10.000 đồng"
    _again, nothing = editing.save_procedure(ward, procedure, dict(VALUES, fee="Miễn phí"),
                                             [{"name": "Giấy tờ tùy thân"}], actor)
    assert nothing is None  # saving without a change adds no revision
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "procedure.saved"))
    assert (entry.actor_email, entry.ip_address, entry.target) == (actor.staff.email, "203.0.113.7",
                                                                   "procedure:2.000001")


def test_restore_brings_back_text_and_documents(actor):
    """Restoring revision 1 of a published guide puts its fields and documents into the draft; publishing shows them."""
    ward = actor.staff.memberships[0].ward
    procedure, _first = editing.save_procedure(ward, None, VALUES, [{"name": "Bản gốc"}], actor)
    editing.publish(procedure, date(2026, 11, 1), actor)
    editing.save_procedure(ward, procedure, dict(VALUES, title="Tên mới"), [{"name": "Giấy khác"}], actor)
    restored = editing.restore_revision(procedure, editing.revision_of(procedure, 1), actor)
    assert restored.number == 4 and restored.action == "restored"
    assert set(restored.changed_fields) == {"title", "documents"}
    # Nothing reached the public guide: the restored text waits in the draft.
    assert procedure.title == "Chứng thực chữ ký" and [d.name for d in procedure.documents] == ["Bản gốc"]
    editing.save_procedure(ward, procedure, dict(VALUES, title="Tên mới"), [{"name": "Giấy khác"}], actor)
    editing.publish(procedure, date(2026, 11, 20), actor)
    assert procedure.title == "Tên mới"
    editing.restore_revision(procedure, editing.revision_of(procedure, 1), actor)
    editing.publish(procedure, date(2026, 11, 23), actor)
    assert procedure.title == "Chứng thực chữ ký" and [d.name for d in procedure.documents] == ["Bản gốc"]
    assert procedure.is_published and procedure.effective_date == date(2026, 11, 23)


def test_revision_pages_and_restore_through_the_browser(client, make):
    """An editor lists revisions, opens one and restores it; the public page shows the restored title."""
    ward = make.ward()
    editor = make_staff(ward, "editor", full_name="Phạm Thu Trang")
    actor = editing.Actor(editor, "127.0.0.1", NOW)
    procedure, _rev = editing.save_procedure(ward, None, VALUES, [{"name": "Bản gốc"}], actor)
    editing.publish(procedure, date(2026, 1, 1), actor)
    editing.save_procedure(ward, procedure, dict(VALUES, title="Tên sai"), [{"name": "Bản gốc"}], actor)
    settle(procedure)
    login(client, editor.email)
    with client.application.test_request_context():
        listing = url_for("staff.revisions", ward_slug=ward.slug, procedure_id=procedure.id)
        one = url_for("staff.revision", ward_slug=ward.slug, procedure_id=procedure.id, number=1)
        restore = url_for("staff.restore_revision", ward_slug=ward.slug, procedure_id=procedure.id, number=1)
        missing = url_for("staff.revision", ward_slug=ward.slug, procedure_id=procedure.id, number=99)
    page = client.get(listing)
    assert page.status_code == 200 and "Tạo mới" in page.text and "Công bố" in page.text
    assert "Tên thủ tục" in page.text and "Phạm Thu Trang" in page.text
    assert "Chứng thực chữ ký" in client.get(one).text
    assert client.get(missing).status_code == 404
    assert client.post(restore).status_code == 302
    count = db.session.scalar(db.select(db.func.count()).select_from(ProcedureRevision)
                              .where(ProcedureRevision.procedure_id == procedure.id))
    assert count == 4


def test_snapshot_lets_dossiers_keep_their_version(actor):
    """The snapshot holds what a dossier needs to remember the guide it was received under."""
    ward = actor.staff.memberships[0].ward
    procedure, _rev = editing.save_procedure(ward, None, VALUES, [{"name": "Tờ khai", "copies": 2}], actor)
    data = editing.snapshot(procedure)
    assert data["documents"] == [{"name": "Tờ khai", "original": True, "copies": 2, "note": "", "condition": "",
                                  "optional": False}]
    assert editing.current_revision_number(procedure) == 1
    assert db.session.get(Procedure, procedure.id).is_published is False
