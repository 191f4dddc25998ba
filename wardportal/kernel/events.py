"""The kernel's session listeners and signal receivers: files written in a transaction stay only if it
commits; every request is counted for /metrics."""

from flask import request_finished, request_started
from sqlalchemy.orm import Session

from wardportal.kernel import file_storage, metrics
from wardportal.kernel.hooks import listen, receive


def register(_app) -> None:
    listen(Session, "after_commit", file_storage.keep_committed_files)
    listen(Session, "after_transaction_end", file_storage.delete_uncommitted_files)
    receive(request_started, metrics.request_began)
    receive(request_finished, metrics.request_ended)
