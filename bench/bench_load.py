"""Load benchmark: the public pages against a bare Flask "hello" ceiling, same settings, same run.

Starts gunicorn (2 sync workers) on loopback twice: once with a bare Flask app answering "hello", once with
the portal on a temporary instance holding the demo ward. Each URL is loaded for a fixed time with 16
keep-alive connections (wrk when installed; the script installs it with apt-get when run as root, and falls
back to its own threaded http.client generator otherwise). The bare app is measured before and after the
pages and the mean taken, so a machine that gets busier in between shows up as a gap between the two.

Besides requests per second (wall clock), the server's own CPU time per request is read from /proc for
every URL: on a machine shared with other work it is the steadier measure, and its ratio is printed too.
Target (issue 13): every public page and the search at >= 50% of the bare ceiling.

Run: python bench/bench_load.py [seconds per URL]     (default 5; loopback only; about 1 minute in all)
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CONNECTIONS, WORKERS = 16, 2
WARD = "phuong-lam"
PAGES = [
    ("ward home", f"/{WARD}/"),
    ("catalogue", f"/{WARD}/thu-tuc/"),
    ("field", f"/{WARD}/linh-vuc/ho-tich"),
    ("guide", f"/{WARD}/thu-tuc/1.001193"),
    ("contacts", f"/{WARD}/danh-ba"),
    ("figures", f"/{WARD}/so-lieu"),
    ("search page", f"/{WARD}/tim-kiem?q=khai+sinh"),
    ("search API", f"/api/v1/wards/{WARD}/procedures?q=khai+sinh"),
]
HELLO_APP = '''from flask import Flask
app = Flask(__name__)


@app.get("/")
def hello():
    return "hello"
'''


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_wrk() -> str | None:
    """The wrk binary, installed from the distribution when missing and allowed; None to use the fallback."""
    found = shutil.which("wrk")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    subprocess.run(["apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "-qq", "wrk"],
                   env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"), stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    return shutil.which("wrk")


def prepare_instance(instance: Path) -> None:
    """Migrate a fresh SQLite database and load the demo wards, in this process, before gunicorn starts."""
    os.environ["WARDPORTAL_INSTANCE_PATH"] = str(instance)
    from wardportal import create_app
    from wardportal.kernel.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/wardportal.db", "SECRET_KEY": "bench",
                      "AUTO_INIT_DB": True, "SEED_DEMO_WHEN_EMPTY": True, "RATELIMIT_ENABLED": False})
    client = app.test_client()
    assert client.get("/", follow_redirects=True).status_code == 200
    with app.app_context():
        app.extensions["search"].close_all()
        db.engine.dispose()


def start_gunicorn(module: str, cwd: Path, port: int, env: dict) -> subprocess.Popen:
    """gunicorn with 2 sync workers on loopback; waits until it answers."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "--log-level",
         "warning", module],
        cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/")
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError(f"gunicorn {module} did not come up")


def process_tree_cpu(root_pid: int) -> float:
    """CPU seconds (user + system) used so far by a gunicorn master and its live workers."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in [root_pid, *children(root_pid)]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def children(pid: int) -> list[int]:
    """Direct children of a process."""
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def run_wrk(wrk: str, url: str, seconds: int) -> tuple[float, int]:
    """Requests per second and the number of failed (non-2xx/3xx or socket error) responses."""
    out = subprocess.run([wrk, "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", url], capture_output=True,
                         text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return rate, (int(bad[1]) if bad else 0) + (sum(int(n) for n in errors.groups()) if errors else 0)


def run_python(url: str, seconds: int) -> tuple[float, int]:
    """The fallback generator: 16 threads, each with one keep-alive connection, for ``seconds``."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    counts, failures = [0] * CONNECTIONS, [0] * CONNECTIONS
    stop = time.monotonic() + seconds

    def client(n: int) -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        while time.monotonic() < stop:
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    failures[n] += 1
                counts[n] += 1
            except OSError:
                failures[n] += 1
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - started), sum(failures)


def measure(server: subprocess.Popen, url: str, seconds: int, wrk: str | None) -> dict:
    """Load one URL; its rate, failures and the server's CPU milliseconds per request."""
    cpu_before, wall_before = process_tree_cpu(server.pid), time.monotonic()
    rate, failed = run_wrk(wrk, url, seconds) if wrk else run_python(url, seconds)
    cpu = process_tree_cpu(server.pid) - cpu_before
    requests_done = rate * (time.monotonic() - wall_before)
    return {"rate": rate, "failed": failed, "cpu_ms": 1000 * cpu / max(requests_done, 1)}


def check_pages(port: int) -> None:
    """Every URL answers 200 with its content before it is loaded (a fast error page proves nothing)."""
    for name, path in PAGES:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        assert response.status == 200, (name, response.status)
        assert b"1.001193" in body or name in ("contacts", "figures"), name
        connection.close()


def main(seconds: int = 5) -> None:
    """Run the benchmark and print the ratio table."""
    wrk = ensure_wrk()
    load_cpu = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        (folder / "hello_app.py").write_text(HELLO_APP)
        instance = folder / "instance"
        instance.mkdir()
        prepare_instance(instance)
        env = dict(os.environ, PYTHONPATH=str(ROOT), WARDPORTAL_INSTANCE_PATH=str(instance),
                   WARDPORTAL_RATELIMIT_ENABLED="false", WARDPORTAL_SEED_DEMO_WHEN_EMPTY="false",
                   WARDPORTAL_SECRET_KEY="bench-" + os.urandom(8).hex(), WARDPORTAL_ALLOW_INSECURE_COOKIES="true")
        bare_port, portal_port = free_port(), free_port()
        bare = start_gunicorn("hello_app:app", folder, bare_port, env)
        portal = start_gunicorn("wsgi:app", ROOT, portal_port, env)
        try:
            check_pages(portal_port)
            results = {}
            results["bare (before)"] = measure(bare, f"http://127.0.0.1:{bare_port}/", seconds, wrk)
            for name, path in PAGES:
                results[name] = measure(portal, f"http://127.0.0.1:{portal_port}{path}", seconds, wrk)
            results["bare (after)"] = measure(bare, f"http://127.0.0.1:{bare_port}/", seconds, wrk)
        finally:
            for server in (bare, portal):
                server.terminate()
                server.wait(timeout=30)
    ceiling = (results["bare (before)"]["rate"] + results["bare (after)"]["rate"]) / 2
    ceiling_cpu = (results["bare (before)"]["cpu_ms"] + results["bare (after)"]["cpu_ms"]) / 2
    tool = "wrk -t2" if wrk else "python http.client threads"
    print(f"gunicorn -w {WORKERS} (sync), {CONNECTIONS} keep-alive connections, {seconds} s per URL, {tool}; "
          f"load average at start {load_cpu[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'URL':16s} {'req/s':>8s} {'% of bare':>10s} {'server CPU ms/req':>18s} {'% of bare (CPU)':>16s} "
          f"{'failed':>7s}")
    failed = 0
    for name, row in results.items():
        failed += row["failed"]
        print(f"{name:16s} {row['rate']:8.0f} {100 * row['rate'] / ceiling:9.0f}% {row['cpu_ms']:18.3f} "
              f"{100 * ceiling_cpu / row['cpu_ms']:15.0f}% {row['failed']:7d}")
    print(f"bare ceiling: {ceiling:.0f} req/s, {ceiling_cpu:.3f} CPU ms/req (mean of before and after)")
    if failed:
        sys.exit(f"{failed} failed responses")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
