"""Errors and row locks of the workflow steps: one officer at a time per dossier, on every engine.

Every step of workflow.py runs through `locked`, which takes the dossier's row lock before the step reads
anything, so two officers acting on one dossier at once are serialised and the slower one is told who
changed it; a deadline that needs a year without holiday data becomes a clear refusal.
"""

import functools

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from wardportal.dossiers.models import DocumentRequest, Dossier, DossierEvent, MissingDocument
from wardportal.kernel.extensions import db
from wardportal.kernel.working_days import MissingHolidayData


class WorkflowError(ValueError):
    """A step refused for a reason other than the status: bad input, already rated, not late, ..."""


class DossierChanged(WorkflowError):
    """Someone else changed the dossier's status between the page being shown and this step."""

    def __init__(self, by: str):
        super().__init__(_l("Hồ sơ này vừa được %(name)s thay đổi; hãy xem lại hồ sơ trước khi thao tác.",
                            name=by))
        self.by = by


_LOCKED = "wardportal.locked_dossiers"


def lock_dossier(dossier: Dossier) -> None:
    """Lock the dossier row until the transaction ends and make sure its status is still the one read.

    Every step calls this first (through `locked`), so two officers acting on one dossier at once are
    serialised: on PostgreSQL ``SELECT … FOR UPDATE`` makes the second wait for the first to commit, then
    it sees the new status and is refused with who changed it; on SQLite the write transaction (BEGIN
    IMMEDIATE) already serialises them.
    """
    locked = db.session.info.setdefault(_LOCKED, set())
    if dossier.id in locked:
        return
    seen = dossier.status
    db.session.flush()
    db.session.refresh(dossier, attribute_names=["status"], with_for_update=True)
    locked.add(dossier.id)
    # Requests for documents and their items are read again after the lock: a concurrent supplement
    # may have filled one in.
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, (DocumentRequest, MissingDocument)):
            db.session.expire(obj)
    if dossier.status != seen:
        raise DossierChanged(_last_actor(dossier))


def _last_actor(dossier: Dossier) -> str:
    """Who made the dossier's latest change, for the message the slower officer gets."""
    last = db.session.scalar(db.select(DossierEvent).where(DossierEvent.dossier_id == dossier.id)
                             .order_by(DossierEvent.id.desc()).limit(1))
    if last is not None and last.officer is not None:
        return last.officer.full_name
    return str(_l("người nộp hồ sơ")) if last is not None else str(_l("một cán bộ khác"))


def locked(step):
    """Run a workflow step on a locked, current dossier row."""
    @functools.wraps(step)
    def run(dossier, *args, **kwargs):
        lock_dossier(dossier)
        try:
            return step(dossier, *args, **kwargs)
        except MissingHolidayData as missing:
            # never count an unknown year's holidays as working days: refuse, and say what is missing
            raise WorkflowError(_l("Chưa có dữ liệu ngày nghỉ lễ năm %(year)s nên chưa tính được hạn giải "
                                   "quyết; quản trị viên cần bổ sung tệp holidays.json.",
                                   year=missing.year)) from missing
    return run


def forget_locks(session: Session, transaction) -> None:
    """Row locks end with the transaction."""
    if transaction.parent is None:
        session.info.pop(_LOCKED, None)
