"""The national dossier status codes and the allowed transitions between them."""

import itertools

import pytest

from wardportal.dossiers.status import (TRANSITIONS, DossierAction, DossierStatus, TransitionNotAllowed,
    allowed_actions, next_status)

# Written out independently of the module: (current code, action) → new code.
EXPECTED = {
    (1, "receive"): 2,
    (1, "refuse"): 3,
    (2, "start_processing"): 4,
    (2, "request_documents"): 5,
    (4, "request_documents"): 5,
    (5, "documents_supplied"): 4,
    (4, "request_fees"): 6,
    (6, "fees_paid"): 4,
    (1, "withdraw"): 7,
    (2, "withdraw"): 7,
    (4, "withdraw"): 7,
    (5, "withdraw"): 7,
    (6, "withdraw"): 7,
    (4, "stop"): 8,
    (5, "stop"): 8,
    (6, "stop"): 8,
    (4, "mark_ready"): 9,
    (9, "return_result"): 10,
}

ALL_PAIRS = list(itertools.product(DossierStatus, DossierAction))
REFUSED = [(s, a) for s, a in ALL_PAIRS if (s.value, a.value) not in EXPECTED]


def test_codes_are_the_national_set():
    """Statuses are exactly the codes 1..10 and compare equal to the stored integers."""
    assert [s.value for s in DossierStatus] == list(range(1, 11))
    assert DossierStatus(5) == 5 == DossierStatus.DOCUMENTS_REQUESTED


def test_every_status_has_both_labels():
    """Each status has a Vietnamese and an English label."""
    assert DossierStatus.SUBMITTED.label_vi == "Mới đăng ký"
    assert DossierStatus.RETURNED.label_vi == "Đã trả kết quả"
    for status in DossierStatus:
        assert status.label_vi and status.label_en and status.label_vi != status.label_en


def test_every_action_has_a_vietnamese_label():
    """Buttons and history lines have Vietnamese wording."""
    assert all(action.label_vi for action in DossierAction)


def test_clock_runs_only_while_received_or_processing():
    """Working days are counted in statuses 2 and 4 only."""
    assert {s.value for s in DossierStatus if s.clock_runs} == {2, 4}


def test_paused_statuses_wait_for_the_applicant():
    """Statuses 5 and 6 stop the clock until the applicant acts."""
    assert {s.value for s in DossierStatus if s.is_paused} == {5, 6}


def test_final_statuses():
    """Not accepted, withdrawn, stopped and returned are final; they allow no action."""
    assert {s.value for s in DossierStatus if s.is_final} == {3, 7, 8, 10}
    for status in DossierStatus:
        assert (allowed_actions(status) == ()) == status.is_final


@pytest.mark.parametrize("pair", sorted(EXPECTED), ids=lambda p: f"{p[0]}-{p[1]}")
def test_allowed_transition(pair):
    """Each allowed (status, action) leads to the expected status, by enum or by plain value."""
    code, action = pair
    assert next_status(DossierStatus(code), DossierAction(action)) is DossierStatus(EXPECTED[pair])
    assert next_status(code, action) is DossierStatus(EXPECTED[pair])


def test_transition_table_matches_expected():
    """The module's table holds exactly the expected transitions."""
    assert {(s.value, a.value): t.value for (s, a), t in TRANSITIONS.items()} == EXPECTED


@pytest.mark.parametrize("status, action", REFUSED, ids=lambda v: str(getattr(v, "value", v)))
def test_every_other_pair_is_refused(status, action):
    """Every (status, action) not in the table raises TransitionNotAllowed naming both."""
    with pytest.raises(TransitionNotAllowed) as caught:
        next_status(status, action)
    assert caught.value.current is status and caught.value.action is action
    assert action.value in str(caught.value) and f"status {status.value} (" in str(caught.value)


def test_refused_count_covers_the_whole_grid():
    """10 statuses × 11 actions, 18 allowed: 92 refused pairs are checked above."""
    assert len(ALL_PAIRS) == 110 and len(REFUSED) == 92


@pytest.mark.parametrize("status, action", [(4, "approve"), (11, "receive"), (0, "withdraw"), ("4", "stop")])
def test_unknown_status_or_action_is_refused(status, action):
    """Unknown codes and action names are refused the same way, and are ValueErrors."""
    with pytest.raises(TransitionNotAllowed, match=repr(action)):
        next_status(status, action)
    with pytest.raises(ValueError):
        next_status(status, action)


def test_allowed_actions_follow_the_table():
    """allowed_actions lists exactly the actions next_status accepts."""
    for status in DossierStatus:
        expected = {a for (code, a) in EXPECTED if code == status.value}
        assert {a.value for a in allowed_actions(status)} == expected


def test_every_status_is_reachable_from_submission():
    """A walk of the table from status 1 reaches all ten codes, and every non-final one can end."""
    reached, frontier = {DossierStatus.SUBMITTED}, [DossierStatus.SUBMITTED]
    while frontier:
        status = frontier.pop()
        for action in allowed_actions(status):
            target = next_status(status, action)
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(DossierStatus)


def test_documents_then_fees_round_trip():
    """A dossier can ask for documents, then fees, and still be returned."""
    status = DossierStatus.SUBMITTED
    for action in ["receive", "request_documents", "documents_supplied", "request_fees", "fees_paid",
                   "mark_ready", "return_result"]:
        status = next_status(status, action)
    assert status is DossierStatus.RETURNED and status.is_final
