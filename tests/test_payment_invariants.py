"""Money invariants (issue 22), each on SQLite and PostgreSQL, alone and under concurrency.

- no automatic step credits a dossier more than it owes (statement import, gateway callback);
- every credit not applied lands in one review list, decided by apply / refund / reject, audited;
- two identical transfers are two lines, the same file imported twice records nothing new;
- one open gateway order per bill; a callback for a paid or closed dossier is acknowledged and held;
- receipt numbers are a yearly series per ward, unique under concurrency; amounts are bounded.
"""

import shutil
import threading
from datetime import datetime, timezone

import pytest
from sqlalchemy import inspect

from wardportal.catalogue import fees
from wardportal.dossiers.status import DossierStatus
from wardportal.kernel.extensions import db
from wardportal.payments import credits, gateway, ledger, statements
from wardportal.payments.models import FeePayment, GatewayPayment, StatementLine, UnappliedCredit
from wardportal.staff.models import AuditEntry

from .concurrency import race
from .conftest import make_app
from .factories import Factories
from .payment_provider import MERCHANT, SECRET, signed_result
from .payment_support import owing_dossier, statement_a, with_account
from .postgres_support import fresh_postgres_app
from .staff_factories import make_staff

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc)
GATEWAY_SETTINGS = {"PAYMENT_GATEWAY": "wardportal.payments.gateway:HmacRedirectGateway",
                    "PAYMENT_GATEWAY_URL": "http://127.0.0.1:9/pay", "PAYMENT_GATEWAY_MERCHANT": MERCHANT,
                    "PAYMENT_GATEWAY_SECRET": SECRET}


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_app(request, instance_path, migrated_db):
    """The app on SQLite (a copy of the migrated template) or on an emptied, migrated PostgreSQL."""
    if request.param == "sqlite":
        shutil.copy(migrated_db, instance_path / "wardportal.db")
        application = make_app(instance_path, **GATEWAY_SETTINGS)
    else:
        application = fresh_postgres_app(instance_path, **GATEWAY_SETTINGS)
    with application.app_context():
        yield application
        application.extensions["search"].close_all()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def ward(engine_app):
    return with_account(Factories().ward(unit_code="000.26.30.H29"))


@pytest.fixture
def officer(ward):
    return make_staff(ward, "officer")


def run_import(ward, officer, data):
    return statements.import_statement(ward, "sao-ke.csv", data, "ghi-no-ghi-co", statements.DEFAULT_LAYOUTS,
                                       actor=officer, ip_address="203.0.113.9", now=NOW)


def provider(app):
    return gateway.configured_gateway(app.config)


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


# ---------------------------------------------------------------- statements


def test_two_transfers_in_one_import_never_credit_more_than_owed(ward, officer):
    """Two 15,000 đ transfers for a dossier owing 15,000 đ: one applied, the other waits as a duplicate."""
    dossier = owing_dossier(ward, 15000)
    statement = run_import(ward, officer, statement_a([("30/11/2026", "FT1", 15000, dossier.code),
                                                       ("30/11/2026", "FT2", 15000, f"LE PHI {dossier.code}")]))
    assert statement.summary == {"lines": 2, "already_imported": 0, "applied": 1, "review": 1}
    assert ledger.amount_paid(dossier) == 15000 and count(FeePayment) == 1
    [held] = credits.waiting(ward)
    assert (held.reason, held.amount, held.dossier_id, held.reference) == ("duplicate", 15000, dossier.id, "FT2")


def test_record_payment_refuses_more_than_owed(ward, officer):
    dossier = owing_dossier(ward, 15000)
    with pytest.raises(ledger.MoreThanOwed):
        ledger.record_payment(dossier, amount=15001, method="cash", paid_on=NOW.date(), reference="",
                              actor=officer, ip_address="x", now=NOW)
    db.session.rollback()
    ledger.record_payment(dossier, amount=10000, method="cash", paid_on=NOW.date(), reference="", actor=officer,
                          ip_address="x", now=NOW)
    with pytest.raises(ledger.MoreThanOwed):
        ledger.record_payment(dossier, amount=5001, method="cash", paid_on=NOW.date(), reference="",
                              actor=officer, ip_address="x", now=NOW)
    db.session.rollback()
    assert ledger.amount_paid(dossier) == 10000


