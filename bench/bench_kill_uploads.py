"""Fault benchmark: gunicorn workers killed with SIGKILL while residents upload and submit dossiers.

gunicorn (4 workers, SQLite) serves clients going through whole submissions (three attachments each) while
a killer sends SIGKILL to a random worker every ``interval`` seconds; the master starts a new one. A client
whose request died with its worker counts as interrupted. Afterwards the database and the uploads folder
are checked:

- every dossier is whole: three attachments whose files are on disk with the recorded SHA-256 (no half
  dossier), and every draft file row names a file that is on disk;
- every submission that was not interrupted made exactly one dossier;
- files a killed worker left behind are only unnamed ones (a temporary file, or a file whose row never
  committed): no row names them, so nobody can see them. Their count is printed (``check-storage`` removes
  such files).

Run: python3 bench/bench_kill_uploads.py [submissions] [clients] [interval]   (defaults: 120, 8, 1.5)
"""

import os
import random
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_submissions import (attachments, free_port, prepare_instance, start_gunicorn,  # noqa: E402
                               submit_one)


def workers_of(master: int) -> list[int]:
    """The live worker processes of a gunicorn master."""
    try:
        return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    except OSError:
        return []


def killer(master: int, interval: float, stop: threading.Event, kills: list) -> None:
    """SIGKILL one random worker every ``interval`` seconds until told to stop."""
    rng = random.Random(13)
    while not stop.wait(interval):
        workers = workers_of(master)
        if workers:
            victim = rng.choice(workers)
            try:
                os.kill(victim, signal.SIGKILL)
                kills.append(victim)
            except ProcessLookupError:
                pass


def check(instance: Path, completed: dict, interrupted: set) -> bool:
    """Whole dossiers only, one per completed submission; print what a killed worker left on disk."""
    from wardportal import create_app
    from wardportal.kernel import file_storage
    from wardportal.kernel.extensions import db
    from wardportal.dossiers.models import ApplicationDraft, Dossier, DraftFile

    app = create_app({"SEED_DEMO_WHEN_EMPTY": False, "AUTO_INIT_DB": False})
    uploads = file_storage.uploads_dir(instance)
    ok = True
    with app.app_context():
        dossiers = db.session.scalars(db.select(Dossier)).all()
        named = set()
        by_phone: dict[str, int] = {}
        for dossier in dossiers:
            by_phone[dossier.applicant_phone] = by_phone.get(dossier.applicant_phone, 0) + 1
            attachments_ = [f for f in dossier.files if f.kind == "attachment"]
            if len(attachments_) != 3:
                print(f"  HALF DOSSIER {dossier.code}: {len(attachments_)} attachments")
                ok = False
            for row in dossier.files:
                named.add(row.stored_name)
                if not file_storage.exists(uploads, row.stored_name) or \
                        file_storage.sha256_of(uploads, row.stored_name) != row.sha256:
                    print(f"  DAMAGED FILE in {dossier.code}")
                    ok = False
        for row in db.session.scalars(db.select(DraftFile)):
            named.add(row.stored_name)
            if not file_storage.exists(uploads, row.stored_name):
                print("  DRAFT ROW WITHOUT ITS FILE")
                ok = False
        lost = [phone for phone in completed if by_phone.get(phone) != 1]
        duplicated = [phone for phone, n in by_phone.items() if n > 1]
        interrupted_with_dossier = sum(1 for phone in interrupted if phone in by_phone)
        without_receipt = sum(1 for d in dossiers if not any(f.kind == "receipt" for f in d.files))
        drafts = db.session.scalar(db.select(db.func.count()).select_from(ApplicationDraft))
        on_disk = [p for p in uploads.rglob("*") if p.is_file()]
        unnamed = [p for p in on_disk if str(p.relative_to(uploads)) not in named]
        temporary = sum(1 for p in unnamed if p.name.startswith(".tmp-"))
        print(f"  dossiers: {len(dossiers)}, all whole: {ok}; completed submissions without exactly one "
              f"dossier: {len(lost)}; duplicated: {len(duplicated)}")
        print(f"  interrupted submissions: {len(interrupted)} ({interrupted_with_dossier} had already made "
              f"their dossier); dossiers whose receipt is still to be issued on first view: {without_receipt}; "
              f"drafts: {drafts}")
        print(f"  files on disk no row names (invisible; left by killed workers): {len(unnamed)} "
              f"({temporary} temporary)")
        db.engine.dispose()
    return ok and not lost and not duplicated


def main(count: int = 120, clients: int = 8, interval: float = 1.5) -> None:
    """Run the fault benchmark and print the outcome."""
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder)
        prepare_instance(instance)
        server = start_gunicorn(instance, port := free_port())
        papers = {n: attachments(n) for n in range(1, count + 1)}
        stop, kills = threading.Event(), []
        thread = threading.Thread(target=killer, args=(server.pid, interval, stop, kills))
        completed, interrupted = {}, set()
        started = time.perf_counter()
        thread.start()
        try:
            with ThreadPoolExecutor(max_workers=clients) as pool:
                futures = {n: pool.submit(submit_one, f"http://127.0.0.1:{port}", n, papers[n])
                           for n in range(1, count + 1)}
                for n, future in futures.items():
                    try:
                        result = future.result()
                        completed[result["phone"]] = result
                    except Exception:  # noqa: BLE001 — a request that died with its worker
                        interrupted.add(f"09{n:08d}")
        finally:
            stop.set()
            thread.join()
            server.terminate()
            server.wait(timeout=30)
        print(f"{count} submissions, {clients} clients, gunicorn -w 4 (SQLite), SIGKILL to a worker every "
              f"{interval} s: {len(kills)} workers killed, {len(completed)} submissions completed, "
              f"{len(interrupted)} interrupted, in {time.perf_counter() - started:.1f} s")
        if not check(instance, completed, interrupted):
            sys.exit(1)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]), *(float(a) for a in sys.argv[3:4]))
