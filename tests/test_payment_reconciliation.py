"""Bank statements matched to dossiers: exact payments applied, everything else left for a person."""

from datetime import date, datetime, timezone

import pytest

from wardportal.dossiers.status import DossierStatus
from wardportal.kernel.extensions import db
from wardportal.payments import credits, ledger, statements
from wardportal.payments.models import FeePayment, StatementLine
from wardportal.staff.models import AuditEntry

from .payment_support import owing_dossier, statement_a, statement_b, with_account
from .staff_factories import make_staff

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)
LAYOUTS = statements.DEFAULT_LAYOUTS


@pytest.fixture
def ward(make):
    return with_account(make.ward(unit_code="000.26.30.H29"))


@pytest.fixture
def officer(ward):
    return make_staff(ward, "officer")


def run_import(ward, officer, data, layout="ghi-no-ghi-co"):
    return statements.import_statement(ward, "sao-ke.csv", data, layout, LAYOUTS, actor=officer,
                                       ip_address="203.0.113.9", now=NOW)


def test_exact_transfer_is_applied_and_the_dossier_moves_on(ward, officer):
    dossier = owing_dossier(ward, 15000)
    statement = run_import(ward, officer, statement_a([("30/11/2026", "FT001", 15000, f"LE PHI {dossier.code}")]))
    assert statement.summary == {"lines": 1, "already_imported": 0, "applied": 1, "review": 0}
    db.session.refresh(dossier)
    assert dossier.status == DossierStatus.PROCESSING
    payment = db.session.scalar(db.select(FeePayment).where(FeePayment.dossier_id == dossier.id))
    assert (payment.amount, payment.method, payment.paid_on, payment.reference) == (15000, "bank", date(2026, 11, 30),
                                                                                    "FT001")
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "payments.recorded")) is not None


def test_code_found_with_punctuation_lost_or_in_short_form(ward, officer):
    one, two = owing_dossier(ward, 7500), owing_dossier(ward, 8000)
    squeezed = one.code.replace(".", "").replace("-", "")
    short = "-".join(two.code.split("-")[-2:])
    statement = run_import(ward, officer, statement_a([("30/11/2026", "FT1", 7500, f"NOP {squeezed}"),
                                                       ("30/11/2026", "FT2", 8000, f"ND {short} chuyen tien")]))
    assert statement.summary["applied"] == 2


@pytest.mark.parametrize("paid,outcome", [(10000, "partial"), (20000, "over")])
def test_wrong_amounts_wait_for_a_person(ward, officer, paid, outcome):
    dossier = owing_dossier(ward, 15000)
    run_import(ward, officer, statement_a([("30/11/2026", "FT9", paid, dossier.code)]))
    line = db.session.scalar(db.select(StatementLine))
    assert line.outcome == outcome and line.dossier_id == dossier.id
    assert db.session.scalar(db.select(db.func.count()).select_from(FeePayment)) == 0
    db.session.refresh(dossier)
    assert dossier.status == DossierStatus.FEES_REQUESTED


def test_unknown_code_and_already_paid_dossier_wait_for_a_person(ward, officer):
    dossier = owing_dossier(ward, 15000)
    run_import(ward, officer, statement_a([("30/11/2026", "A1", 15000, dossier.code)]))
    run_import(ward, officer, statement_a([("01/12/2026", "A2", 15000, dossier.code),
                                           ("01/12/2026", "A3", 50000, "ung ho quy vi nguoi ngheo")]))
    outcomes = dict(db.session.execute(db.select(StatementLine.bank_reference, StatementLine.outcome)).all())
    assert outcomes == {"A1": "applied", "A2": "duplicate", "A3": "unknown"}
    assert ledger.amount_paid(dossier) == 15000


def test_the_same_transfer_imported_twice_is_recorded_once(ward, officer):
    dossier = owing_dossier(ward, 15000)
    data = statement_a([("30/11/2026", "FT777", 15000, dossier.code)])
    run_import(ward, officer, data)
    again = run_import(ward, officer, data)
    assert again.summary["already_imported"] == 1 and again.summary["applied"] == 0
    assert ledger.amount_paid(dossier) == 15000
    # without a bank reference the line is known by its date, amount and note
    other = owing_dossier(ward, 8000)
    no_ref = statement_a([("30/11/2026", "", 8000, other.code)])
    run_import(ward, officer, no_ref)
    run_import(ward, officer, no_ref)
    assert ledger.amount_paid(other) == 8000


