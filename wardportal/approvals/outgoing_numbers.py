"""The register of outgoing document numbers (sổ đăng ký văn bản đi): "Số: 12/QĐ-UBND" on a result.

Decree 30/2020 numbers a body's documents by a running number per calendar year, followed by the document
type's abbreviation and the issuing body's ("12/QĐ-UBND"; an official letter has no type: "12/UBND"). The
portal keeps one series per ward, year (Vietnam time) and type. A dossier's result gets its number once,
when its draft is first generated and sent, and keeps it (and its date) when the draft is made again after
a leader returns it; a preview only reads what the number would be, so previews leave no gaps.

Taking a number is one upsert of the series' counter row inside a short write transaction (see
`kernel.database.next_in_series`): SQLite's write lock or PostgreSQL's row lock orders concurrent writers,
and the register's unique constraints catch two requests numbering the same dossier at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from wardportal.approvals.models import OutgoingNumber, OutgoingNumberCounter
from wardportal.dossiers.models import Dossier
from wardportal.kernel.database import next_in_series
from wardportal.kernel.extensions import db
from wardportal.kernel.times import local_day

ISSUER = "UBND"  # the issuing body's abbreviation: the ward's People's Committee
ATTEMPTS = 3


@dataclass(frozen=True)
class DocumentType:
    """A kind of outgoing document and its abbreviation in the number ("" for an official letter)."""

    abbreviation: str
    name: str
    # how a procedure's result names a document of this type (lower case, at the start of the name)
    starts: tuple[str, ...]


# Decree 30/2020, Appendix III, for the administrative documents (QĐ, TB, BB); the certificates, permits
# and civil-status extracts a ward issues are not in that list, so they take the usual abbreviations of
# their names. The first type whose start matches the result's name wins; an unknown result is a letter.
DOCUMENT_TYPES = (
    DocumentType("QĐ", "Quyết định", ("quyết định",)),
    DocumentType("TB", "Thông báo", ("thông báo",)),
    DocumentType("BB", "Biên bản", ("biên bản",)),
    DocumentType("GCN", "Giấy chứng nhận", ("giấy chứng nhận",)),
    DocumentType("GXN", "Giấy xác nhận", ("giấy xác nhận", "tờ khai đã được")),
    DocumentType("GP", "Giấy phép", ("giấy phép",)),
    DocumentType("GKS", "Giấy khai sinh", ("giấy khai sinh",)),
    DocumentType("TLHT", "Trích lục hộ tịch", ("trích lục", "bản sao trích lục")),
)
LETTER = DocumentType("", "Công văn", ())


def type_of_result(result_name: str) -> DocumentType:
    """The document type a procedure's result (its "kết quả thực hiện") is issued as."""
    name = " ".join((result_name or "").lower().split())
    return next((t for t in DOCUMENT_TYPES if name.startswith(t.starts)), LETTER)


def type_of_dossier(dossier: Dossier) -> DocumentType:
    """The type of the dossier's result, from the procedure version it was submitted under."""
    return type_of_result((dossier.procedure_snapshot or {}).get("result", ""))


def formatted(number: int, abbreviation: str) -> str:
    """"12/QĐ-UBND", or "12/UBND" for an official letter."""
    return f"{number}/{abbreviation}-{ISSUER}" if abbreviation else f"{number}/{ISSUER}"


@dataclass(frozen=True)
class ResultNumber:
    """The number and date printed on a dossier's result; `taken` is False for a preview's look-ahead."""

    number: int
    abbreviation: str
    issued_on: date
    taken: bool

    @property
    def text(self) -> str:
        return formatted(self.number, self.abbreviation)


def _line_of(dossier_id: int) -> OutgoingNumber | None:
    return db.session.scalar(select(OutgoingNumber).where(OutgoingNumber.dossier_id == dossier_id))


def _as_result_number(line: OutgoingNumber) -> ResultNumber:
    return ResultNumber(line.number, line.doc_type, line.issued_on, taken=True)


def number_of(dossier: Dossier) -> ResultNumber | None:
    """The number the dossier's result was given, if any."""
    line = _line_of(dossier.id)
    return _as_result_number(line) if line is not None else None


def expected_number(dossier: Dossier, now: datetime) -> ResultNumber:
    """What the dossier's result is (or would be, if taken `now`) numbered: for a preview, writes nothing."""
    today = local_day(now)
    taken = number_of(dossier)
    if taken is not None:
        return taken
    doc_type = type_of_dossier(dossier)
    last = db.session.scalar(select(OutgoingNumberCounter.last_number).where(
        OutgoingNumberCounter.ward_id == dossier.ward_id, OutgoingNumberCounter.year == today.year,
        OutgoingNumberCounter.doc_type == doc_type.abbreviation)) or 0
    return ResultNumber(last + 1, doc_type.abbreviation, today, taken=False)


def take_number(dossier: Dossier, now: datetime) -> ResultNumber:
    """The dossier's result number, taken `now` if it has none — in the series of the year in Vietnam, dated
    the day in Vietnam — and committed.

    Two requests numbering the same dossier at once: the second one's line breaks a unique constraint, its
    transaction (and its counter step) rolls back, and it returns the number the first one took.
    """
    dossier_id, ward_id, today = dossier.id, dossier.ward_id, local_day(now)
    doc_type = type_of_dossier(dossier).abbreviation
    for _attempt in range(ATTEMPTS):
        line = _line_of(dossier_id)
        if line is not None:
            result = _as_result_number(line)
            db.session.commit()
            return result
        number = next_in_series(db.session, OutgoingNumberCounter.__table__,
                                {"ward_id": ward_id, "year": today.year, "doc_type": doc_type})
        line = OutgoingNumber(ward_id=ward_id, year=today.year, doc_type=doc_type, number=number,
                              dossier_id=dossier_id, issued_on=today)
        db.session.add(line)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            continue
        return ResultNumber(number, doc_type, today, taken=True)
    raise RuntimeError(f"could not number the result of dossier {dossier_id}")