def test_identical_transfers_without_reference_are_two_lines_and_a_reimport_adds_nothing(ward, officer):
    dossier = owing_dossier(ward, 30000)
    other = owing_dossier(ward, 8000)
    rows = [("30/11/2026", "", 15000, f"NOP {dossier.code}"), ("30/11/2026", "", 15000, f"NOP {dossier.code}"),
            ("30/11/2026", "", 8000, other.code)]
    first = run_import(ward, officer, statement_a(rows))
    assert first.summary["lines"] == 3 and first.summary["already_imported"] == 0
    assert count(StatementLine) == 3
    again = run_import(ward, officer, statement_a(rows))
    assert again.summary == {"lines": 3, "already_imported": 3, "applied": 0, "review": 0}
    assert count(StatementLine) == 3 and ledger.amount_paid(other) == 8000
    # the same day exported again with a third identical transfer: only the new one is new
    third = run_import(ward, officer, statement_a(rows + [("30/11/2026", "", 15000, f"NOP {dossier.code}")]))
    assert third.summary["already_imported"] == 3 and count(StatementLine) == 4


def test_the_same_statement_imported_twice_at_once_records_each_line_once(engine_app, ward, officer):
    dossiers = [owing_dossier(ward, 15000) for _ in range(20)]
    data = statement_a([("30/11/2026", f"R{n}", 15000, d.code) for n, d in enumerate(dossiers)]
                       + [("30/11/2026", "", 15000, dossiers[0].code)])
    ward_id, officer_id = ward.id, officer.id

    def importing():
        from wardportal.staff.models import StaffUser, Ward
        return run_import(db.session.get(Ward, ward_id), db.session.get(StaffUser, officer_id), data).summary

    results, errors = race(engine_app, [importing, importing])
    assert errors == [] and len(results) == 2
    assert sum(r["applied"] for r in results) == 20 and sum(r["review"] for r in results) == 1
    assert count(StatementLine) == 21 and count(FeePayment) == 20
    for dossier in dossiers:
        assert ledger.amount_paid(dossier) == 15000


def test_matching_uses_one_lookup_per_chunk_not_a_query_per_line(engine_app, ward, officer):
    """Counted on the engine: a 300-line statement's matching issues a handful of queries, not ~300."""
    from sqlalchemy import event
    dossiers = [owing_dossier(ward, 1000) for _ in range(3)]
    notes = [f"CK {dossiers[n % 3].code} lan {n}" for n in range(300)]
    seen = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        found = statements.match_dossiers(ward.id, notes)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert found == [dossiers[n % 3].id for n in range(300)]
    assert len([q for q in seen if "FROM dossier" in q]) == 1 and not any("LIKE" in q for q in seen)


# ---------------------------------------------------------------- review list and decisions


def test_an_overpayment_is_applied_up_to_what_is_owed_and_the_excess_refunded(engine_app, ward, officer):
    dossier = owing_dossier(ward, 15000)
    run_import(ward, officer, statement_a([("30/11/2026", "OV1", 20000, dossier.code)]))
    [held] = credits.waiting(ward)
    assert held.reason == "over"
    credits.decide(ward, held.id, "apply", actor=officer, ip_address="x", note="Ghi nhận phần phải nộp", now=NOW)
    db.session.refresh(dossier)
    assert dossier.status == DossierStatus.PROCESSING and ledger.amount_paid(dossier) == 15000
    [left] = credits.waiting(ward)
    assert left.id == held.id and left.remaining == 5000
    with pytest.raises(credits.CreditRefused):  # nothing more is owed: apply is refused
        credits.decide(ward, held.id, "apply", actor=officer, ip_address="x", note="lại", now=NOW)
    db.session.rollback()
    with pytest.raises(credits.CreditRefused):  # a refund names the bank's refund transfer
        credits.decide(ward, held.id, "refund", actor=officer, ip_address="x", note="Hoàn tiền thừa", now=NOW)
    db.session.rollback()
    credits.decide(ward, held.id, "refund", actor=officer, ip_address="x", note="Hoàn tiền thừa",
                   refund_reference="FT-HOAN-01", now=NOW)
    assert credits.waiting(ward) == []
    done = db.session.get(UnappliedCredit, held.id)
    assert (done.state, done.refund_reference, done.applied_amount) == ("refunded", "FT-HOAN-01", 15000)
    actions = list(db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)))
    assert "payments.credit_applied" in actions and "payments.credit_refunded" in actions


def test_statement_and_gateway_credits_share_one_review_list(engine_app, ward, officer):
    dossier = owing_dossier(ward, 24000)
    stopped = owing_dossier(ward, 8000)
    run_import(ward, officer, statement_a([("30/11/2026", "U1", 50000, "ung ho quy"),
                                           ("30/11/2026", "C1", 24000, dossier.code)]))
    order = GatewayPayment(dossier_id=stopped.id, order_ref="ord-closed", amount=8000, provider="hmac-redirect")
    db.session.add(order)
    stopped.status = int(DossierStatus.STOPPED)
    db.session.commit()
    gateway.complete_payment(provider(engine_app), signed_result("ord-closed", 8000), "x", now=NOW)
    reasons = sorted((c.method, c.reason) for c in credits.waiting(ward))
    assert reasons == [("bank", "unknown"), ("gateway", "closed")]


