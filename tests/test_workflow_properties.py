"""Property test: random sequences of steps never leave a dossier in an invalid state or lose an event."""

from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wardportal.dossiers import workflow
from wardportal.dossiers.models import Dossier, DossierEvent
from wardportal.dossiers.status import TRANSITIONS, DossierAction, DossierStatus, TransitionNotAllowed
from wardportal.dossiers.workflow import WorkflowError
from wardportal.kernel.extensions import db
from wardportal.kernel.working_days import current_calendar

from .staff_factories import make_staff
from .test_workflow import STEPS, signed_result, ward  # noqa: F401  (fixtures: a pre-signed result PDF)
from .workflow_factories import make_dossier

START = datetime(2026, 12, 28, 2, 0, tzinfo=timezone.utc)  # across the new year, with its holiday
EXTRA = ("assign", "apologise", "rate")
step = st.tuples(st.sampled_from([*DossierAction, *EXTRA]), st.integers(min_value=0, max_value=72))


def run_extra(name, dossier, officer, now):
    """The steps that do not change the status."""
    if name == "assign":
        return workflow.assign(dossier, officer, officer, now=now)
    if name == "apologise":
        promised = dossier.new_appointment_date or dossier.due_date or now.date()
        new_date = current_calendar().add_working_days(max(promised, now.date()), 2)
        return workflow.apologise(dossier, officer, new_date=new_date, reason="Chờ xác minh", now=now)
    return workflow.rate(dossier, score=3, now=now)


def check_invariants(dossier: Dossier, expected_events: int):
    """What must hold after any sequence of steps."""
    db.session.expire_all()
    dossier = db.session.get(Dossier, dossier.id)
    status = DossierStatus(dossier.status)
    events = db.session.scalars(db.select(DossierEvent).where(DossierEvent.dossier_id == dossier.id)
                                .order_by(DossierEvent.id)).all()
    assert len(events) == expected_events
    assert all(later.at >= earlier.at for earlier, later in zip(events, events[1:]))
    if events:
        assert events[-1].status == status  # the history ends where the dossier is
    open_pauses = [p for p in dossier.pauses if p.resumed_on is None]
    assert len(open_pauses) == (1 if status.is_paused else 0)
    for earlier, later in zip(dossier.pauses, dossier.pauses[1:]):
        assert earlier.resumed_on <= later.stopped_on
    received = status not in (DossierStatus.SUBMITTED, DossierStatus.NOT_ACCEPTED) and any(
        e.action == "receive" for e in events)
    assert (dossier.received_at is not None) == received == (dossier.due_date is not None)
    assert (dossier.result_ready_at is not None) == any(e.action == "mark_ready" for e in events)
    assert (dossier.rating is not None) == any(e.action == "rate" for e in events)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, max_size=12))
def test_random_steps_keep_the_dossier_valid_and_every_event(make, steps):
    ward = make.ward()
    officer = make_staff(ward, "officer")
    dossier = make_dossier(ward)
    now, recorded = START, 0
    for name, hours in steps:
        now += timedelta(hours=hours)
        before = dossier.status
        try:
            if name in EXTRA:
                run_extra(name, dossier, officer, now)
            else:
                STEPS[DossierAction(name)](dossier, officer, now)
        except (TransitionNotAllowed, WorkflowError):
            db.session.rollback()
            assert name in EXTRA or (DossierStatus(before), DossierAction(name)) not in TRANSITIONS
            assert db.session.get(Dossier, dossier.id).status == before
            continue
        recorded += 1
        if name not in EXTRA:
            assert dossier.status == TRANSITIONS[(DossierStatus(before), DossierAction(name))]
        check_invariants(dossier, recorded)
    check_invariants(dossier, recorded)
