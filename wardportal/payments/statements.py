"""Bank statements: read a CSV export by a configured column layout, and match credits to dossiers.

A credit whose note carries a dossier code and whose amount is exactly what the dossier still owes —
counting the credits of the same import applied before it — is applied at once. Everything else — part of
the amount, more than owed, a dossier already paid, no recognisable code, a closed dossier — is kept as an
UnappliedCredit for an officer to decide (credits.py), never applied silently.

A line is known by the bank's reference or, without one, by its date, amount and note *and* which
occurrence of that same triple in the file it is (`line_keys`): importing the same statement twice records
nothing new, while two identical transfers on one day are two lines. Residual limit: an export that starts
between two identical reference-less transfers of one day numbers them differently from the full day's
export, so overlapping partial exports of such a day can need a person (prefer layouts with references).

The import parses and matches before it writes (the matching reads run without the write lock, one indexed
lookup of code tails per chunk), then writes in short batches, so SQLite's write lock is never held for
long and residents' requests keep going meanwhile.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from wardportal.dossiers.models import Dossier
from wardportal.dossiers.status import DossierStatus
from wardportal.kernel.database import insert_with_conflicts, reading
from wardportal.kernel.extensions import db
from wardportal.kernel.times import now_utc
from wardportal.payments import credits, ledger
from wardportal.payments.models import BankStatement, StatementLine
from wardportal.search.folding import fold
from wardportal.staff import audit
from wardportal.staff.models import StaffUser

MAX_STATEMENT_BYTES = 5 * 1024 * 1024
MAX_LINES = 20_000
MAX_LINE_AMOUNT = 10**15  # a statement may carry large non-fee credits; beyond this it is not a real amount
# A write transaction ends after WRITE_BATCH lines or BATCH_SECONDS, whichever comes first, so that it
# holds SQLite's write lock well under the 100 ms other writers may wait; code tails per read query.
WRITE_BATCH = 100
BATCH_SECONDS = 0.030
# Between batches the lock is left free a moment: SQLite has no queue, a waiting writer polls, and an
# importer that re-took the lock at once could keep a resident's request waiting past its timeout.
BATCH_PAUSE = 0.015
LOOKUP_BATCH = 900

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


def line_keys(credits: list[StatementRow]) -> list[str]:
    """Each credit's identity: the bank reference, or a hash of date, amount, note and occurrence number.

    The n-th line of a file with the same reference (or, without one, the same date, amount and note) gets
    n in its key, so identical transfers stay apart and a re-import of the file gives the same keys. The
    first occurrence keeps the key of earlier versions, so statements imported before still match.
    """
    seen: Counter = Counter()
    keys = []
    for credit in credits:
        if credit.reference:
            seen[("ref", credit.reference)] += 1
            n = seen[("ref", credit.reference)]
            keys.append("ref:" + credit.reference[:70] + (f"#{n}" if n > 1 else ""))
            continue
        triple = f"{credit.booked_on}|{credit.amount}|{credit.description}"
        seen[triple] += 1
        n = seen[triple]
        digest = hashlib.sha256((triple + (f"|{n}" if n > 1 else "")).encode()).hexdigest()
        keys.append("sha:" + digest[:64])
    return keys


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
    if abs(value) > MAX_LINE_AMOUNT:
        raise StatementError(_l("Dòng %(n)d: số tiền quá lớn.", n=line))
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


@dataclass(frozen=True)
class _Clues:
    """What a transfer note offers for matching: code tails written out, tails inside digit runs."""

    short: tuple[str, ...]
    runs: tuple[str, ...]
    squeezed: str


def _clues(description: str) -> _Clues:
    """The code tails (``YYMMDD-NNNN``) a note may name: written with or without a separator, or inside
    a run of digits where the bank dropped the code's punctuation."""
    folded = fold(description)
    squeezed = _alnum(description)
    short = tuple(dict.fromkeys(f"{day}-{number}" for day, number in _SHORT_CODE.findall(folded)))
    runs = []
    for run in re.findall(r"\d{10,}", squeezed)[:5]:
        for i in range(max(len(run) - 9, 0))[:30]:
            runs.append(f"{run[i:i + 6]}-{run[i + 6:i + 10]}")
    return _Clues(short, tuple(dict.fromkeys(runs)), squeezed)


