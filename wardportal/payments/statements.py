"""Bank statements: read a CSV export by a configured column layout, and match credits to dossiers.

A credit whose note carries a dossier code and whose amount is exactly what the dossier still owes is
applied at once. Everything else — part of the amount, more than owed, a dossier already paid, no
recognisable code, a closed dossier — is kept for a person to decide, never applied silently. A line is
known by the bank's reference (or, without one, by a hash of its date, amount and note), so importing the
same statement twice, or two overlapping statements, never records a transfer twice.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import audit
from ..dossier_status import DossierStatus
from ..extensions import db
from ..models import Dossier, StaffUser
from ..models.columns import utcnow
from ..models.payment import BankStatement, StatementLine
from ..search.folding import fold
from . import ledger

MAX_STATEMENT_BYTES = 5 * 1024 * 1024
MAX_LINES = 20_000
REVIEW_OUTCOMES = ("partial", "over", "duplicate", "unknown", "closed")

# Two common shapes of Vietnamese bank exports; an install maps its own banks in BANK_STATEMENT_LAYOUTS.
DEFAULT_LAYOUTS = {
    "ghi-no-ghi-co": {
        "label": "Cột Ghi nợ và Ghi có riêng, dấu phẩy, số dạng 1,250,000",
        "delimiter": ",", "date_formats": ["%d/%m/%Y", "%d/%m/%Y %H:%M:%S"], "thousands": ",", "decimal": ".",
        "columns": {"date": "Ngày giao dịch", "reference": "Số tham chiếu", "credit": "Ghi có",
                    "debit": "Ghi nợ", "description": "Nội dung"},
    },
    "so-tien-co-dau": {
        "label": "Một cột Số tiền (âm là chi), dấu chấm phẩy, số dạng 1.250.000",
        "delimiter": ";", "date_formats": ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "%Y-%m-%d"], "thousands": ".",
        "decimal": ",",
        "columns": {"date": "Ngày hiệu lực", "reference": "Mã giao dịch", "amount": "Số tiền",
                    "description": "Nội dung giao dịch"},
    },
}


class StatementError(ledger.PaymentRefused):
    """A file that cannot be read with the chosen layout (the message names the line), or a decision refused."""


@dataclass(frozen=True)
class StatementRow:
    """One credit read from a statement."""

    booked_on: date
    amount: int
    description: str
    reference: str

    @property
    def key(self) -> str:
        if self.reference:
            return "ref:" + self.reference[:76]
        digest = hashlib.sha256(f"{self.booked_on}|{self.amount}|{self.description}".encode()).hexdigest()
        return "sha:" + digest[:64]


def _decode(data: bytes) -> str:
    """Statements come as UTF-8 (with or without BOM) or in the Windows Vietnamese code page."""
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise StatementError(_l("Không đọc được tệp: hãy lưu sao kê dạng CSV (UTF-8)."))


def _amount(text: str, layout: dict, line: int) -> int:
    """Whole đồng from '1,250,000', '1.250.000', '1250000.00' or '-50.000 VND'."""
    cleaned = re.sub(r"(?i)\s|vnd|đ", "", text or "")
    if not cleaned:
        return 0
    cleaned = cleaned.replace(layout.get("thousands", ","), "")
    cleaned = cleaned.replace(layout.get("decimal", "."), ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise StatementError(_l("Dòng %(n)d: số tiền “%(v)s” không đọc được.", n=line, v=text[:40])) from None
    if value != value.to_integral_value():
        raise StatementError(_l("Dòng %(n)d: số tiền có phần lẻ, không phải đồng chẵn.", n=line))
    return int(value)


def _date(text: str, layout: dict, line: int) -> date:
    for fmt in layout.get("date_formats", ["%d/%m/%Y"]):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise StatementError(_l("Dòng %(n)d: ngày “%(v)s” không đúng định dạng.", n=line, v=text[:40]))


def parse_statement(data: bytes, layout: dict) -> list[StatementRow]:
    """The credits of a statement (debits and blank lines skipped); raises StatementError with the line."""
    if len(data) > MAX_STATEMENT_BYTES:
        raise StatementError(_l("Tệp sao kê quá lớn (tối đa 5 MB)."))
    rows = list(csv.reader(io.StringIO(_decode(data)), delimiter=layout.get("delimiter", ",")))
    columns = layout["columns"]
    wanted = {name: fold(title) for name, title in columns.items()}
    # Banks put a title, the account and the period above the table: the header is the first row that
    # names the date, amount and description columns.
    for start, row in enumerate(rows):
        folded = [fold(cell) for cell in row]
        if all(title in folded for name, title in wanted.items() if name in ("date", "description")) and (
                wanted.get("amount") in folded or wanted.get("credit") in folded):
            index = {name: folded.index(title) for name, title in wanted.items() if title in folded}
            break
    else:
        raise StatementError(_l("Không tìm thấy dòng tiêu đề của sao kê theo mẫu đã chọn."))
    credits = []
    for offset, row in enumerate(rows[start + 1:], start=start + 2):
        if not any(cell.strip() for cell in row):
            continue
        cell = lambda name: row[index[name]].strip() if name in index and index[name] < len(row) else ""  # noqa: E731
        if not cell("date"):
            continue  # totals and footers
        amount = _amount(cell("credit"), layout, offset) if "credit" in index else _amount(cell("amount"), layout,
                                                                                           offset)
        booked = _date(cell("date"), layout, offset)
        if amount <= 0:
            continue
        credits.append(StatementRow(booked, amount, " ".join(cell("description").split())[:500],
                                    cell("reference")[:120]))
        if len(credits) > MAX_LINES:
            raise StatementError(_l("Sao kê có quá nhiều dòng; hãy chia theo tháng."))
    return credits


_SHORT_CODE = re.compile(r"(?<!\d)(\d{6})[\s.\-_/]?(\d{4})(?!\d)")


def _alnum(text: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", fold(text).upper())


def _dossiers_ending(ward, day: str, number: str) -> list[Dossier]:
    return list(db.session.scalars(select(Dossier).where(Dossier.ward_id == ward.id,
                                                         Dossier.code.like(f"%-{day}-{number}"))))


def find_dossier(ward, description: str) -> Dossier | None:
    """The ward's dossier a transfer note names: by its whole code (punctuation may be lost), or by the
    date-number part alone when that names exactly one dossier of the ward (banks often cut notes)."""
    squeezed = _alnum(description)
    short = {}
    for day, number in _SHORT_CODE.findall(fold(description)):
        for dossier in _dossiers_ending(ward, day, number):
            short[dossier.id] = dossier
    candidates = dict(short)
    # A code whose punctuation the bank dropped is one run of digits ending in its date and number.
    for run in re.findall(r"\d{10,}", squeezed)[:5]:
        for i in range(max(len(run) - 9, 0))[:30]:
            for dossier in _dossiers_ending(ward, run[i:i + 6], run[i + 6:i + 10]):
                candidates[dossier.id] = dossier
    whole = [d for d in candidates.values() if _alnum(d.code) in squeezed]
    if len(whole) == 1:
        return whole[0]
    return next(iter(short.values())) if len(short) == 1 and not whole else None


def _classify(dossier: Dossier | None, amount: int) -> str:
    if dossier is None:
        return "unknown"
    if DossierStatus(dossier.status) not in ledger.PAYABLE:
        return "closed"
    status = ledger.fee_status(dossier)
    if status.due == 0 or status.outstanding == 0:
        return "duplicate"
    if amount == status.outstanding:
        return "applied"
    return "partial" if amount < status.outstanding else "over"


def import_statement(ward, filename: str, data: bytes, layout_name: str, layouts: dict, *, actor: StaffUser,
                     ip_address: str, now: datetime | None = None) -> BankStatement:
    """Read a statement, record every new credit, apply exact matches and keep the rest for review."""
    now = now or utcnow()
    if layout_name not in layouts:
        raise StatementError(_l("Chọn mẫu sao kê."))
    credits = parse_statement(data, layouts[layout_name])
    statement = BankStatement(ward_id=ward.id, layout=layout_name, filename=(filename or "sao-ke.csv")[:300],
                              sha256=hashlib.sha256(data).hexdigest(), imported_at=now, imported_by_id=actor.id)
    db.session.add(statement)
    known = set(db.session.scalars(select(StatementLine.line_key).where(
        StatementLine.ward_id == ward.id, StatementLine.line_key.in_([c.key for c in credits]))))
    counts = {"lines": len(credits), "already_imported": 0, "applied": 0, "review": 0}
    audit.record("payments.statement_imported", actor, ip_address, now, ward=ward, target=statement.filename,
                 details={"layout": layout_name, "lines": len(credits)})
    db.session.flush()
    to_apply = []
    for credit in credits:
        if credit.key in known:
            counts["already_imported"] += 1
            continue
        known.add(credit.key)
        dossier = find_dossier(ward, credit.description)
        outcome = _classify(dossier, credit.amount)
        line = StatementLine(statement_id=statement.id, ward_id=ward.id, line_key=credit.key,
                             booked_on=credit.booked_on, amount=credit.amount, description=credit.description,
                             bank_reference=credit.reference, dossier_id=dossier.id if dossier else None,
                             outcome=outcome)
        db.session.add(line)
        if outcome == "applied":
            to_apply.append((line, dossier))
        else:
            counts["review"] += 1
    statement.summary = counts
    db.session.commit()
    for line, dossier in to_apply:
        ledger.record_payment(dossier, amount=line.amount, method="bank", paid_on=line.booked_on,
                              reference=line.bank_reference or line.description[:120], actor=actor,
                              ip_address=ip_address, now=now, statement_line=line)
        counts["applied"] += 1
    statement.summary = dict(counts)
    db.session.commit()
    return statement


def lines_to_review(ward) -> list[StatementLine]:
    """Credits waiting for a person's decision, oldest first."""
    return list(db.session.scalars(select(StatementLine).where(
        StatementLine.ward_id == ward.id, StatementLine.outcome.in_(REVIEW_OUTCOMES))
        .order_by(StatementLine.booked_on, StatementLine.id)))


