"""Online payment gateways: a redirect to the provider's page and a signed callback that settles the payment.

A province plugs its provider in with ``PAYMENT_GATEWAY = "package.module:Class"`` (constructed with the
app config) without touching the workflow: the portal only calls `checkout_url` and `parse_callback`.
`HmacRedirectGateway` implements the common shape of Vietnamese gateways — query parameters signed with
HMAC-SHA256 over the sorted ``key=value`` pairs with a shared secret — and is what the test suite drives
against a provider running on loopback.

Money invariants: one open order per bill (pressing "pay" again reuses it; a new order only when the amount
owed changed or the old one is older than ORDER_LIFETIME), and a callback settles an order once, re-checking
under the dossier's row lock what is still owed: money the dossier does not owe — a second order, a dossier
paid or closed meanwhile — is acknowledged to the provider (it has the money) and held as an
UnappliedCredit for an officer to refund or apply.
"""

from __future__ import annotations

import abc
import hashlib
import hmac
import importlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from wardportal.dossiers.models import Dossier
from wardportal.dossiers.status import DossierStatus
from wardportal.kernel.extensions import db
from wardportal.kernel.times import as_utc, local_day, now_utc
from wardportal.payments import credits, ledger
from wardportal.payments.models import GatewayPayment
from wardportal.staff import audit

# How long a pending order is offered again; after that "pay" opens a new one (providers expire theirs).
ORDER_LIFETIME = timedelta(minutes=30)


class InvalidCallback(ValueError):
    """A callback that is not from the provider, or does not match the order."""


@dataclass(frozen=True)
class GatewayOrder:
    """What the portal asks the provider to collect."""

    order_ref: str
    amount: int
    description: str


@dataclass(frozen=True)
class GatewayResult:
    """What the provider says happened, once its signature is checked."""

    order_ref: str
    amount: int
    paid: bool
    provider_reference: str


class PaymentGateway(abc.ABC):
    """What the portal needs from an online payment provider."""

    name = "gateway"

    @abc.abstractmethod
    def checkout_url(self, order: GatewayOrder, return_url: str) -> str:
        """Where to send the applicant to pay."""

    @abc.abstractmethod
    def parse_callback(self, params: dict[str, str]) -> GatewayResult:
        """Check a callback's signature and read it; raise InvalidCallback when it is not genuine."""


def _canonical(params: dict[str, str]) -> bytes:
    return "&".join(f"{k}={params[k]}" for k in sorted(params)).encode("utf-8")


def sign_params(params: dict[str, str], secret: str) -> str:
    """HMAC-SHA256 of the sorted parameters, hex."""
    return hmac.new(secret.encode("utf-8"), _canonical(params), hashlib.sha256).hexdigest()


class HmacRedirectGateway(PaymentGateway):
    """Redirect flow with HMAC-signed parameters both ways (PAYMENT_GATEWAY_URL, _MERCHANT, _SECRET)."""

    name = "hmac-redirect"

    def __init__(self, config):
        self.url = config["PAYMENT_GATEWAY_URL"]
        self.merchant = config["PAYMENT_GATEWAY_MERCHANT"]
        self.secret = config["PAYMENT_GATEWAY_SECRET"]
        if len(self.secret) < 16:
            raise ValueError("PAYMENT_GATEWAY_SECRET must have at least 16 characters")

    def checkout_url(self, order: GatewayOrder, return_url: str) -> str:
        params = {"merchant": self.merchant, "order_ref": order.order_ref, "amount": str(order.amount),
                  "description": order.description, "return_url": return_url}
        params["signature"] = sign_params(params, self.secret)
        return f"{self.url}?{urlencode(params)}"

    def parse_callback(self, params: dict[str, str]) -> GatewayResult:
        fields = {k: v for k, v in params.items() if k in ("merchant", "order_ref", "amount", "status", "txn")}
        given = params.get("signature", "")
        # As bytes: compare_digest refuses str with non-ASCII characters (a 500 instead of a refusal).
        if not hmac.compare_digest(sign_params(fields, self.secret).encode(), str(given).encode()):
            raise InvalidCallback("bad signature")
        if fields.get("merchant") != self.merchant:
            raise InvalidCallback("another merchant")
        try:
            amount = int(fields.get("amount", ""))
        except ValueError:
            raise InvalidCallback("bad amount") from None
        return GatewayResult(fields.get("order_ref", ""), amount, fields.get("status") == "paid",
                             fields.get("txn", "")[:120])


