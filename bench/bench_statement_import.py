"""Statement import benchmark: time and the longest SQLite write-lock hold of a large statement.

Run: python3 bench/bench_statement_import.py [lines] [--profile]   (a throw-away SQLite instance)

Half as many dossiers as lines, each owing 16,000 đ: most lines pay a dossier exactly, the second line for
a dossier is a duplicate (held for review), a quarter pay half, a tenth name no dossier. The same file is
imported again at the end (nothing new is recorded). Prints time, lines/s and the longest write-lock hold
(tests/lock_timers.WriteLockTimer on the app's engine).
"""

import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(lines: int, profile: bool) -> None:
    with tempfile.TemporaryDirectory() as instance:
        os.environ["WARDPORTAL_INSTANCE_PATH"] = instance
        from tests.lock_timers import WriteLockTimer
        from wardportal import create_app
        from bench_payments import ward_with_dossiers_owing
        from wardportal.kernel.database import init_schema
        from wardportal.kernel.extensions import db
        from wardportal.staff.models import Ward
        from wardportal.payments.models import FeePayment, StatementLine
        from wardportal.payments import statements

        app = create_app({"TESTING": True, "AUTO_INIT_DB": False, "SEED_DEMO_WHEN_EMPTY": False,
                          "MAIL_SUPPRESS_SEND": True,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/wardportal.db"})
        with app.app_context():
            init_schema()
            dossiers = max(lines // 2, 1)
            ward, officer, _ = ward_with_dossiers_owing(dossiers)
            rows = ["Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Nội dung"]
            for n in range(lines):
                code = f"000.00.00.H99-261130-{n % dossiers + 1:04d}"
                amount = 8000 if n % 4 == 3 else 16000
                note = f"CK LE PHI {code}" if n % 10 else f"ung ho {n}"
                rows.append(f'30/11/2026,FT{n:08d},,"{amount:,}","{note}"')
            data = "\n".join(rows).encode("utf-8")
            ward_id, officer_id = ward.id, officer.id
            db.session.commit()

            def run():
                from wardportal.staff.models import StaffUser
                return statements.import_statement(db.session.get(Ward, ward_id), "sao-ke.csv", data,
                                                   "ghi-no-ghi-co", statements.DEFAULT_LAYOUTS,
                                                   actor=db.session.get(StaffUser, officer_id), ip_address="bench")

            profiler = cProfile.Profile() if profile else None
            with WriteLockTimer(db.engine) as timer:
                started = time.perf_counter()
                if profiler:
                    profiler.enable()
                statement = run()
                if profiler:
                    profiler.disable()
                first = time.perf_counter() - started
            summary = statement.summary
            longest = timer.longest
            print(f"import of {lines} lines: {first:.1f} s ({lines / first:.0f} lines/s); {summary}")
            print(f"  write transactions: {len(timer.holds)}, longest hold {longest.seconds * 1000:.1f} ms "
                  f"({longest.began_at})")
            with WriteLockTimer(db.engine) as timer:
                started = time.perf_counter()
                again = run()
                second = time.perf_counter() - started
            print(f"same file again: {second:.1f} s; {again.summary}; longest hold "
                  f"{timer.longest.seconds * 1000:.1f} ms")
            paid = db.session.scalar(db.select(db.func.count()).select_from(FeePayment))
            stored = db.session.scalar(db.select(db.func.count()).select_from(StatementLine))
            print(f"lines stored: {stored}, payments recorded: {paid}")
            if profiler:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 10_000, "--profile" in sys.argv)
