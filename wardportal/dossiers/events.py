"""The dossiers' session listeners: working days kept up to date, row locks forgotten with the transaction."""

from sqlalchemy.orm import Session

from wardportal.dossiers import processing_time, workflow_locks
from wardportal.kernel.hooks import listen


def register(_app) -> None:
    listen(Session, "before_flush", processing_time.keep_processing_days)
    listen(Session, "after_transaction_end", workflow_locks.forget_locks)
