"""Payments benchmark: reconciling a bank statement, and making a signed fee receipt.

Run: python3 bench/bench_payments.py [lines]   (a throw-away SQLite instance; prints lines/s and ms)

The statement has `lines` credits: 80% exact (applied at once, each moving its dossier on), 10% partial,
5% unknown codes, 5% already imported the first time (the same file imported again at the end).
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def ward_with_dossiers_owing(count: int):
    """In the current app: a ward with a treasury account, an officer, and ``count`` dossiers waiting for their
    fees (status 6), each owing 16,000 đ, coded 000.00.00.H99-261130-0001…; returns (ward, officer, dossiers)."""
    from wardportal.staff.accounts import create_staff
    from wardportal.kernel.extensions import db
    from wardportal.dossiers.models import Dossier
    from wardportal.staff.models import Ward
    from wardportal.payments.models import DossierFees, WardPaymentAccount

    ward = Ward(slug="phuong-thu", name="Phường Thử", unit_code="000.00.00.H99")
    db.session.add(ward)
    db.session.flush()
    db.session.add(WardPaymentAccount(ward_id=ward.id, bank_bin="970405", bank_name="Agribank",
                                      account_number="9999000012345", account_name="UBND PHUONG THU"))
    officer = create_staff("ketoan@example.vn", "Kế toán", "mot-mat-khau-dai", ward=ward, roles=("officer",))
    dossiers = []
    for n in range(count):
        d = Dossier(ward_id=ward.id, code=f"000.00.00.H99-261130-{n + 1:04d}", tracking_token=f"t{n}",
                    status=6, channel="online", procedure_snapshot={"title": "Cấp bản sao trích lục"},
                    applicant_name="Nguyễn Văn A", applicant_id_number="001090012345",
                    applicant_phone="0912345678", applicant_address="Hòa Bình",
                    submitted_at=datetime(2026, 11, 30, 2, tzinfo=timezone.utc))
        d.fees = DossierFees(choices={}, lines=[{"name": "Lệ phí", "unit_amount": 8000, "quantity": 2}],
                             amount_due=16000)
        db.session.add(d)
        dossiers.append(d)
    db.session.commit()
    return ward, officer, dossiers


def main(lines: int = 1000) -> None:
    with tempfile.TemporaryDirectory() as instance:
        os.environ["WARDPORTAL_INSTANCE_PATH"] = instance
        from wardportal import create_app
        from wardportal.kernel.database import init_schema
        from wardportal.kernel.extensions import db
        from wardportal.payments.models import FeePayment
        from wardportal.payments import fee_receipts, ledger, statements

        app = create_app({"TESTING": True, "AUTO_INIT_DB": False, "SEED_DEMO_WHEN_EMPTY": False,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/wardportal.db"})
        with app.app_context():
            init_schema()
            ward, officer, dossiers = ward_with_dossiers_owing(lines)
            rows = ["Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Nội dung"]
            for n, d in enumerate(dossiers):
                kind = n % 20
                amount = 8000 if kind in (16, 17) else 16000
                note = f"CK LE PHI {d.code}" if kind not in (18, 19) else f"ung ho {n}"
                rows.append(f'30/11/2026,FT{n:08d},,"{amount:,}","{note}"')
            data = "\n".join(rows).encode("utf-8")
            started = time.perf_counter()
            statement = statements.import_statement(ward, "sao-ke.csv", data, "ghi-no-ghi-co",
                                                    statements.DEFAULT_LAYOUTS, actor=officer, ip_address="bench")
            first = time.perf_counter() - started
            started = time.perf_counter()
            again = statements.import_statement(ward, "sao-ke.csv", data, "ghi-no-ghi-co",
                                                statements.DEFAULT_LAYOUTS, actor=officer, ip_address="bench")
            second = time.perf_counter() - started
            print(f"statement of {lines} credits: {first * 1000:.0f} ms ({lines / first:.0f} lines/s); "
                  f"summary {statement.summary}")
            print(f"same statement again: {second * 1000:.0f} ms; summary {again.summary}")
            paid = db.session.scalar(db.select(db.func.count()).select_from(FeePayment))
            print(f"payments recorded: {paid} (none twice)")
            receipts_ms = []
            for payment in db.session.scalars(db.select(FeePayment).limit(11)).all():
                t0 = time.perf_counter()
                fee_receipts.issue_fee_receipt(payment, datetime.now(timezone.utc))
                receipts_ms.append((time.perf_counter() - t0) * 1000)
            receipts_ms = receipts_ms[1:]  # the first loads fonts and keys
            print(f"signed fee receipt: median {statistics.median(receipts_ms):.0f} ms, "
                  f"max {max(receipts_ms):.0f} ms over {len(receipts_ms)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