# ---------------------------------------------------------------- gateway


def test_pressing_pay_again_reuses_the_open_order(engine_app, ward):
    dossier = owing_dossier(ward, 24000)
    first = gateway.start_payment(provider(engine_app), dossier, "http://portal/back", now=NOW)
    second = gateway.start_payment(provider(engine_app), dossier, "http://portal/back", now=NOW)
    assert first == second and count(GatewayPayment) == 1
    # the bill changed: the old order is expired, a new one opened for the new amount
    dossier.fees.amount_due = 30000
    db.session.commit()
    gateway.start_payment(provider(engine_app), dossier, "http://portal/back", now=NOW)
    statuses = sorted(db.session.execute(db.select(GatewayPayment.amount, GatewayPayment.status)).all())
    assert statuses == [(24000, "expired"), (30000, "pending")]


def test_two_presses_at_once_open_one_order(engine_app, ward):
    dossier = owing_dossier(ward, 24000)
    dossier_id = dossier.id

    def press():
        from wardportal.dossiers.models import Dossier
        return gateway.start_payment(provider(engine_app), db.session.get(Dossier, dossier_id), "http://p/b",
                                     now=NOW)

    results, errors = race(engine_app, [press, press, press])
    assert errors == [] and len(set(results)) == 1 and count(GatewayPayment) == 1


def test_a_second_paid_order_is_held_not_credited(engine_app, ward):
    """The old bug: two orders for a 24,000 đ bill both paid gave 48,000 đ credited."""
    dossier = owing_dossier(ward, 24000)
    for ref in ("ord-a", "ord-b"):
        db.session.add(GatewayPayment(dossier_id=dossier.id, order_ref=ref, amount=24000, provider="hmac-redirect"))
    db.session.commit()
    gateway.complete_payment(provider(engine_app), signed_result("ord-a", 24000), "x", now=NOW)
    second = gateway.complete_payment(provider(engine_app), signed_result("ord-b", 24000), "x", now=NOW)
    assert second.status == "review" and ledger.amount_paid(dossier) == 24000
    [held] = credits.waiting(ward)
    assert (held.reason, held.amount, held.gateway_payment_id) == ("second_order", 24000, second.id)
    # the tracking page's data says what happens to the excess
    assert [c.id for c in ledger.fee_status(dossier).unapplied] == [held.id]


def test_the_same_callback_twice_at_once_credits_once(engine_app, ward):
    dossier = owing_dossier(ward, 24000)
    db.session.add(GatewayPayment(dossier_id=dossier.id, order_ref="ord-race", amount=24000,
                                  provider="hmac-redirect"))
    db.session.commit()

    def settle():
        return gateway.complete_payment(provider(engine_app), signed_result("ord-race", 24000), "x", now=NOW).status

    results, errors = race(engine_app, [settle, settle, settle])
    assert errors == [] and results == ["paid"] * 3
    assert count(FeePayment) == 1 and ledger.amount_paid(dossier) == 24000 and count(UnappliedCredit) == 0


def test_two_orders_settled_at_once_credit_the_bill_once(engine_app, ward):
    dossier = owing_dossier(ward, 24000)
    for ref in ("ord-x", "ord-y"):
        db.session.add(GatewayPayment(dossier_id=dossier.id, order_ref=ref, amount=24000, provider="hmac-redirect"))
    db.session.commit()

    def settle(ref):
        return lambda: gateway.complete_payment(provider(engine_app), signed_result(ref, 24000), "x",
                                                now=NOW).status

    results, errors = race(engine_app, [settle("ord-x"), settle("ord-y")])
    assert errors == [] and sorted(results) == ["paid", "review"]
    assert ledger.amount_paid(dossier) == 24000 and count(UnappliedCredit) == 1


# ---------------------------------------------------------------- receipts and bounds


def test_receipt_numbers_are_a_yearly_series_per_ward(engine_app, ward, officer):
    other_ward = with_account(Factories().ward(unit_code="000.26.30.H30"))
    numbers = []
    for w, when in ((ward, NOW), (ward, NOW), (other_ward, NOW), (ward, datetime(2027, 1, 2, 3, tzinfo=timezone.utc))):
        dossier = owing_dossier(w, 1000)
        numbers.append(ledger.record_payment(dossier, amount=1000, method="cash", paid_on=NOW.date(), reference="",
                                             actor=None, ip_address="x", now=when).receipt_number)
    assert numbers == ["0001/2026/BL", "0002/2026/BL", "0001/2026/BL", "0001/2027/BL"]


