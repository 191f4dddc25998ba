"""Shared set-up of the payment tests: a ward with a treasury account and dossiers that owe fees."""

import unicodedata

from wardportal.kernel.extensions import db
from wardportal.payments.models import DossierFees, WardPaymentAccount

from .workflow_factories import make_dossier


def with_account(ward, postage=25000):
    """Give the ward a (fictitious) treasury account."""
    db.session.add(WardPaymentAccount(ward_id=ward.id, bank_bin="970405", bank_name="Agribank",
                                      account_number="9999000012345", account_name="UBND PHUONG THU",
                                      postage=postage))
    db.session.commit()
    return ward


def owing_dossier(ward, amount=15000, status=6, **fields):
    """A dossier that owes `amount` đồng (waiting for its fees by default)."""
    dossier = make_dossier(ward, status=status, **fields)
    dossier.fees = DossierFees(choices={}, lines=[{"name": "Lệ phí hộ tịch", "unit_amount": amount, "quantity": 1}],
                               amount_due=amount)
    db.session.commit()
    return dossier


def statement_a(rows) -> bytes:
    """A statement in the comma layout (separate debit and credit columns), with a bank's preamble."""
    lines = ["SAO KE TAI KHOAN,,,,", "So tai khoan: 9999000012345,,,,",
             "Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Nội dung"]
    for day, ref, credit, note in rows:
        lines.append(f'{day},{ref},,"{credit:,}","{note}"')
    lines.append(",,,,Tong cong")
    return "\n".join(lines).encode("utf-8-sig")


def statement_b(rows) -> bytes:
    """The same credits in the semicolon layout (one signed amount column, dots for thousands)."""
    lines = ["Ngày hiệu lực;Mã giao dịch;Số tiền;Nội dung giao dịch"]
    for day, ref, amount, note in rows:
        lines.append(f"{day} 09:15:00;{ref};{amount:,};{note}".replace(",", "."))
    return windows_vietnamese("\n".join(lines))


def windows_vietnamese(text: str) -> bytes:
    """Text as Windows-1258 writes it: base letters with combining tone marks (ư, ơ, â… precomposed)."""
    decomposed = unicodedata.normalize("NFD", text)
    # cp1258 keeps the vowel-shape letters whole and only the five tone marks apart.
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out, pending = [], []
    for ch in decomposed:
        if ch in tones:
            pending.append(ch)
            continue
        if unicodedata.combining(ch):
            out[-1] = unicodedata.normalize("NFC", out[-1] + ch)
            continue
        out.extend(pending)
        pending = []
        out.append(ch)
    out.extend(pending)
    return "".join(out).encode("cp1258")
