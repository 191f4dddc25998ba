"""Publications' receivers: documents waiting for a leader's signature share the leaders' approval queue, and
matching notices, news and documents join a ward's search results."""

from wardportal.approvals.signals import leader_queue_sections
from wardportal.kernel.hooks import receive
from wardportal.kernel.times import now_utc
from wardportal.publications.approval import waiting_documents
from wardportal.publications.search import search_publications
from wardportal.search.signals import results_sections


def documents_to_sign(_sender, *, ward) -> dict:
    """The approval queue's section of documents waiting for a leader's signature."""
    return {"documents": waiting_documents(ward)}


def search_section(_sender, *, ward, query) -> dict:
    """The search results page's section of matching notices, news and documents, grouped by kind."""
    return {"publication_groups": search_publications(ward, query, now_utc())}


def register(_app) -> None:
    receive(leader_queue_sections, documents_to_sign)
    receive(results_sections, search_section)
