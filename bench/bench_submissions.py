"""Online submission benchmark: gunicorn (4 workers) and 16 concurrent clients submitting dossiers.

Each submission goes through every step as a browser without JavaScript would (start, applicant details,
three attachments, delivery, final submit, with CSRF tokens), then the database and the uploads folder
are checked: every dossier stored once (0 lost, 0 duplicated), codes unique, every file's SHA-256 equal to
what was sent. Runs on SQLite, then on PostgreSQL (a throw-away server from scripts/start-test-postgres.sh,
or the one named by WARDPORTAL_BENCH_POSTGRES_URL; its schema is emptied). Also times receipt generation +
signing in-process.

On SQLite it also measures how long each write transaction holds the database's write lock (from the end
of ``BEGIN IMMEDIATE`` to its commit or rollback), with engine event listeners installed by a wrapper WSGI
module in the workers: the production code is not instrumented.

Run: python3 bench/bench_submissions.py [submissions] [clients] [sqlite|postgres|both]
     (defaults: 500, 16, both; loopback only)
"""

import hashlib
import io
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WARD_SLUG, PROCEDURE_CODE = "phuong-bench", "1.001193"
DOCUMENTS = ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh", "Giấy chứng nhận kết hôn của cha, mẹ"]


# Loaded by gunicorn instead of wsgi:app: the portal plus timers on the write transactions (SQLite lock).
TIMED_WSGI = '''import os
import time

from flask import has_request_context, request
from sqlalchemy import event

from wardportal import create_app
from wardportal.database import _is_read_only_request
from wardportal.extensions import db

app = create_app()
_log = open(os.path.join(os.environ["BENCH_LOCK_LOG_DIR"], f"locks-{os.getpid()}.txt"), "a", buffering=1)
with app.app_context():
    _engine = db.engine


@event.listens_for(_engine, "begin")
def _began(connection):
    # Runs after the portal's own listener has issued BEGIN IMMEDIATE: the lock is held from here.
    if not _is_read_only_request():
        connection.info["bench_lock_t0"] = (time.perf_counter(), time.thread_time())


def _ended(connection):
    started = connection.info.pop("bench_lock_t0", None)
    if started is not None:
        where = request.endpoint if has_request_context() else "-"
        wall, cpu = time.perf_counter() - started[0], time.thread_time() - started[1]
        _log.write(f"{wall * 1000:.3f} {cpu * 1000:.3f} {where}\\n")


event.listen(_engine, "commit", _ended)
event.listen(_engine, "rollback", _ended)
'''


