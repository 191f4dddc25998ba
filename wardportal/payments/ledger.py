"""What a dossier owes and what was paid: the bill at submission, the officer's request, payments and receipts.

Every payment, whatever its source (bank statement, counter cash, online gateway), goes through
`record_payment`, which locks the dossier, refuses to credit more than it still owes (the excess of a
transfer waits as an UnappliedCredit for an officer instead, see credits.py), numbers the receipt in the
ward's yearly series, writes the audit entry and, once nothing is left to pay on a dossier waiting for its
fees (status 6), moves it on. The signed receipt (biên lai) is rendered and signed after the payment is
committed, outside the write lock, as the dossier receipt is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from wardportal.catalogue import fees as fee_rules
from wardportal.dossiers import workflow
from wardportal.dossiers.models import Dossier
from wardportal.dossiers.status import DossierStatus
from wardportal.kernel.database import next_in_series
from wardportal.kernel.extensions import db
from wardportal.kernel.i18n import format_vnd
from wardportal.kernel.times import local_day, now_utc
from wardportal.payments import vietqr
from wardportal.payments.models import (DossierFees, FeePayment, FeeReceiptCounter, UnappliedCredit,
    WardPaymentAccount)
from wardportal.staff import audit
from wardportal.staff.models import StaffUser

# A payment can be taken while the dossier is open; not once it was refused, withdrawn, stopped or returned.
PAYABLE = {DossierStatus.SUBMITTED, DossierStatus.RECEIVED, DossierStatus.PROCESSING,
           DossierStatus.DOCUMENTS_REQUESTED, DossierStatus.FEES_REQUESTED, DossierStatus.READY}


class PaymentRefused(ValueError):
    """A payment, fee request, statement or delivery step refused; ``message`` says why, in words for staff."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class MoreThanOwed(PaymentRefused):
    """A payment larger than what the dossier still owes (``outstanding``, 0 when nothing is owed)."""

    def __init__(self, outstanding: int):
        super().__init__(_l("Số tiền vượt quá số còn phải nộp (%(amount)s).",
                            amount=format_vnd(outstanding)))
        self.outstanding = outstanding


@dataclass(frozen=True)
class FeeStatus:
    """A dossier's fees as the applicant and the desk see them."""

    due: int
    paid: int
    lines: list
    payments: list
    transfer: vietqr.TransferDetails | None
    # Money received for the dossier that no automatic step applied (UnappliedCredit), with its decision.
    unapplied: list = ()

    @property
    def outstanding(self) -> int:
        return max(self.due - self.paid, 0)

    @property
    def overpaid(self) -> int:
        return max(self.paid - self.due, 0)

    @property
    def settled(self) -> bool:
        return self.due > 0 and self.paid >= self.due


# ---------------------------------------------------------------- the ward's account


def payment_account(ward) -> WardPaymentAccount | None:
    """The ward's treasury account, if set up."""
    return db.session.scalar(select(WardPaymentAccount).where(WardPaymentAccount.ward_id == ward.id))


def save_payment_account(ward, *, bank_bin: str, bank_name: str, account_number: str, account_name: str,
                         postage: int, actor: StaffUser, ip_address: str, now: datetime) -> WardPaymentAccount:
    """Set the account residents pay into (checked by building a VietQR code with it) and commit."""
    vietqr.payload(bank_bin, account_number, 1000, "kiem tra")  # raises InvalidPayment on bad details
    account = payment_account(ward) or WardPaymentAccount(ward_id=ward.id)
    account.bank_bin, account.bank_name = bank_bin, " ".join(bank_name.split())
    account.account_number, account.account_name = account_number, " ".join(account_name.split()).upper()
    account.postage = postage
    db.session.add(account)
    audit.record("payments.account_saved", actor, ip_address, now, ward=ward, target=f"bin:{bank_bin}")
    db.session.commit()
    return account


# ---------------------------------------------------------------- the bill


