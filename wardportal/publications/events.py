"""Publications' receivers: documents waiting for a leader's signature share the leaders' approval queue."""

from wardportal.approvals.signals import leader_queue_sections
from wardportal.kernel.hooks import receive
from wardportal.publications.approval import waiting_documents


def documents_to_sign(_sender, *, ward) -> dict:
    """The approval queue's section of documents waiting for a leader's signature."""
    return {"documents": waiting_documents(ward)}


def register(_app) -> None:
    receive(leader_queue_sections, documents_to_sign)
