"""Search follows the catalogue: every flush that touches a guide is logged for the index followers, and
the catalogue's signals bring this server's index up to date."""

from sqlalchemy.orm import Session

from wardportal.catalogue.signals import procedures_changed, procedures_deleted
from wardportal.kernel.hooks import listen, receive
from wardportal.search import catalogue_index, index_sync


def register(_app) -> None:
    listen(Session, "after_flush", index_sync.log_catalogue_changes)
    listen(Session, "after_transaction_end", index_sync.forget_lock)
    receive(procedures_changed, catalogue_index.on_procedures_changed)
    receive(procedures_deleted, catalogue_index.on_procedures_deleted)
