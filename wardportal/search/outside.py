"""Services the ward does not handle: when a query names one better than any ward guide, say so first.

Residents ask the ward's search for ID cards, passports, criminal records, driving licences; since the 2025
reforms other agencies handle them (catalogue.models.OutsideService). Their names are rarely words of any
ward guide, so the engine's vocabulary cannot match them: they are matched here, phrase by phrase, on the
same folded words (typing styles decoded) the planner reads.
"""

from dataclasses import dataclass

from sqlalchemy import select

from wardportal.catalogue.models import OutsideService
from wardportal.kernel.extensions import db
from wardportal.search.folding import words
from wardportal.search.phone_typing import read_typed
from wardportal.staff import audit
from wardportal.staff.models import Ward

# What an editor fills in for one service (the import format's "outside_services" keys).
OUTSIDE_FIELDS = ("code", "title", "title_en", "handled_by", "where", "url", "keywords")


@dataclass
class OutsideAnswer:
    """The service a query names, and the words of it the query used (for the report and the page)."""

    service: OutsideService
    phrase: tuple[str, ...]


def _phrases(service: OutsideService) -> list[tuple[str, ...]]:
    """The folded phrases that name a service: its titles and each of its keywords."""
    texts = [service.title, service.title_en or "", *(service.keywords or "").split(";")]
    return [tuple(words(text)) for text in texts if words(text)]


def _contains(sequence: list[str], phrase: tuple[str, ...]) -> bool:
    """Whether `phrase` occurs in `sequence` as consecutive words."""
    size = len(phrase)
    return any(tuple(sequence[i:i + size]) == phrase for i in range(len(sequence) - size + 1))


def best_outside_service(services: list[OutsideService], q: str) -> OutsideAnswer | None:
    """The service whose longest phrase the query contains (most words first), or None."""
    typed = read_typed(q)
    best = None
    for service in services:
        for phrase in _phrases(service):
            if _contains(typed, phrase) and (best is None or len(phrase) > len(best.phrase)):
                best = OutsideAnswer(service, phrase)
    return best


def outside_answer(ward_id: int, q: str, top_title: str | None) -> OutsideAnswer | None:
    """The outside service to name first for `q` in this ward, unless the best ward guide's title names
    it as fully (a ward that still registers residence keeps its own guide first)."""
    services = list(db.session.scalars(select(OutsideService).where(OutsideService.ward_id == ward_id)
                                       .order_by(OutsideService.id)))
    if not services:
        return None
    answer = best_outside_service(services, q)
    if answer is None:
        return None
    if top_title is not None and set(answer.phrase) <= set(words(top_title)):
        return None
    return answer


def list_outside_services(ward_id: int) -> list[OutsideService]:
    """The ward's outside services, by title, for the editors' page."""
    return list(db.session.scalars(select(OutsideService).where(OutsideService.ward_id == ward_id)
                                   .order_by(OutsideService.title)))


def save_outside_service(ward: Ward, values: dict, actor, ip_address: str, now) -> OutsideService:
    """Add a service another agency handles; ValueError when the ward already has its code."""
    values = {key: " ".join(str(values.get(key) or "").split()) if key != "where" else str(values.get(key) or "").strip()
              for key in OUTSIDE_FIELDS}
    taken = db.session.scalar(select(OutsideService.id).where(OutsideService.ward_id == ward.id,
                                                               OutsideService.code == values["code"]))
    if taken is not None:
        raise ValueError("duplicate")
    service = OutsideService(ward_id=ward.id, **values)
    db.session.add(service)
    audit.record("search.outside_added", actor, ip_address, now, ward=ward, target=values["title"])
    db.session.commit()
    return service


def remove_outside_service(ward: Ward, service_id: int, actor, ip_address: str, now) -> bool:
    """Forget one of the ward's outside services; False when it is not this ward's."""
    service = db.session.get(OutsideService, service_id)
    if service is None or service.ward_id != ward.id:
        return False
    audit.record("search.outside_removed", actor, ip_address, now, ward=ward, target=service.title)
    db.session.delete(service)
    db.session.commit()
    return True