def _pick(clues: _Clues, by_tail: dict[str, list[tuple[int, str]]]) -> int | None:
    """The dossier a note names: the one whose whole code (punctuation ignored) it contains, or the only
    dossier of its written-out day and number (banks often cut notes); None when unclear."""
    short = {dossier_id: code for tail in clues.short for dossier_id, code in by_tail.get(tail, ())}
    candidates = dict(short)
    for tail in clues.runs:
        candidates.update(by_tail.get(tail, ()))
    whole = [dossier_id for dossier_id, code in candidates.items() if _alnum(code) in clues.squeezed]
    if len(whole) == 1:
        return whole[0]
    return next(iter(short)) if len(short) == 1 and not whole else None


def _lookup_tails(ward_id: int, tails: set[str]) -> dict[str, list[tuple[int, str]]]:
    """The ward's dossiers with these code tails: one indexed query (ward_id, code_tail) per chunk."""
    found: dict[str, list[tuple[int, str]]] = {}
    ordered = sorted(tails)
    for start in range(0, len(ordered), LOOKUP_BATCH):
        rows = db.session.execute(select(Dossier.id, Dossier.code, Dossier.code_tail).where(
            Dossier.ward_id == ward_id, Dossier.code_tail.in_(ordered[start:start + LOOKUP_BATCH])))
        for dossier_id, code, tail in rows:
            found.setdefault(tail, []).append((dossier_id, code))
    return found


def match_dossiers(ward_id: int, descriptions: list[str]) -> list[int | None]:
    """The dossier id each note names (or None), with batched indexed lookups, never a query per line."""
    clues = [_clues(text) for text in descriptions]
    tails = {tail for clue in clues for tail in clue.short + clue.runs}
    by_tail = _lookup_tails(ward_id, tails)
    return [_pick(clue, by_tail) for clue in clues]


def _insert_line(values: dict) -> int | None:
    """Insert a line unless its key is known (ON CONFLICT DO NOTHING); its id, or None when known.

    Two imports of the same statement at once: on PostgreSQL the second insert waits for the first
    import's transaction and then does nothing; on SQLite the write lock serialises them.
    """
    table = StatementLine.__table__
    return db.session.execute(insert_with_conflicts(db.session, table).values(**values)
                              .on_conflict_do_nothing(index_elements=[table.c.ward_id, table.c.line_key])
                              .returning(table.c.id)).scalar()


def _settle_line(line_id: int, ward_id: int, dossier_id: int | None, credit: StatementRow, *, actor,
                 ip_address: str, now: datetime) -> str:
    """Apply a new line when it is exactly what its dossier still owes now, else hold it for review."""
    dossier = db.session.get(Dossier, dossier_id) if dossier_id is not None else None
    outcome = "unknown"
    if dossier is not None:
        outstanding = ledger.lock_for_payment(dossier)
        if DossierStatus(dossier.status) not in ledger.PAYABLE:
            outcome = "closed"
        elif outstanding == 0:
            outcome = "duplicate"
        elif credit.amount == outstanding:
            outcome = "applied"
        else:
            outcome = "partial" if credit.amount < outstanding else "over"
    db.session.execute(StatementLine.__table__.update().where(StatementLine.id == line_id)
                       .values(outcome=outcome))
    line = db.session.get(StatementLine, line_id)
    if outcome == "applied":
        ledger.record_payment(dossier, amount=credit.amount, method="bank", paid_on=credit.booked_on,
                              reference=credit.reference or credit.description[:120], actor=actor,
                              ip_address=ip_address, now=now, statement_line=line, commit=False)
    else:
        credits.hold(ward_id, dossier.id if dossier is not None else None, method="bank", amount=credit.amount,
                     reason=outcome, received_on=credit.booked_on, description=credit.description,
                     reference=credit.reference, statement_line_id=line_id, now=now)
    return outcome


