"""The national dossier status code set (1–10) and the transitions the one-stop workflow allows.

Codes follow the set used by the national portal and provincial one-stop systems (see domain.md), so
figures and any exchange with provincial systems line up. This module knows no database: the workflow
calls `next_status` and records the event.

Decisions:
- `documents_supplied` always leads to 4 (in processing), also when the documents were requested at
  receipt (2 → 5): the dossier was already validly received, and the clock resumes from the
  resubmission (see working_days.py), so there is nothing left to "receive" again.
- The clock runs only in 2 (received) and 4 (in processing). It stops in 5 (waiting for documents)
  and 6 (waiting for the applicant's fees or taxes, which by practice is not counted against the
  office), and is over in the other statuses.
- 3 (not accepted), 7 (withdrawn), 8 (stopped) and 10 (result returned) are final.
"""

from enum import IntEnum, StrEnum
from types import MappingProxyType
from typing import NamedTuple


class DossierStatus(IntEnum):
    """A dossier's status, stored as its national code."""

    SUBMITTED = 1
    RECEIVED = 2
    NOT_ACCEPTED = 3
    PROCESSING = 4
    DOCUMENTS_REQUESTED = 5
    FEES_REQUESTED = 6
    WITHDRAWN = 7
    STOPPED = 8
    READY = 9
    RETURNED = 10

    @property
    def label_vi(self) -> str:
        """The Vietnamese name shown to citizens and staff."""
        return _STATUS_INFO[self].label_vi

    @property
    def label_en(self) -> str:
        """The English name."""
        return _STATUS_INFO[self].label_en

    @property
    def clock_runs(self) -> bool:
        """Whether processing working days are being counted in this status."""
        return _STATUS_INFO[self].clock_runs

    @property
    def is_paused(self) -> bool:
        """Whether the clock is stopped waiting for the applicant (a pause must be recorded)."""
        return self in (DossierStatus.DOCUMENTS_REQUESTED, DossierStatus.FEES_REQUESTED)

    @property
    def is_final(self) -> bool:
        """Whether no further action is possible."""
        return _STATUS_INFO[self].is_final


class _StatusInfo(NamedTuple):
    label_vi: str
    label_en: str
    clock_runs: bool
    is_final: bool


_STATUS_INFO = {
    DossierStatus.SUBMITTED: _StatusInfo("Mới đăng ký", "Newly submitted", False, False),
    DossierStatus.RECEIVED: _StatusInfo("Được tiếp nhận", "Received", True, False),
    DossierStatus.NOT_ACCEPTED: _StatusInfo("Không được tiếp nhận", "Not accepted", False, True),
    DossierStatus.PROCESSING: _StatusInfo("Đang xử lý", "In processing", True, False),
    DossierStatus.DOCUMENTS_REQUESTED: _StatusInfo("Yêu cầu bổ sung giấy tờ", "More documents requested",
                                                   False, False),
    DossierStatus.FEES_REQUESTED: _StatusInfo("Yêu cầu thực hiện nghĩa vụ tài chính", "Fees or taxes to pay",
                                              False, False),
    DossierStatus.WITHDRAWN: _StatusInfo("Công dân yêu cầu rút hồ sơ", "Withdrawn by the applicant", False, True),
    DossierStatus.STOPPED: _StatusInfo("Dừng xử lý", "Processing stopped", False, True),
    DossierStatus.READY: _StatusInfo("Đã xử lý xong", "Processed, result at the desk", False, False),
    DossierStatus.RETURNED: _StatusInfo("Đã trả kết quả", "Result returned", False, True),
}


class DossierAction(StrEnum):
    """Something an officer (or the applicant, for withdraw and documents_supplied) does to a dossier."""

    RECEIVE = "receive"
    REFUSE = "refuse"
    START_PROCESSING = "start_processing"
    REQUEST_DOCUMENTS = "request_documents"
    DOCUMENTS_SUPPLIED = "documents_supplied"
    REQUEST_FEES = "request_fees"
    FEES_PAID = "fees_paid"
    WITHDRAW = "withdraw"
    STOP = "stop"
    MARK_READY = "mark_ready"
    RETURN_RESULT = "return_result"

    @property
    def label_vi(self) -> str:
        """The Vietnamese wording for a button or a history line."""
        return _ACTION_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """The English wording for a button or a history line."""
        return _ACTION_LABELS[self][1]