def _priced(procedure, answers: dict | None) -> tuple[fee_rules.FeeChoices, fee_rules.FeeBill] | None:
    """The applicant's fee choices and what they come to; None when the procedure has no fee schedule."""
    schedule = fee_rules.parse_schedule(procedure.fee_schedule)
    if schedule is None:
        return None
    answers = answers or {}
    choices = fee_rules.parse_choices(schedule, {"copies": answers.get("fee_copies"),
                                                 "urgent": answers.get("fee_urgent")})
    return choices, fee_rules.compute_bill(schedule, choices)


def bill_for(procedure, answers: dict | None) -> fee_rules.FeeBill | None:
    """The bill for a procedure and the applicant's fee choices; None when it has no fee schedule."""
    priced = _priced(procedure, answers)
    return priced[1] if priced else None


def attach_bill(dossier: Dossier, procedure, answers: dict | None) -> DossierFees | None:
    """Record what a new dossier owes under the schedule in force now (the dossier keeps it)."""
    priced = _priced(procedure, answers)
    if priced is None:
        return None
    choices, bill = priced
    row = DossierFees(choices={"copies": choices.copies, "urgent": choices.urgent},
                      lines=[{"name": ln.name, "unit_amount": ln.unit_amount, "quantity": ln.quantity}
                             for ln in bill.lines],
                      amount_due=bill.total)
    dossier.fees = row
    return row


def amount_paid(dossier: Dossier) -> int:
    """Everything received for the dossier."""
    return db.session.scalar(select(func.coalesce(func.sum(FeePayment.amount), 0))
                             .where(FeePayment.dossier_id == dossier.id)) or 0


def transfer_details(dossier: Dossier, outstanding: int) -> vietqr.TransferDetails | None:
    """What to transfer, and where, when something is left to pay and the ward has an account."""
    account = payment_account(dossier.ward)
    if outstanding <= 0 or account is None or DossierStatus(dossier.status) not in PAYABLE:
        return None
    return vietqr.TransferDetails(account.bank_bin, account.account_number, account.account_name,
                                  account.bank_name, outstanding, vietqr.ascii_note(dossier.code))


def fee_status(dossier: Dossier) -> FeeStatus:
    """The dossier's bill, payments and (when something is owed) the transfer to make."""
    due = dossier.fees.amount_due if dossier.fees is not None else 0
    paid = amount_paid(dossier)
    payments = list(db.session.scalars(select(FeePayment).where(FeePayment.dossier_id == dossier.id)
                                       .order_by(FeePayment.id)))
    lines = list(dossier.fees.lines) if dossier.fees is not None else []
    unapplied = list(db.session.scalars(select(UnappliedCredit).where(UnappliedCredit.dossier_id == dossier.id)
                                        .order_by(UnappliedCredit.id)))
    return FeeStatus(due, paid, lines, payments, transfer_details(dossier, max(due - paid, 0)), unapplied)


def request_fees(dossier: Dossier, officer: StaffUser, *, amount: int | None, note: str, ip_address: str,
                 now: datetime | None = None):
    """Ask the applicant to pay (status 6): the bill's amount, or the amount the officer states."""
    now = now or now_utc()
    if amount is not None:
        if not 0 < amount <= fee_rules.MAX_AMOUNT:
            raise PaymentRefused(_l("Số tiền phải là số nguyên dương (đồng)."))
        if dossier.fees is None:
            dossier.fees = DossierFees(choices={}, lines=[{"name": note.splitlines()[0][:200] if note.strip()
                                                           else "Phí, lệ phí", "unit_amount": amount,
                                                           "quantity": 1}], amount_due=amount)
        else:
            dossier.fees.amount_due = amount
    elif dossier.fees is None or dossier.fees.amount_due <= 0:
        raise PaymentRefused(_l("Thủ tục không có biểu phí: nhập số tiền phải nộp."))
    audit.record("payments.requested", officer, ip_address, now, ward=dossier.ward, target=dossier.code,
                 details={"amount": dossier.fees.amount_due})
    # The workflow step commits the new amount, the audit entry and the status together.
    return workflow.request_fees(dossier, officer, now=now,
                                 fees_note=note or f"Phí, lệ phí: {format_vnd(dossier.fees.amount_due)}")