def test_second_layout_semicolon_signed_amounts_and_windows_code_page(ward, officer):
    dossier = owing_dossier(ward, 1_250_000)
    data = statement_b([("30/11/2026", "B1", 1_250_000, dossier.code), ("30/11/2026", "B2", -50_000, "phi SMS")])
    statement = run_import(ward, officer, data, "so-tien-co-dau")
    assert statement.summary["lines"] == 1 and statement.summary["applied"] == 1


def test_a_bad_file_names_the_line_and_stores_nothing(ward, officer):
    data = statement_a([("30/11/2026", "X", 1000, "a")]).replace(b"30/11/2026", b"31/13/2026")
    with pytest.raises(statements.StatementError, match="Dòng 4"):
        run_import(ward, officer, data)
    db.session.rollback()
    with pytest.raises(statements.StatementError):
        run_import(ward, officer, b"not,a,statement\n1,2,3")
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(StatementLine)) == 0


def test_a_person_accepts_a_partial_payment_and_rejects_an_unknown_one(ward, officer):
    dossier = owing_dossier(ward, 15000)
    run_import(ward, officer, statement_a([("30/11/2026", "P1", 10000, dossier.code),
                                           ("30/11/2026", "P2", 5000, "khong ro"),
                                           ("30/11/2026", "P3", 999, "nham")]))
    waiting = {c.reference: c for c in credits.waiting(ward)}
    assert [c.statement_line.bank_reference for c in credits.waiting(ward)] == ["P1", "P2", "P3"]
    credits.decide(ward, waiting["P1"].id, "apply", actor=officer, ip_address="x", note="Nộp trước một phần")
    db.session.refresh(dossier)
    assert dossier.status == DossierStatus.FEES_REQUESTED and ledger.fee_status(dossier).outstanding == 5000
    with pytest.raises(credits.CreditRefused):  # applying an unknown credit needs a dossier code
        credits.decide(ward, waiting["P2"].id, "apply", actor=officer, ip_address="x", note="?")
    db.session.rollback()
    credits.decide(ward, waiting["P2"].id, "apply", actor=officer, ip_address="x", note="Người nộp gọi điện xác nhận",
                   dossier_code=dossier.code)
    db.session.refresh(dossier)
    assert dossier.status == DossierStatus.PROCESSING
    credits.decide(ward, waiting["P3"].id, "reject", actor=officer, ip_address="x", note="Chuyển nhầm tài khoản")
    assert credits.waiting(ward) == []
    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"payments.credit_applied", "payments.credit_rejected", "payments.statement_imported"} <= actions


def test_another_wards_dossier_is_never_matched(make, ward, officer):
    other_ward = with_account(make.ward(unit_code="000.26.30.H30"))
    theirs = owing_dossier(other_ward, 15000)
    run_import(ward, officer, statement_a([("30/11/2026", "Z1", 15000, theirs.code)]))
    assert db.session.scalar(db.select(StatementLine)).outcome == "unknown"
    assert ledger.amount_paid(theirs) == 0


def test_counter_payment_records_amount_date_reference(ward, officer):
    dossier = owing_dossier(ward, 15000)
    with pytest.raises(ledger.PaymentRefused):
        ledger.record_payment(dossier, amount=15000, method="cash", paid_on=date(2027, 1, 1), reference="",
                              actor=officer, ip_address="x", now=NOW)
    db.session.rollback()
    ledger.record_payment(dossier, amount=15000, method="cash", paid_on=date(2026, 12, 1), reference="PT-12",
                          actor=officer, ip_address="x", now=NOW)
    db.session.refresh(dossier)
    assert dossier.status == DossierStatus.PROCESSING
    closed = owing_dossier(ward, 15000, status=int(DossierStatus.WITHDRAWN))
    with pytest.raises(ledger.PaymentRefused):
        ledger.record_payment(closed, amount=15000, method="cash", paid_on=date(2026, 12, 1), reference="",
                              actor=officer, ip_address="x", now=NOW)