def decide(ward, line_id: int, decision: str, *, actor: StaffUser, ip_address: str, note: str = "",
           dossier_code: str = "", now: datetime | None = None) -> StatementLine:
    """A person's decision on a credit in review: "accept" records it as a payment (of the dossier named,
    or the one matched), "reject" leaves it unapplied (refund or other business, handled outside)."""
    now = now or utcnow()
    line = db.session.get(StatementLine, line_id)
    if line is None or line.ward_id != ward.id or line.outcome not in REVIEW_OUTCOMES:
        raise StatementError(_l("Giao dịch này không còn chờ xử lý."))
    if decision not in ("accept", "reject"):
        raise StatementError(_l("Chọn ghi nhận hoặc không ghi nhận."))
    note = " ".join((note or "").split())[:500]
    if not note:
        raise StatementError(_l("Ghi rõ lý do quyết định."))
    dossier = line.dossier
    if decision == "accept" and dossier_code.strip():
        dossier = db.session.scalar(select(Dossier).where(Dossier.ward_id == ward.id,
                                                          Dossier.code == dossier_code.strip().upper()))
        if dossier is None:
            raise StatementError(_l("Không có hồ sơ mã %(code)s ở phường, xã này.", code=dossier_code.strip()))
    if decision == "accept" and dossier is None:
        raise StatementError(_l("Nhập mã hồ sơ để ghi nhận giao dịch."))
    line.decided_by_id, line.decided_at, line.decision_note = actor.id, now, note
    audit.record("payments.line_" + ("accepted" if decision == "accept" else "rejected"), actor, ip_address,
                 now, ward=ward, target=dossier.code if dossier else line.bank_reference,
                 details={"line": line.id, "amount": line.amount, "was": line.outcome})
    if decision == "reject":
        line.outcome = "rejected"
        db.session.commit()
        return line
    line.outcome, line.dossier_id = "accepted", dossier.id
    ledger.record_payment(dossier, amount=line.amount, method="bank", paid_on=line.booked_on,
                          reference=line.bank_reference or line.description[:120], actor=actor,
                          ip_address=ip_address, now=now, statement_line=line)
    return line
