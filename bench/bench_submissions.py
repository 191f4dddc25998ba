"""Online submission benchmark: gunicorn (4 workers, SQLite) and 8 concurrent clients submitting dossiers.

Each submission goes through every step as a browser without JavaScript would (start, applicant details,
three attachments, delivery, final submit, with CSRF tokens), then the database and the uploads folder
are checked: every dossier stored, codes unique, every file's SHA-256 equal to what was sent. Also times
receipt generation + signing in-process.

Run: python3 bench/bench_submissions.py [submissions] [clients]     (defaults: 200, 8; loopback only)
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


def prepare_instance(instance: Path) -> None:
    """Migrate a fresh SQLite database and add one ward with one fully online procedure."""
    os.environ["WARDPORTAL_INSTANCE_PATH"] = str(instance)
    from wardportal import create_app
    from wardportal.database import init_schema
    from wardportal.extensions import db
    from wardportal.models import Procedure, RequiredDocument, Ward

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
    """gunicorn -w 4 on the temp instance, rate limiting off (every client shares one address); log to a file."""
    # SECRET_KEY given explicitly: create_app's setdefault never applies (Flask presets SECRET_KEY = None);
    # plain-HTTP loopback, so the session cookie must not be HTTPS-only
    env = dict(os.environ, WARDPORTAL_INSTANCE_PATH=str(instance), WARDPORTAL_RATELIMIT_ENABLED="false",
               WARDPORTAL_SEED_DEMO_WHEN_EMPTY="false", WARDPORTAL_SECRET_KEY=os.urandom(24).hex(),
               WARDPORTAL_ALLOW_INSECURE_COOKIES="true")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "4", "-b", f"127.0.0.1:{port}", "--timeout", "120",
         "--log-level", "warning", "--error-logfile", str(instance / "gunicorn.log"), "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/{WARD_SLUG}/", timeout=5).status_code == 200:
                return server
        except requests.ConnectionError:
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
    """Every submission stored once, unique codes, files on disk matching the recorded and sent SHA-256."""
    from wardportal import create_app, file_storage
    from wardportal.extensions import db
    from wardportal.models import Dossier

    app = create_app({"SEED_DEMO_WHEN_EMPTY": False, "AUTO_INIT_DB": False})
    uploads = file_storage.uploads_dir(instance)
    with app.app_context():
        dossiers = db.session.scalars(db.select(Dossier)).all()
        assert len(dossiers) == len(results), f"{len(dossiers)} dossiers stored for {len(results)} submissions"
        codes = [d.code for d in dossiers]
        assert len(set(codes)) == len(codes), "duplicate dossier codes"
        sent = {r["phone"]: r["hashes"] for r in results}
        for dossier in dossiers:
            files = [f for f in dossier.files if f.kind == "attachment"]
            assert sorted(f.sha256 for f in files) == sent[dossier.applicant_phone], dossier.code
            for row in dossier.files:
                assert file_storage.sha256_of(uploads, row.stored_name) == row.sha256, row.stored_name
            assert sum(f.kind == "receipt" for f in dossier.files) == 1, dossier.code
        print(f"stored: {len(dossiers)} dossiers, {len(set(codes))} unique codes "
              f"({min(codes)} … {max(codes)}), {sum(len(d.files) for d in dossiers)} files, all SHA-256 match")
        time_receipts(dossiers[:20])


def time_receipts(dossiers) -> None:
    """Receipt generation + signing, in-process, as done at submission."""
    from wardportal import receipts

    receipts.render_signed_receipt(dossiers[0], "http://127.0.0.1")  # warm-up: fonts, keys
    timings = []
    for dossier in dossiers:
        started = time.perf_counter()
        receipts.render_signed_receipt(dossier, "http://127.0.0.1")
        timings.append(time.perf_counter() - started)
    print(f"receipt generation + signing: median {statistics.median(timings) * 1000:.1f} ms, "
          f"p95 {percentile(timings, 0.95) * 1000:.1f} ms over {len(timings)}")


def main(count: int = 200, clients: int = 8) -> None:
    """Run the benchmark and print the numbers."""
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder)
        prepare_instance(instance)
        port = free_port()
        server = start_gunicorn(instance, port)
        try:
            base = f"http://127.0.0.1:{port}"
            papers = {n: attachments(n) for n in range(1, count + 1)}  # made before the clock starts
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
        finally:
            server.terminate()
            server.wait(timeout=30)
        print(f"{count} submissions × 3 attachments, {clients} clients, gunicorn -w 4, SQLite: "
              f"{len(results)} ok, {len(errors)} errors in {elapsed:.1f} s")
        for error in errors[:5]:
            print("  error:", error)
        totals, submits = [r["total"] for r in results], [r["submit"] for r in results]
        print(f"throughput: {len(results) / elapsed:.2f} submissions/s "
              "(each: start page, 5 POSTs with 3 files, redirects followed)")
        print(f"whole submission: median {statistics.median(totals) * 1000:.0f} ms, "
              f"p95 {percentile(totals, 0.95) * 1000:.0f} ms")
        print(f"final submit (dossier + code + signed receipt): median {statistics.median(submits) * 1000:.0f} ms, "
              f"p95 {percentile(submits, 0.95) * 1000:.0f} ms")
        check_stored(instance, results)
        if errors:
            sys.exit(1)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
