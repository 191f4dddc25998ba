"""Online payment gateways: a redirect to the provider's page and a signed callback that settles the payment.

A province plugs its provider in with ``PAYMENT_GATEWAY = "package.module:Class"`` (constructed with the
app config) without touching the workflow: the portal only calls `checkout_url` and `parse_callback`.
`HmacRedirectGateway` implements the common shape of Vietnamese gateways — query parameters signed with
HMAC-SHA256 over the sorted ``key=value`` pairs with a shared secret — and is what the test suite drives
against a provider running on loopback.
"""

from __future__ import annotations

import abc
import hashlib
import hmac
import importlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import audit
from ..deadlines import local_day
from ..extensions import db
from ..models import Dossier
from ..models.columns import utcnow
from ..models.payment import GatewayPayment
from . import ledger


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
        if not hmac.compare_digest(sign_params(fields, self.secret), given):
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


def start_payment(gateway: PaymentGateway, dossier: Dossier, return_url: str) -> str:
    """Open an order for what the dossier still owes and return the provider's URL (commits)."""
    status = ledger.fee_status(dossier)
    if status.transfer is None:
        raise ledger.PaymentRefused(_l("Hồ sơ này hiện không có khoản phí cần nộp."))
    order = GatewayPayment(dossier_id=dossier.id, order_ref=secrets.token_hex(12), amount=status.outstanding,
                           provider=gateway.name)
    db.session.add(order)
    db.session.commit()
    return gateway.checkout_url(GatewayOrder(order.order_ref, order.amount, f"Le phi ho so {dossier.code}"),
                                return_url)


def complete_payment(gateway: PaymentGateway, params: dict[str, str], ip_address: str,
                     now: datetime | None = None) -> GatewayPayment:
    """Settle an order from a genuine callback, once: a replayed callback changes nothing."""
    now = now or utcnow()
    result = gateway.parse_callback(params)
    order = db.session.scalar(select(GatewayPayment).where(GatewayPayment.order_ref == result.order_ref))
    if order is None or order.provider != gateway.name:
        raise InvalidCallback("unknown order")
    if result.amount != order.amount:
        raise InvalidCallback("amount differs from the order")
    if order.status != "pending":
        return order
    order.completed_at, order.provider_reference = now, result.provider_reference
    if not result.paid:
        order.status = "failed"
        audit.record("payments.gateway_failed", None, ip_address, now, ward=order.dossier.ward,
                     target=order.dossier.code, details={"order": order.id})
        db.session.commit()
        return order
    order.status = "paid"
    ledger.record_payment(order.dossier, amount=order.amount, method="gateway", paid_on=local_day(now),
                          reference=result.provider_reference, actor=None, ip_address=ip_address, now=now,
                          gateway_payment=order)
    return order