_ACTION_LABELS = {
    DossierAction.RECEIVE: ("Tiếp nhận hồ sơ", "Application received"),
    DossierAction.REFUSE: ("Từ chối tiếp nhận", "Application not accepted"),
    DossierAction.START_PROCESSING: ("Chuyển xử lý", "Processing started"),
    DossierAction.REQUEST_DOCUMENTS: ("Yêu cầu bổ sung, hoàn thiện hồ sơ", "More documents requested"),
    DossierAction.DOCUMENTS_SUPPLIED: ("Đã bổ sung hồ sơ", "Documents supplied"),
    DossierAction.REQUEST_FEES: ("Yêu cầu thực hiện nghĩa vụ tài chính", "Fees requested"),
    DossierAction.FEES_PAID: ("Đã thực hiện nghĩa vụ tài chính", "Fees paid"),
    DossierAction.WITHDRAW: ("Rút hồ sơ", "Application withdrawn"),
    DossierAction.STOP: ("Dừng xử lý", "Processing stopped"),
    DossierAction.MARK_READY: ("Hoàn thành xử lý", "Result ready"),
    DossierAction.RETURN_RESULT: ("Trả kết quả", "Result returned"),
}

_S, _A = DossierStatus, DossierAction
TRANSITIONS = MappingProxyType({
    (_S.SUBMITTED, _A.RECEIVE): _S.RECEIVED,
    (_S.SUBMITTED, _A.REFUSE): _S.NOT_ACCEPTED,
    (_S.RECEIVED, _A.START_PROCESSING): _S.PROCESSING,
    (_S.RECEIVED, _A.REQUEST_DOCUMENTS): _S.DOCUMENTS_REQUESTED,
    (_S.PROCESSING, _A.REQUEST_DOCUMENTS): _S.DOCUMENTS_REQUESTED,
    (_S.DOCUMENTS_REQUESTED, _A.DOCUMENTS_SUPPLIED): _S.PROCESSING,
    (_S.PROCESSING, _A.REQUEST_FEES): _S.FEES_REQUESTED,
    (_S.FEES_REQUESTED, _A.FEES_PAID): _S.PROCESSING,
    (_S.SUBMITTED, _A.WITHDRAW): _S.WITHDRAWN,
    (_S.RECEIVED, _A.WITHDRAW): _S.WITHDRAWN,
    (_S.PROCESSING, _A.WITHDRAW): _S.WITHDRAWN,
    (_S.DOCUMENTS_REQUESTED, _A.WITHDRAW): _S.WITHDRAWN,
    (_S.FEES_REQUESTED, _A.WITHDRAW): _S.WITHDRAWN,
    (_S.PROCESSING, _A.STOP): _S.STOPPED,
    (_S.DOCUMENTS_REQUESTED, _A.STOP): _S.STOPPED,
    (_S.FEES_REQUESTED, _A.STOP): _S.STOPPED,
    (_S.PROCESSING, _A.MARK_READY): _S.READY,
    (_S.READY, _A.RETURN_RESULT): _S.RETURNED,
})
"""(current status, action) → new status, for every allowed transition and nothing else."""


class TransitionNotAllowed(ValueError):
    """An action that the dossier's current status does not allow."""

    def __init__(self, current: object, action: object):
        """Keep the refused pair so callers can report it."""
        self.current = current
        self.action = action
        super().__init__(f"action {str(action)!r} is not allowed on a dossier in status {_describe(current)}")


def _describe(status: object) -> str:
    """Render a status as '4 (Đang xử lý)' when it is a known code."""
    try:
        status = DossierStatus(status)
    except ValueError:
        return repr(status)
    return f"{status.value} ({status.label_vi})"


def next_status(current: DossierStatus | int, action: DossierAction | str) -> DossierStatus:
    """The status a dossier moves to when `action` is taken in `current`, or TransitionNotAllowed."""
    try:
        key = (DossierStatus(current), DossierAction(action))
    except ValueError:
        raise TransitionNotAllowed(current, action) from None
    if key not in TRANSITIONS:
        raise TransitionNotAllowed(current, action)
    return TRANSITIONS[key]


def allowed_actions(current: DossierStatus | int) -> tuple[DossierAction, ...]:
    """The actions possible in `current`, in the order buttons should appear."""
    status = DossierStatus(current)
    return tuple(action for action in DossierAction if (status, action) in TRANSITIONS)
