"""Photo intake under load: concurrent feedback-form uploads (phone photos and decompression bombs).

    python bench/bench_photo_intake.py [--uploads 24] [--threads 4]

Prints, for the current intake (`image_intake`) and for the old decode (Image.open + load under the 80 MP
header check, measured directly in a child process): CPU time per photo, peak RSS, and the longest SQLite
write-lock hold during the concurrent uploads through the feedback form of a test app on a SQLite file.
"""

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from tests.test_image_intake import big_png, bomb_png, phone_jpeg  # noqa: E402

OLD_DECODE = """
import io, sys, time, warnings
from PIL import Image, ImageOps
Image.MAX_IMAGE_PIXELS = None
data = sys.stdin.buffer.read()
cpu = time.process_time()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    with Image.open(io.BytesIO(data)) as image:
        assert image.width * image.height <= 80_000_000  # the old header check
        upright = ImageOps.exif_transpose(image).convert("RGB")
upright.thumbnail((2000, 2000))
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the (large) parent process
hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM")][0].split()[1]
print(time.process_time() - cpu, int(hwm) // 1024)
"""

NEW_DECODE = """
import sys, time
from wardportal import image_intake
data = sys.stdin.buffer.read()
cpu = time.process_time()
try:
    image_intake.clean(data, ("JPEG", "PNG", "WEBP"), image_intake.Budget(), 2000)
except image_intake.ImageRefused:
    pass
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the (large) parent process
hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM")][0].split()[1]
print(time.process_time() - cpu, int(hwm) // 1024)
"""


def one_decode(code: str, data: bytes) -> tuple[float, int]:
    """CPU seconds and peak RSS (MB) of one decode in a fresh process."""
    out = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout.split()
    return float(out[0]), int(out[1])


def under_load(uploads: int, threads: int, samples: dict) -> None:
    """Concurrent feedback-form uploads against a test app on SQLite; longest write-lock hold."""
    from tests.conftest import make_app
    from tests.lock_timers import WriteLockTimer
    from wardportal.kernel.database import init_schema
    from wardportal.kernel.extensions import db
    from wardportal.feedback.reports import save_category
    from wardportal.staff.models import Ward

    folder = Path(tempfile.mkdtemp()) / "instance"
    folder.mkdir()
    app = make_app(folder)
    with app.app_context():
        init_schema()
        ward = Ward(slug="phuong-lam", name="Phường Lâm", unit_code="H01.01")
        db.session.add(ward)
        db.session.flush()
        save_category(ward, "Môi trường")
        db.session.commit()
        kinds = list(samples.items())
        jobs = [kinds[i % len(kinds)] for i in range(uploads)]
        times, statuses, lock = [], [], threading.Lock()

        def worker(mine):
            client = app.test_client()
            for name, data in mine:
                began = time.perf_counter()
                status = client.post("/phuong-lam/phan-anh/gui", content_type="multipart/form-data", data={
                    "category": "pa-moi-truong", "description": "Rác", "photo": (io.BytesIO(data), "a.png")}).status_code
                with lock:
                    times.append((name, time.perf_counter() - began))
                    statuses.append(status)

        with WriteLockTimer(db.engine) as timer:
            began = time.perf_counter()
            pool = [threading.Thread(target=worker, args=(jobs[i::threads],)) for i in range(threads)]
            for t in pool:
                t.start()
            for t in pool:
                t.join()
            wall = time.perf_counter() - began
    print(f"\nUnder load: {uploads} uploads on {threads} threads in {wall:.2f} s; statuses "
          f"{ {s: statuses.count(s) for s in set(statuses)} }")
    for name in samples:
        mine = [t for n, t in times if n == name]
        print(f"  {name:<22} {sum(mine) / len(mine) * 1000:7.0f} ms per upload (mean, wall, with {threads} in parallel)")
    print(f"  longest write-lock hold: {timer.longest.seconds * 1000:.1f} ms ({timer.longest.began_at})")
    print(f"  peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uploads", type=int, default=24)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    samples = {"phone JPEG 12 MP": phone_jpeg((4032, 3024)), "phone JPEG 48 MP": phone_jpeg((8000, 6000)),
               "PNG 12 MP": big_png(), "bomb PNG 8900x8900": bomb_png()}
    print(f"{'sample':<22} {'KB':>6} | {'old CPU s':>9} {'old RSS MB':>10} | {'new CPU s':>9} {'new RSS MB':>10}")
    for name, data in samples.items():
        old = one_decode(OLD_DECODE, data)
        new = one_decode(NEW_DECODE, data)
        print(f"{name:<22} {len(data) // 1024:>6} | {old[0]:>9.3f} {old[1]:>10} | {new[0]:>9.3f} {new[1]:>10}")
    under_load(args.uploads, args.threads, samples)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
