"""Money received that no automatic step applied: one review list, and the officer's decision on each.

A bank statement line that is more or less than owed, names no dossier, or names a paid or closed dossier,
and a gateway payment that would credit its dossier beyond what it owes (a second order, a dossier closed
meanwhile) are all kept as an `UnappliedCredit`. An officer decides each one:

- apply: credit it to the dossier matched or named, never beyond what the dossier still owes — an excess
  stays in the list, as money to refund;
- refund: the money went back; the refund's bank reference is kept;
- reject: not the ward's business (a donation, a transfer to the wrong account…), with the reason.

Every decision is audited, and the applicant's tracking page says what became of their money.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from wardportal.dossiers.models import Dossier
from wardportal.kernel.extensions import db
from wardportal.kernel.times import now_utc
from wardportal.payments import ledger
from wardportal.payments.models import UnappliedCredit
from wardportal.staff import audit
from wardportal.staff.models import StaffUser

REASONS = ("partial", "over", "duplicate", "unknown", "closed", "second_order")
DECISIONS = ("apply", "refund", "reject")


class CreditRefused(ledger.PaymentRefused):
    """A decision that cannot be taken; the message says why."""


def hold(ward_id: int, dossier_id: int | None, *, method: str, amount: int, reason: str, received_on: date,
         description: str = "", reference: str = "", statement_line_id: int | None = None,
         gateway_payment_id: int | None = None, now: datetime | None = None) -> UnappliedCredit:
    """Keep money received for an officer to decide (in the caller's transaction)."""
    credit = UnappliedCredit(ward_id=ward_id, dossier_id=dossier_id, method=method, amount=amount,
                             applied_amount=0, reason=reason, state="waiting", received_on=received_on,
                             description=(description or "")[:500], reference=(reference or "")[:120],
                             statement_line_id=statement_line_id, gateway_payment_id=gateway_payment_id,
                             created_at=now or now_utc())
    db.session.add(credit)
    return credit


def waiting(ward) -> list[UnappliedCredit]:
    """The ward's credits waiting for a decision, oldest first: the one review list."""
    return list(db.session.scalars(select(UnappliedCredit).where(
        UnappliedCredit.ward_id == ward.id, UnappliedCredit.state == "waiting")
        .order_by(UnappliedCredit.received_on, UnappliedCredit.id)))


def decide(ward, credit_id: int, decision: str, *, actor: StaffUser, ip_address: str, note: str = "",
           dossier_code: str = "", refund_reference: str = "", now: datetime | None = None) -> UnappliedCredit:
    """An officer's decision on a waiting credit (apply / refund / reject), audited and committed."""
    now = now or now_utc()
    credit = db.session.get(UnappliedCredit, credit_id)
    if credit is not None:
        # Two officers deciding at once: the second waits here (PostgreSQL) and sees the first's decision.
        db.session.refresh(credit, with_for_update=True)
    if credit is None or credit.ward_id != ward.id or credit.state != "waiting":
        raise CreditRefused(_l("Khoản thu này không còn chờ xử lý."))
    if decision not in DECISIONS:
        raise CreditRefused(_l("Chọn ghi nhận, hoàn trả hoặc không ghi nhận."))
    note = " ".join((note or "").split())[:500]
    refund_reference = " ".join((refund_reference or "").split())[:120]
    if not note:
        raise CreditRefused(_l("Ghi rõ lý do quyết định."))
    if decision == "refund" and not refund_reference:
        raise CreditRefused(_l("Nhập mã giao dịch hoàn tiền của ngân hàng."))
    credit.decided_by_id, credit.decided_at, credit.decision_note = actor.id, now, note
    if decision == "apply":
        _apply(ward, credit, dossier_code, actor=actor, ip_address=ip_address, now=now)
        return credit
    remaining = credit.remaining
    credit.state = "refunded" if decision == "refund" else "rejected"
    credit.refund_reference = refund_reference if decision == "refund" else ""
    audit.record(f"payments.credit_{credit.state}", actor, ip_address, now, ward=ward,
                 target=credit.dossier.code if credit.dossier else credit.reference,
                 details={"credit": credit.id, "amount": remaining, "reason": credit.reason,
                          "refund_reference": credit.refund_reference})
    db.session.commit()
    return credit


def _apply(ward, credit: UnappliedCredit, dossier_code: str, *, actor, ip_address, now) -> None:
    """Credit what the dossier still owes (at most the credit's remainder); any excess stays to be refunded."""
    dossier = credit.dossier
    if dossier_code.strip():
        dossier = db.session.scalar(select(Dossier).where(Dossier.ward_id == ward.id,
                                                          Dossier.code == dossier_code.strip().upper()))
        if dossier is None:
            raise CreditRefused(_l("Không có hồ sơ mã %(code)s ở phường, xã này.", code=dossier_code.strip()))
    if dossier is None:
        raise CreditRefused(_l("Nhập mã hồ sơ để ghi nhận khoản thu."))
    outstanding = ledger.lock_for_payment(dossier)
    amount = min(credit.remaining, outstanding)
    if amount <= 0:
        raise CreditRefused(_l("Hồ sơ %(code)s không còn khoản phải nộp: hãy hoàn trả hoặc không ghi nhận.",
                               code=dossier.code))
    # A payment names its statement line or gateway order once (unique): a remainder applied later to
    # another dossier is recorded without the link, the credit's audit entries tie them together.
    first = credit.applied_amount == 0
    credit.dossier_id = dossier.id
    credit.applied_amount += amount
    if credit.remaining == 0:
        credit.state = "applied"
    else:
        credit.reason = "over"  # what is left is an excess, waiting to be refunded
    audit.record("payments.credit_applied", actor, ip_address, now, ward=ward, target=dossier.code,
                 details={"credit": credit.id, "amount": amount, "left": credit.remaining})
    ledger.record_payment(dossier, amount=amount, method=credit.method, paid_on=credit.received_on,
                          reference=credit.reference or credit.description[:120], actor=actor,
                          ip_address=ip_address, now=now,
                          statement_line=credit.statement_line if first else None,
                          gateway_payment=credit.gateway_payment if first else None)
