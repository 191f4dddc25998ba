"""The kernel's session listeners: files written in a transaction stay only if it commits."""

from sqlalchemy.orm import Session

from wardportal.kernel import file_storage
from wardportal.kernel.hooks import listen


def register(_app) -> None:
    listen(Session, "after_commit", file_storage.keep_committed_files)
    listen(Session, "after_transaction_end", file_storage.delete_uncommitted_files)