def reset_postgres(url: str) -> None:
    """Empty the PostgreSQL database's schema."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def prepare_instance(instance: Path) -> None:
    """Migrate a fresh database (SQLite, or DATABASE_URL) and add one ward with one fully online procedure."""
    os.environ["WARDPORTAL_INSTANCE_PATH"] = str(instance)
    from wardportal import create_app
    from wardportal.kernel.database import init_schema
    from wardportal.kernel.extensions import db
    from wardportal.catalogue.models import Procedure, RequiredDocument
    from wardportal.staff.models import Ward

    if os.environ.get("DATABASE_URL"):
        reset_postgres(os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1))
    app = create_app({"SEED_DEMO_WHEN_EMPTY": False, "AUTO_INIT_DB": False})
    with app.app_context():
        init_schema()
        ward = Ward(slug=WARD_SLUG, name="Phường Bến Thành", unit_code="H79.01",
                    address="Số 1 Lê Lợi, phường Bến Thành", hotline="028 3829 0000")
        procedure = Procedure(ward=ward, code=PROCEDURE_CODE, title="Đăng ký khai sinh", field="Hộ tịch",
                              field_slug="ho-tich", processing_days=3, online_level="full",
                              documents=[RequiredDocument(position=i, name=n) for i, n in enumerate(DOCUMENTS)])
        db.session.add_all([ward, procedure])
        db.session.commit()
        db.engine.dispose()


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(instance: Path, port: int) -> subprocess.Popen:
    """gunicorn -w 4 on the temp instance, rate limiting off (every client shares one address); log to a file.

    The workers load ``timed_wsgi`` (the portal with the lock timers), written into the instance folder.
    """
    (instance / "timed_wsgi.py").write_text(TIMED_WSGI)
    (instance / "locks").mkdir(exist_ok=True)
    # SECRET_KEY given explicitly: create_app's setdefault never applies (Flask presets SECRET_KEY = None);
    # plain-HTTP loopback, so the session cookie must not be HTTPS-only
    env = dict(os.environ, WARDPORTAL_INSTANCE_PATH=str(instance), WARDPORTAL_RATELIMIT_ENABLED="false",
               WARDPORTAL_SEED_DEMO_WHEN_EMPTY="false", WARDPORTAL_SECRET_KEY=os.urandom(24).hex(),
               WARDPORTAL_ALLOW_INSECURE_COOKIES="true", BENCH_LOCK_LOG_DIR=str(instance / "locks"),
               PYTHONPATH=os.pathsep.join([str(ROOT), str(instance)]))
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "4", "-b", f"127.0.0.1:{port}", "--timeout", "120",
         "--log-level", "warning", "--error-logfile", str(instance / "gunicorn.log"), "timed_wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/{WARD_SLUG}/", timeout=30).status_code == 200:
                return server
        except requests.RequestException:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not come up")


def attachments(number: int) -> list[tuple[str, bytes, str]]:
    """A scanned PDF (~150 KB), a phone photo JPEG (~100 KB) and a PNG, different for each submission."""
    rng = random.Random(number)
    noise = rng.randbytes(75_000).hex().encode()
    pdf = (b"%%PDF-1.4\n1 0 obj\n<< /Length %d >>\nstream\n" % len(noise) + noise
           + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
    photo = Image.frombytes("RGB", (320, 240), rng.randbytes(320 * 240 * 3))
    jpeg, png = io.BytesIO(), io.BytesIO()
    photo.save(jpeg, "JPEG", quality=85)
    photo.resize((160, 120)).save(png, "PNG")
    return [(f"to-khai-{number}.pdf", pdf, "application/pdf"), (f"giay-chung-sinh-{number}.jpg", jpeg.getvalue(),
            "image/jpeg"), (f"ket-hon-{number}.png", png.getvalue(), "image/png")]


def csrf_of(html: str) -> str:
    """The CSRF token of a page's form."""
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)[1]