def configured_gateway(config) -> PaymentGateway | None:
    """The provider named by PAYMENT_GATEWAY ("module:Class"), or None when online payment is off."""
    spec = config.get("PAYMENT_GATEWAY")
    if not spec:
        return None
    module_name, _, class_name = spec.partition(":")
    return getattr(importlib.import_module(module_name), class_name)(config)


def start_payment(gateway: PaymentGateway, dossier: Dossier, return_url: str, now: datetime | None = None) -> str:
    """The provider's URL for the dossier's open order for what it still owes, opened if need be (commits).

    The dossier row is locked first, so two presses of "pay" at once queue and the second reuses the
    first's order: one open order per bill. An open order for another amount, or an old one, is marked
    expired (a late payment of it is still settled, or held for review, by `complete_payment`).
    """
    now = now or now_utc()
    outstanding = ledger.lock_for_payment(dossier)
    if ledger.fee_status(dossier).transfer is None:
        raise ledger.PaymentRefused(_l("Hồ sơ này hiện không có khoản phí cần nộp."))
    open_orders = list(db.session.scalars(select(GatewayPayment).where(
        GatewayPayment.dossier_id == dossier.id, GatewayPayment.status == "pending",
        GatewayPayment.provider == gateway.name).order_by(GatewayPayment.id.desc())))
    order = next((o for o in open_orders
                  if o.amount == outstanding and as_utc(o.created_at) > now - ORDER_LIFETIME), None)
    if order is None:
        for old in open_orders:
            old.status = "expired"
        order = GatewayPayment(dossier_id=dossier.id, order_ref=secrets.token_hex(12), amount=outstanding,
                               provider=gateway.name, created_at=now)
        db.session.add(order)
    db.session.commit()
    return gateway.checkout_url(GatewayOrder(order.order_ref, order.amount, f"Le phi ho so {dossier.code}"),
                                return_url)


def complete_payment(gateway: PaymentGateway, params: dict[str, str], ip_address: str,
                     now: datetime | None = None) -> GatewayPayment:
    """Settle an order from a genuine callback, once: a replayed callback changes nothing.

    Paid money the dossier still owes is recorded; money it does not owe (a second order, a dossier paid
    or closed meanwhile) is held for review with status "review" — never refused, because the provider
    already has it and only a person can give it back.
    """
    now = now or now_utc()
    result = gateway.parse_callback(params)
    order = db.session.scalar(select(GatewayPayment).where(GatewayPayment.order_ref == result.order_ref))
    if order is None or order.provider != gateway.name:
        raise InvalidCallback("unknown order")
    if result.amount != order.amount:
        raise InvalidCallback("amount differs from the order")
    dossier = order.dossier
    # Dossier first, then the order: the same lock order as start_payment, so the two never deadlock.
    outstanding = ledger.lock_for_payment(dossier)
    db.session.refresh(order, with_for_update=True)
    if order.status not in ("pending", "expired"):
        db.session.commit()
        return order
    order.completed_at, order.provider_reference = now, result.provider_reference
    if not result.paid:
        order.status = "failed"
        audit.record("payments.gateway_failed", None, ip_address, now, ward=dossier.ward,
                     target=dossier.code, details={"order": order.id})
        db.session.commit()
        return order
    reason = None
    if DossierStatus(dossier.status) not in ledger.PAYABLE:
        reason = "closed"
    elif order.amount > outstanding:
        settled_before = db.session.scalar(select(GatewayPayment.id).where(
            GatewayPayment.dossier_id == dossier.id, GatewayPayment.id != order.id,
            GatewayPayment.status.in_(("paid", "review"))).limit(1))
        reason = "second_order" if settled_before else ("duplicate" if outstanding == 0 else "over")
    if reason is None:
        order.status = "paid"
        ledger.record_payment(dossier, amount=order.amount, method="gateway", paid_on=local_day(now),
                              reference=result.provider_reference, actor=None, ip_address=ip_address, now=now,
                              gateway_payment=order)
        return order
    order.status = "review"
    credits.hold(dossier.ward_id, dossier.id, method="gateway", amount=order.amount, reason=reason,
                 received_on=local_day(now), description=f"Thanh toán trực tuyến hồ sơ {dossier.code}",
                 reference=result.provider_reference, gateway_payment_id=order.id, now=now)
    audit.record("payments.gateway_held", None, ip_address, now, ward=dossier.ward, target=dossier.code,
                 details={"order": order.id, "amount": order.amount, "reason": reason})
    db.session.commit()
    return order
