"""How the result reaches the applicant: at the counter, by post (with the post's tracking number), or online.

The choice is made when applying; the desk records the posting, and an online result counts as returned
when its applicant first downloads it from the tracking page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from wardportal.dossiers import workflow
from wardportal.dossiers.models import Dossier
from wardportal.dossiers.status import DossierStatus
from wardportal.kernel.times import now_utc
from wardportal.payments import ledger
from wardportal.payments.models import DossierDelivery
from wardportal.staff import audit
from wardportal.staff.models import StaffUser

MAX_TRACKING = 60


class DeliveryRefused(ledger.PaymentRefused):
    """A delivery step that cannot be recorded."""


@dataclass(frozen=True)
class DeliveryState:
    """Where the result is on its way, for the tracking timeline."""

    method: str
    state: str  # waiting | at_desk | posted | downloadable | collected | downloaded
    postal_address: str = ""
    postage: int = 0
    postal_tracking: str = ""
    moment: datetime | None = None


def postage_for(ward) -> int:
    """What the ward charges for posting a result (0 when not set)."""
    account = ledger.payment_account(ward)
    return account.postage if account is not None else 0


def attach_delivery(dossier: Dossier, method: str, postal_address: str) -> None:
    """Keep the postal address and the postage in force for a new dossier delivered by post."""
    if method == "post":
        dossier.delivery = DossierDelivery(postal_address=" ".join(postal_address.split())[:500],
                                           postage=postage_for(dossier.ward))


def record_posting(dossier: Dossier, officer: StaffUser, *, tracking_number: str, ip_address: str,
                   now: datetime | None = None):
    """The result went out by post with this tracking number: the dossier is returned (status 10)."""
    now = now or now_utc()
    number = " ".join((tracking_number or "").split()).upper()
    if dossier.delivery_method != "post":
        raise DeliveryRefused(_l("Người nộp không chọn nhận kết quả qua bưu điện."))
    if not number or len(number) > MAX_TRACKING:
        raise DeliveryRefused(_l("Nhập số hiệu bưu gửi (tối đa 60 ký tự)."))
    delivery = dossier.delivery or DossierDelivery(postal_address=dossier.applicant_address)
    dossier.delivery = delivery
    delivery.postal_tracking, delivery.posted_at = number, now
    audit.record("delivery.posted", officer, ip_address, now, ward=dossier.ward, target=dossier.code)
    return workflow.return_result(dossier, officer, now=now,
                                  public_note=f"Đã gửi kết quả qua bưu điện, số hiệu bưu gửi {number}.")


def record_download(dossier: Dossier, now: datetime | None = None) -> bool:
    """The applicant downloaded the online result: the first time, the dossier counts as returned."""
    if dossier.delivery_method != "online" or dossier.status != DossierStatus.READY:
        return False
    now = now or now_utc()
    delivery = dossier.delivery or DossierDelivery()
    dossier.delivery = delivery
    delivery.downloaded_at = now
    workflow.return_result(dossier, None, now=now, public_note="Người nộp đã tải kết quả trực tuyến.")
    return True


def delivery_state(dossier: Dossier) -> DeliveryState:
    """Where the result is, as the applicant reads it."""
    delivery = dossier.delivery
    address = delivery.postal_address if delivery else ""
    postage = delivery.postage if delivery else 0
    status = DossierStatus(dossier.status)
    method = dossier.delivery_method
    if status == DossierStatus.RETURNED:
        if method == "post" and delivery and delivery.postal_tracking:
            return DeliveryState(method, "posted", address, postage, delivery.postal_tracking, delivery.posted_at)
        if method == "online":
            return DeliveryState(method, "downloaded", moment=delivery.downloaded_at if delivery else None)
        return DeliveryState(method, "collected", address, postage, moment=dossier.returned_at)
    if status == DossierStatus.READY:
        return DeliveryState(method, "downloadable" if method == "online" else "at_desk", address, postage)
    return DeliveryState(method, "waiting", address, postage)