def submit_one(base: str, number: int, files: list) -> dict:
    """One resident's whole submission; returns timings and what was sent."""
    session = requests.Session()
    started = time.perf_counter()
    page = session.get(f"{base}/{WARD_SLUG}/thu-tuc/{PROCEDURE_CODE}/nop-ho-so", timeout=60)
    token = csrf_of(page.text)
    response = session.post(page.url, data={"csrf_token": token}, timeout=60)
    assert response.url.endswith("/thong-tin"), (response.status_code, response.url, response.text[:300])
    draft_url = response.url.rsplit("/", 1)[0]
    applicant = {"csrf_token": token, "full_name": "Nguyễn Văn An", "citizen_id": f"079190{number:06d}",
                 "birth_date": "15/08/1990", "phone": f"09{number:08d}", "email": f"an{number}@example.vn",
                 "address": "Số 5 Lê Lợi, phường Bến Thành", "action": "continue"}
    response = session.post(f"{draft_url}/thong-tin", data=applicant, timeout=60)
    assert response.url.endswith("/giay-to"), (response.status_code, response.url)
    response = session.post(f"{draft_url}/giay-to", data={"csrf_token": token, "action": "continue"},
                            files=[(f"doc-{i}", f) for i, f in enumerate(files)], timeout=60)
    assert response.url.endswith("/nhan-ket-qua"), (response.status_code, response.url)
    response = session.post(f"{draft_url}/nhan-ket-qua", timeout=60,
                            data={"csrf_token": token, "delivery_method": "online", "action": "continue"})
    assert response.url.endswith("/kiem-tra"), (response.status_code, response.url)
    submit_started = time.perf_counter()
    response = session.post(f"{draft_url}/nop", data={"csrf_token": token}, allow_redirects=False, timeout=60)
    finished = time.perf_counter()
    assert response.status_code == 302, response.status_code
    return {"total": finished - started, "submit": finished - submit_started,
            "phone": applicant["phone"], "hashes": sorted(hashlib.sha256(f[1]).hexdigest() for f in files)}


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def check_stored(instance: Path, results: list[dict]) -> None:
    """Every submission stored once (none lost, none duplicated), unique codes, files intact, no orphan file."""
    from wardportal import create_app
    from wardportal.kernel import file_storage
    from wardportal.kernel.extensions import db
    from wardportal.dossiers.models import Dossier

    app = create_app({"SEED_DEMO_WHEN_EMPTY": False, "AUTO_INIT_DB": False})
    uploads = file_storage.uploads_dir(instance)
    with app.app_context():
        dossiers = db.session.scalars(db.select(Dossier)).all()
        phones = [d.applicant_phone for d in dossiers]
        sent = {r["phone"]: r["hashes"] for r in results}
        lost = [phone for phone in sent if phone not in phones]
        duplicated = len(phones) - len(set(phones))
        codes = [d.code for d in dossiers]
        print(f"  dossiers: {len(dossiers)} for {len(results)} completed submissions; lost {len(lost)}, "
              f"duplicated {duplicated}, unique codes {len(set(codes))}")
        assert not lost and not duplicated and len(set(codes)) == len(codes)
        referenced = set()
        for dossier in dossiers:
            files = [f for f in dossier.files if f.kind == "attachment"]
            assert sorted(f.sha256 for f in files) == sent[dossier.applicant_phone], dossier.code
            for row in dossier.files:
                assert file_storage.sha256_of(uploads, row.stored_name) == row.sha256, row.stored_name
                referenced.add(row.stored_name)
            assert sum(f.kind == "receipt" for f in dossier.files) == 1, dossier.code
        on_disk = {str(p.relative_to(uploads)) for p in uploads.rglob("*") if p.is_file()}
        orphans = on_disk - referenced
        print(f"  files: {len(referenced)} referenced, every SHA-256 matches what was sent; "
              f"{len(orphans)} unreferenced files on disk")
        assert not orphans, sorted(orphans)[:5]
        time_receipts(dossiers[:20])
        db.engine.dispose()


def lock_holds(instance: Path) -> None:
    """The write transactions' lock hold times written by the workers (SQLite only)."""
    rows = []
    for log in (instance / "locks").glob("locks-*.txt"):
        for line in log.read_text().splitlines():
            wall, cpu, where = line.split(" ", 2)
            rows.append((float(wall), float(cpu), where))
    if not rows:
        return
    rows.sort()
    values = [r[0] for r in rows]
    by_endpoint: dict[str, float] = {}
    for wall, _cpu, where in rows:
        by_endpoint[where] = max(by_endpoint.get(where, 0.0), wall)
    print(f"  SQLite write lock held: {len(rows)} write transactions, median {statistics.median(values):.1f} ms, "
          f"p95 {percentile(values, 0.95):.1f} ms, p99 {percentile(values, 0.99):.1f} ms")
    # CPU time of the holding thread beside the wall time: on a shared machine a long hold with little CPU
    # is a worker waiting for a core, not work done under the lock.
    print("  longest holds (wall ms / CPU ms of the holding thread): " + ", ".join(
        f"{wall:.1f}/{cpu:.1f} {where}" for wall, cpu, where in reversed(rows[-5:])))
    worst = sorted(by_endpoint.items(), key=lambda item: -item[1])[:6]
    print("  longest per endpoint (wall): " + ", ".join(f"{where} {millis:.1f} ms" for where, millis in worst))