RECEIPT_FORMAT = "{number:04d}/{year}/BL"


def next_receipt_number(ward_id: int, year: int) -> str:
    """The ward's next fee receipt number of the year, ``0001/2026/BL``, inside the caller's write transaction
    (the ward's yearly counter row, as dossier codes count a day). Receipts issued before this series
    (``BL-<code>-<n>``) keep their numbers.
    """
    number = next_in_series(db.session, FeeReceiptCounter.__table__, {"ward_id": ward_id, "year": year})
    return RECEIPT_FORMAT.format(number=number, year=year)


def lock_for_payment(dossier: Dossier) -> int:
    """Lock the dossier row until the transaction ends and return what it still owes, read after the lock.

    PostgreSQL: ``SELECT … FOR UPDATE``, so a statement import, a gateway callback and a counter payment
    for the same dossier queue here and each sees the others' payments; SQLite: the write transaction
    (BEGIN IMMEDIATE) already serialises them. Pending payments of this session are flushed first, so a
    batch sees its own earlier credits.
    """
    db.session.flush()
    db.session.refresh(dossier, attribute_names=["status"], with_for_update=True)
    due = db.session.scalar(select(DossierFees.amount_due).where(DossierFees.dossier_id == dossier.id)) or 0
    return max(due - amount_paid(dossier), 0)


def record_payment(dossier: Dossier, *, amount: int, method: str, paid_on: date, reference: str,
                   actor: StaffUser | None, ip_address: str, now: datetime | None = None,
                   statement_line=None, gateway_payment=None, commit: bool = True) -> FeePayment:
    """Record money received and commit; a dossier waiting for its fees moves on once all is paid.

    Refuses (MoreThanOwed) an amount beyond what the dossier still owes, read under the dossier's row lock:
    no step — statement, gateway, counter, an officer's decision — credits a dossier more than it owes.
    With ``commit=False`` (a statement batch) the caller commits, except when the dossier moves on: the
    workflow step commits its status change, with this payment, at once.
    """
    now = now or now_utc()
    if not 0 < amount <= fee_rules.MAX_AMOUNT:
        raise PaymentRefused(_l("Số tiền phải là số nguyên dương (đồng)."))
    if paid_on > local_day(now):
        raise PaymentRefused(_l("Ngày nộp không được sau hôm nay."))
    outstanding = lock_for_payment(dossier)
    if DossierStatus(dossier.status) not in PAYABLE:
        raise PaymentRefused(_l("Hồ sơ đã kết thúc, không thể ghi nhận thanh toán."))
    if amount > outstanding:
        raise MoreThanOwed(outstanding)
    payment = FeePayment(dossier_id=dossier.id, amount=amount, method=method, paid_on=paid_on,
                         reference=" ".join((reference or "").split())[:120],
                         receipt_number=next_receipt_number(dossier.ward_id, local_day(now).year),
                         recorded_by_id=actor.id if actor else None, created_at=now,
                         statement_line_id=statement_line.id if statement_line is not None else None,
                         gateway_payment_id=gateway_payment.id if gateway_payment is not None else None)
    db.session.add(payment)
    db.session.flush()
    audit.record("payments.recorded", actor, ip_address, now, ward=dossier.ward, target=dossier.code,
                 details={"amount": amount, "method": method, "payment": payment.id})
    # `amount` is at most what was owed under the lock: equal to it, nothing is left to pay
    if dossier.status == DossierStatus.FEES_REQUESTED and amount == outstanding:
        workflow.fees_paid(dossier, actor, now=now, public_note=f"Đã nhận {format_vnd(amount)}.")
    elif commit:
        db.session.commit()
    return payment