def test_concurrent_payments_get_distinct_receipt_numbers(engine_app, ward):
    ids = [owing_dossier(ward, 1000).id for _ in range(6)]

    def pay(dossier_id):
        def step():
            from wardportal.dossiers.models import Dossier
            return ledger.record_payment(db.session.get(Dossier, dossier_id), amount=1000, method="cash",
                                         paid_on=NOW.date(), reference="", actor=None, ip_address="x",
                                         now=NOW).receipt_number
        return step

    results, errors = race(engine_app, [pay(i) for i in ids])
    assert errors == [] and sorted(results) == [f"{n:04d}/2026/BL" for n in range(1, 7)]


def test_amounts_are_bounded_and_stored_in_64_bit_columns(engine_app, ward, officer):
    with pytest.raises(fees.InvalidSchedule, match="largest bill"):
        fees.parse_schedule({"items": [{"name": "A", "amount": fees.MAX_AMOUNT // 2, "per": "copy"}],
                             "max_copies": 3})
    with pytest.raises(statements.StatementError, match="quá lớn"):
        run_import(ward, officer, statement_a([("30/11/2026", "X", 10**16, "lon")]))
    db.session.rollback()
    dossier = owing_dossier(ward, fees.MAX_AMOUNT)
    with pytest.raises(ledger.PaymentRefused):
        ledger.record_payment(dossier, amount=fees.MAX_AMOUNT + 1, method="cash", paid_on=NOW.date(),
                              reference="", actor=None, ip_address="x", now=NOW)
    db.session.rollback()
    if db.engine.dialect.name == "postgresql":
        columns = {(t, c["name"]): c["type"] for t in ("dossier_fees", "fee_payment", "statement_line",
                                                        "gateway_payment", "unapplied_credit")
                   for c in inspect(db.engine).get_columns(t)}
        for key in (("dossier_fees", "amount_due"), ("fee_payment", "amount"), ("statement_line", "amount"),
                    ("gateway_payment", "amount"), ("unapplied_credit", "amount")):
            assert columns[key].__class__.__name__ == "BIGINT", key
    # a large non-fee credit on a statement is kept (64-bit) and waits for a person
    run_import(ward, officer, statement_a([("30/11/2026", "BIG", 5 * 10**12, "ngan sach cap")]))
    assert credits.waiting(ward)[0].amount == 5 * 10**12


# ---------------------------------------------------------------- the write lock during a large import


def test_a_5000_line_import_never_holds_the_write_lock_long_and_residents_write_meanwhile(app, instance_path):
    """Parse and match before writing, write in short batches: no hold over 100 ms, another writer gets in."""
    import sqlite3
    import time

    from wardportal.dossiers.models import Dossier
    from wardportal.payments.models import DossierFees

    from .lock_timers import WriteLockTimer

    ward = with_account(Factories().ward(unit_code="000.26.30.H29"))
    officer = make_staff(ward, "officer")
    for n in range(2500):
        db.session.add(Dossier(ward_id=ward.id, code=f"000.26.30.H29-261130-{n + 1:04d}", tracking_token=f"t{n}",
                               status=6, channel="online", procedure_snapshot={"title": "Khai sinh"},
                               applicant_name="Nguyễn Văn A", applicant_id_number="001090012345",
                               applicant_phone="0912345678", applicant_address="Hòa Bình", submitted_at=NOW,
                               fees=DossierFees(choices={}, lines=[], amount_due=16000)))
    db.session.commit()
    rows = [("30/11/2026", f"FT{n:06d}", 16000 if n % 4 else 8000,
             f"CK LE PHI 000.26.30.H29-261130-{n % 2500 + 1:04d}" if n % 10 else f"ung ho {n}") for n in range(5000)]
    data = statement_a(rows)
    ward_id, officer_id = ward.id, officer.id
    db.session.commit()
    outcome, resident_writes, resident_failures = {}, [], []

    def importing():
        from wardportal.staff.models import StaffUser, Ward
        with app.app_context():
            try:
                outcome["summary"] = run_import(db.session.get(Ward, ward_id), db.session.get(StaffUser, officer_id),
                                                data).summary
            finally:
                db.session.remove()

    with WriteLockTimer(db.engine) as timer:
        worker = threading.Thread(target=importing)
        worker.start()
        other = sqlite3.connect(instance_path / "wardportal.db", timeout=2, isolation_level=None)
        while worker.is_alive():
            # a resident's write elsewhere in the portal, with a short patience
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("UPDATE ward SET hotline = hotline WHERE id = ?", (ward_id,))
                other.execute("COMMIT")
                resident_writes.append(1)
            except sqlite3.OperationalError:
                resident_failures.append(1)
            time.sleep(0.05)
        worker.join()
        other.close()
    summary = outcome["summary"]
    assert summary["lines"] == 5000 and summary["applied"] + summary["review"] == 5000
    # matching and writing are CPU and queries; a resident's thread shares the GIL with the import here
    timer.assert_short(cpu_bound=True)
    assert resident_writes and not resident_failures
    assert count(StatementLine) == 5000