def time_receipts(dossiers) -> None:
    """Receipt generation + signing, in-process, as done at submission."""
    from wardportal.dossiers import receipts

    receipts.render_signed_receipt(dossiers[0], "http://127.0.0.1")  # warm-up: fonts, keys
    timings = []
    for dossier in dossiers:
        started = time.perf_counter()
        receipts.render_signed_receipt(dossier, "http://127.0.0.1")
        timings.append(time.perf_counter() - started)
    print(f"receipt generation + signing: median {statistics.median(timings) * 1000:.1f} ms, "
          f"p95 {percentile(timings, 0.95) * 1000:.1f} ms over {len(timings)}")


def cpu_seconds(pid: int) -> float:
    """CPU seconds used by a process and its children so far (gunicorn master + workers)."""
    ticks, total = os.sysconf("SC_CLK_TCK"), 0.0
    pids = [pid]
    try:
        pids += [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        pass
    for each in pids:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def run(backend: str, count: int, clients: int) -> bool:
    """One run on ``backend``; prints the numbers and returns whether everything checked out."""
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder)
        prepare_instance(instance)
        port = free_port()
        server = start_gunicorn(instance, port)
        try:
            base = f"http://127.0.0.1:{port}"
            papers = {n: attachments(n) for n in range(1, count + 1)}  # made before the clock starts
            cpu_before = cpu_seconds(server.pid)
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=clients) as pool:
                futures = [pool.submit(submit_one, base, n, papers[n]) for n in range(1, count + 1)]
                results, errors = [], []
                for future in futures:
                    try:
                        results.append(future.result())
                    except Exception as exc:  # noqa: BLE001 — counted and shown
                        errors.append(repr(exc))
            elapsed = time.perf_counter() - started
            cpu = cpu_seconds(server.pid) - cpu_before
        finally:
            server.terminate()
            server.wait(timeout=30)
        print(f"{backend}: {count} submissions × 3 attachments, {clients} clients, gunicorn -w 4: "
              f"{len(results)} ok, {len(errors)} errors in {elapsed:.1f} s wall, server CPU {cpu:.1f} s "
              f"(load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
        for error in errors[:5]:
            print("  error:", error)
        if not results:
            return False
        totals, submits = [r["total"] for r in results], [r["submit"] for r in results]
        print(f"  throughput: {len(results) / elapsed:.2f} submissions/s "
              "(each: start page, 5 POSTs with 3 files, redirects followed)")
        print(f"  whole submission: median {statistics.median(totals) * 1000:.0f} ms, "
              f"p95 {percentile(totals, 0.95) * 1000:.0f} ms")
        print(f"  final submit (dossier + code + signed receipt): p50 {statistics.median(submits) * 1000:.0f} ms, "
              f"p95 {percentile(submits, 0.95) * 1000:.0f} ms")
        check_stored(instance, results)
        if backend == "sqlite":
            lock_holds(instance)
        return not errors


def main(count: int = 500, clients: int = 16, backends: str = "both") -> None:
    """Run the benchmark on SQLite and/or PostgreSQL and print the numbers."""
    ok = True
    if backends in ("sqlite", "both"):
        os.environ.pop("DATABASE_URL", None)
        ok &= run("sqlite", count, clients)
    if backends in ("postgres", "both"):
        url, stop = os.environ.get("WARDPORTAL_BENCH_POSTGRES_URL"), None
        if not url:
            url, stop = subprocess.run(["bash", str(ROOT / "scripts/start-test-postgres.sh")], check=True,
                                       capture_output=True, text=True).stdout.split()
        os.environ["DATABASE_URL"] = url
        try:
            ok &= run("postgresql", count, clients)
        finally:
            os.environ.pop("DATABASE_URL", None)
            if stop:
                subprocess.run([stop], check=False)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]), *sys.argv[3:4])