def import_statement(ward, filename: str, data: bytes, layout_name: str, layouts: dict, *, actor: StaffUser,
                     ip_address: str, now: datetime | None = None) -> BankStatement:
    """Read a statement, record every new credit, apply exact matches and keep the rest for review.

    Parse and match first (no write lock), then write in batches of WRITE_BATCH lines, each its own short
    transaction; every line is written together with its payment or its review entry, so a batch cut
    short leaves no line half-done, and a re-import picks up what was not written.
    """
    now = now or now_utc()
    if layout_name not in layouts:
        raise StatementError(_l("Chọn mẫu sao kê."))
    ward_id, actor_id = ward.id, actor.id
    # Whatever the request read so far (the ward, the officer) must not keep the write lock during parsing.
    db.session.commit()
    credits_read = parse_statement(data, layouts[layout_name])
    keys = line_keys(credits_read)

    with reading():
        known = set()
        for start in range(0, len(keys), LOOKUP_BATCH):
            known.update(db.session.scalars(select(StatementLine.line_key).where(
                StatementLine.ward_id == ward_id, StatementLine.line_key.in_(keys[start:start + LOOKUP_BATCH]))))
        fresh = [i for i, key in enumerate(keys) if key not in known]
        matched = dict(zip(fresh, match_dossiers(ward_id, [credits_read[i].description for i in fresh])))
    counts = {"lines": len(credits_read), "already_imported": len(credits_read) - len(fresh), "applied": 0,
              "review": 0}
    statement = BankStatement(ward_id=ward_id, layout=layout_name, filename=(filename or "sao-ke.csv")[:300],
                              sha256=hashlib.sha256(data).hexdigest(), imported_at=now, imported_by_id=actor_id,
                              summary=dict(counts))
    db.session.add(statement)
    audit.record("payments.statement_imported", actor, ip_address, now, ward=ward, target=statement.filename,
                 details={"layout": layout_name, "lines": len(credits_read)})
    db.session.commit()
    statement_id = statement.id
    session = db.session()
    # Every line reads what it needs under the dossier's lock (ledger.lock_for_payment), so the objects of
    # earlier batches need not be expired at each commit — expiring thousands of them made each commit slow.
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:
        _write_lines(fresh, credits_read, keys, matched, counts, statement_id=statement_id, ward_id=ward_id,
                     actor=actor, ip_address=ip_address, now=now)
    finally:
        session.expire_on_commit = expire_on_commit
    statement = db.session.get(BankStatement, statement_id)
    statement.summary = dict(counts)
    db.session.commit()
    return statement


def _write_lines(fresh, credits_read, keys, matched, counts, *, statement_id, ward_id, actor, ip_address, now):
    """Write the new lines in short transactions, each line with its payment or its review entry."""
    # The objects a batch loads are let go after it: code run per line walks the session's identity map
    # (workflow_locks), which would otherwise grow with every line. The caller's own objects stay.
    keep = set(db.session.identity_map.values())
    batch_started, in_batch = time.monotonic(), 0
    for i in fresh:
        if in_batch >= WRITE_BATCH or time.monotonic() - batch_started > BATCH_SECONDS:
            db.session.commit()
            for obj in [o for o in db.session.identity_map.values() if o not in keep]:
                if obj in db.session:  # expunging a dossier cascades to its fees row
                    db.session.expunge(obj)
            time.sleep(BATCH_PAUSE)
            batch_started, in_batch = time.monotonic(), 0
        in_batch += 1
        credit = credits_read[i]
        line_id = _insert_line(dict(
            statement_id=statement_id, ward_id=ward_id, line_key=keys[i], booked_on=credit.booked_on,
            amount=credit.amount, description=credit.description, bank_reference=credit.reference,
            dossier_id=matched[i], outcome="unknown", decision_note=""))
        if line_id is None:  # a concurrent import of the same statement recorded it meanwhile
            counts["already_imported"] += 1
            continue
        outcome = _settle_line(line_id, ward_id, matched[i], credit, actor=actor, ip_address=ip_address,
                               now=now)
        counts["applied" if outcome == "applied" else "review"] += 1
    db.session.commit()
