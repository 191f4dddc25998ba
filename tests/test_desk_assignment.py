"""Issue 27: the officer who receives a dossier holds it; only a lead (ward admin) takes it from them.

Also the queue tabs' counts and the counter payment date (Vietnam's day, not UTC's).
"""

from datetime import datetime, timezone

import pytest

from wardportal.dossiers import workflow
from wardportal.dossiers.workflow import WorkflowError
from wardportal.kernel import times

from .staff_factories import login, make_staff
from .workflow_factories import client, make_dossier  # noqa: F401  (client fixture)


@pytest.fixture
def ward(make):
    return make.ward(slug="phuong-mot")


def test_receiving_assigns_the_receiving_officer(ward):
    officer = make_staff(ward, "officer", full_name="Lê Thị Hoa")
    dossier = make_dossier(ward)
    workflow.receive(dossier, officer)
    assert dossier.assigned_officer_id == officer.id


def test_processing_an_unassigned_dossier_assigns_the_officer_but_keeps_an_assignment(ward):
    first, second = make_staff(ward, "officer"), make_staff(ward, "officer")
    unassigned = make_dossier(ward)
    workflow.receive(unassigned, None)  # received by the system (no officer)
    workflow.start_processing(unassigned, second)
    assert unassigned.assigned_officer_id == second.id
    held = make_dossier(ward)
    workflow.receive(held, first)
    workflow.start_processing(held, second)
    assert held.assigned_officer_id == first.id


def test_only_the_holder_or_a_lead_reassigns(ward):
    holder, colleague = make_staff(ward, "officer"), make_staff(ward, "officer")
    lead = make_staff(ward, "admin")
    dossier = make_dossier(ward)
    workflow.receive(dossier, holder)
    assert not workflow.may_assign(dossier, colleague)
    with pytest.raises(WorkflowError):
        workflow.assign(dossier, colleague, colleague)
    workflow.assign(dossier, lead, colleague)
    assert dossier.assigned_officer_id == colleague.id
    workflow.assign(dossier, colleague, holder)  # the holder passes it back
    assert dossier.assigned_officer_id == holder.id


def test_the_assign_form_shows_only_to_who_may_use_it(client, ward):
    holder, colleague = make_staff(ward, "officer"), make_staff(ward, "officer")
    dossier = make_dossier(ward)
    workflow.receive(dossier, holder)
    login(client, colleague.email)
    page = client.get(f"/phuong-mot/can-bo/ho-so/{dossier.id}").get_data(as_text=True)
    assert 'id="action-assign"' not in page
    assert client.post(f"/phuong-mot/can-bo/ho-so/{dossier.id}/xu-ly/assign",
                       data={"assign-assignee": str(colleague.id)}).status_code == 400
    assert dossier.assigned_officer_id == holder.id


def test_queue_tabs_count_open_dossiers_and_mine(client, ward):
    me, other = make_staff(ward, "officer"), make_staff(ward, "officer")
    for officer in (me, me, other):
        workflow.receive(make_dossier(ward), officer)
    make_dossier(ward)
    login(client, me.email)
    page = client.get("/phuong-mot/can-bo/ho-so/cua-toi").get_data(as_text=True)
    assert "Của tôi <span" in page
    assert page.count('class="count"') >= 2
    tabs = page[page.index('class="desk-nav"'):page.index("</nav>", page.index('class="desk-nav"'))]
    counts = [chunk.split("</span>")[0].rsplit(">", 1)[1] for chunk in tabs.split('class="count"')[1:3]]
    assert counts == ["4", "2"]
    assert page.count('<tr class="timing-') == 2


def test_counter_payment_date_is_vietnams_day(client, ward, monkeypatch):
    """At 20:00 UTC on 1 March it is already 2 March in Vietnam: the form proposes 2 March."""
    officer = make_staff(ward, "officer")
    dossier = make_dossier(ward)
    workflow.receive(dossier, officer)
    workflow.start_processing(dossier, officer)
    monkeypatch.setattr(times, "now_utc", lambda: datetime(2027, 3, 1, 20, 0, tzinfo=timezone.utc))
    login(client, officer.email)
    asked = make_dossier(ward, status=6)  # fees requested: the dossier page's "fees paid" form
    for path in (f"/phuong-mot/can-bo/ho-so/{dossier.id}/le-phi", f"/phuong-mot/can-bo/ho-so/{asked.id}"):
        page = client.get(path).get_data(as_text=True)
        assert 'value="2027-03-02"' in page and 'value="2027-03-01"' not in page, path
