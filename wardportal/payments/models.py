"""Fees and delivery of dossiers: what is owed, what was paid (bank, counter, gateway), bank statements, post."""

from datetime import date, datetime
from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Integer, JSON, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wardportal.kernel.columns import utcnow
from wardportal.kernel.extensions import db

PAYMENT_METHODS = ("bank", "cash", "gateway")


# Money in whole đồng: 64 bits on PostgreSQL; SQLite's INTEGER is already 64-bit, and declaring it BIGINT
# there would force a table rebuild (and, with foreign keys on, cascades) for no change in storage.
Money = Integer().with_variant(BigInteger(), "postgresql")


class WardPaymentAccount(db.Model):
    """The ward's treasury account residents pay fees into, and the postage it charges for posting results."""

    __tablename__ = "ward_payment_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), unique=True)
    bank_bin: Mapped[str] = mapped_column(String(6))
    bank_name: Mapped[str] = mapped_column(String(120))
    account_number: Mapped[str] = mapped_column(String(19))
    account_name: Mapped[str] = mapped_column(String(120))
    postage: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    ward = relationship("Ward")


class DossierFees(db.Model):
    """What a dossier owes: the bill from the procedure's schedule and the applicant's choices, or the
    amount an officer stated."""

    __tablename__ = "dossier_fees"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), unique=True)
    choices: Mapped[dict] = mapped_column(JSON, default=dict)
    lines: Mapped[list] = mapped_column(JSON, default=list)
    amount_due: Mapped[int] = mapped_column(Money, default=0)

    dossier = relationship("Dossier", backref=db.backref("fees", uselist=False, cascade="all, delete-orphan"))


class DossierDelivery(db.Model):
    """How the result reaches the applicant beyond the counter: the postal address and the post's number."""

    __tablename__ = "dossier_delivery"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), unique=True)
    postal_address: Mapped[str] = mapped_column(Text, default="")
    postage: Mapped[int] = mapped_column(Integer, default=0)
    postal_tracking: Mapped[str] = mapped_column(String(60), default="")
    posted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    downloaded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    dossier = relationship("Dossier", backref=db.backref("delivery", uselist=False, cascade="all, delete-orphan"))


class FeePayment(db.Model):
    """Money received for a dossier, with where it came from and its signed receipt (biên lai)."""

    __tablename__ = "fee_payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    amount: Mapped[int] = mapped_column(Money)
    method: Mapped[str] = mapped_column(String(10))
    paid_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(120), default="")
    # Running number of the ward's receipts in a year, printed as "Số: 0001/2026/BL".
    receipt_number: Mapped[str] = mapped_column(String(40), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"),
                                                       nullable=True)
    statement_line_id: Mapped[int | None] = mapped_column(ForeignKey("statement_line.id", ondelete="SET NULL"),
                                                          nullable=True, unique=True)
    gateway_payment_id: Mapped[int | None] = mapped_column(ForeignKey("gateway_payment.id", ondelete="SET NULL"),
                                                           nullable=True, unique=True)
    receipt_file_id: Mapped[int | None] = mapped_column(ForeignKey("dossier_file.id", ondelete="SET NULL"),
                                                        nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    dossier = relationship("Dossier")
    recorded_by = relationship("StaffUser")
    receipt_file = relationship("DossierFile")


class BankStatement(db.Model):
    """One imported bank statement file."""

    __tablename__ = "bank_statement"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), index=True)
    layout: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"),
                                                       nullable=True)
    summary: Mapped[dict] = mapped_column(JSON, default=dict)

    lines = relationship("StatementLine", back_populates="statement", order_by="StatementLine.id")
    imported_by = relationship("StaffUser")


class StatementLine(db.Model):
    """A credit on a statement and what became of it: applied, or waiting for a person to decide."""

    __tablename__ = "statement_line"
    __table_args__ = (UniqueConstraint("ward_id", "line_key", name="uq_statement_line_ward_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("bank_statement.id", ondelete="CASCADE"), index=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), index=True)
    # The bank's transaction reference, or (without one) a hash of date, amount, note and which occurrence
    # of that same triple in the file it is (statements.line_keys): the same statement imported twice is
    # recognised and never applied twice, while two identical transfers on one day stay two lines.
    line_key: Mapped[str] = mapped_column(String(80))
    booked_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Money)
    description: Mapped[str] = mapped_column(Text, default="")
    bank_reference: Mapped[str] = mapped_column(String(120), default="")
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id", ondelete="SET NULL"), nullable=True,
                                                   index=True)
    # applied | partial | over | duplicate | unknown | closed (the last five wait as an UnappliedCredit)
    outcome: Mapped[str] = mapped_column(String(12), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"),
                                                      nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    decision_note: Mapped[str] = mapped_column(Text, default="")

    statement = relationship("BankStatement", back_populates="lines")
    dossier = relationship("Dossier")
    decided_by = relationship("StaffUser")


class GatewayPayment(db.Model):
    """One attempt to pay through the online payment gateway; the signed callback settles it once."""

    __tablename__ = "gateway_payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    order_ref: Mapped[str] = mapped_column(String(40), unique=True)
    amount: Mapped[int] = mapped_column(Money)
    provider: Mapped[str] = mapped_column(String(60))
    # pending | paid | failed | expired (replaced by a newer order) | review (paid, not applied: see
    # UnappliedCredit)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    provider_reference: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    dossier = relationship("Dossier")


class FeeReceiptCounter(db.Model):
    """The last fee receipt number a ward issued in a year (the 0001 of "0001/2026/BL")."""

    __tablename__ = "fee_receipt_counter"

    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class UnappliedCredit(db.Model):
    """Money received but not credited to a dossier by an automatic step: it waits for an officer.

    A bank statement line that is more or less than owed, names no dossier, a paid or closed dossier, and
    a gateway payment that would over-credit its dossier all land here, in one review list. The officer
    applies it to a dossier (never beyond what the dossier owes: an excess stays here to be refunded),
    refunds it (with the bank reference of the refund) or rejects it with a reason.
    """

    __tablename__ = "unapplied_credit"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), index=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id", ondelete="SET NULL"), nullable=True,
                                                   index=True)
    statement_line_id: Mapped[int | None] = mapped_column(ForeignKey("statement_line.id", ondelete="CASCADE"),
                                                          nullable=True, unique=True)
    gateway_payment_id: Mapped[int | None] = mapped_column(ForeignKey("gateway_payment.id", ondelete="CASCADE"),
                                                           nullable=True, unique=True)
    method: Mapped[str] = mapped_column(String(10))  # bank | gateway
    amount: Mapped[int] = mapped_column(Money)
    # What an officer has applied to the dossier so far; the rest is what may be refunded.
    applied_amount: Mapped[int] = mapped_column(Money, default=0)
    # partial | over | duplicate | unknown | closed | second_order
    reason: Mapped[str] = mapped_column(String(12))
    state: Mapped[str] = mapped_column(String(10), default="waiting", index=True)  # waiting|applied|refunded|rejected
    received_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")
    reference: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"),
                                                      nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    decision_note: Mapped[str] = mapped_column(Text, default="")
    refund_reference: Mapped[str] = mapped_column(String(120), default="")

    dossier = relationship("Dossier")
    statement_line = relationship("StatementLine")
    gateway_payment = relationship("GatewayPayment")
    decided_by = relationship("StaffUser")

    @property
    def remaining(self) -> int:
        """What is neither applied nor settled by a decision yet."""
        return self.amount - self.applied_amount
