"""The demo ward loads by itself only under `flask run`, never under gunicorn (wsgi.py)."""

import sqlite3
import subprocess
import sys
import time
import urllib.request

from .server_support import free_port as _free_port
from .test_settings import ROOT, clean_environment

FIRST_REQUEST = ("import wsgi; client = wsgi.app.test_client(); "
                 "print(client.get('/', headers={'Host': 'localhost'}).status_code)")


def wards(instance) -> int:
    with sqlite3.connect(instance / "wardportal.db") as connection:
        return connection.execute("select count(*) from ward").fetchone()[0]


def test_an_empty_install_served_through_wsgi_stays_empty(tmp_path):
    """What gunicorn loads (wsgi.py's app, its own start: no flask command) answers its first request."""
    done = subprocess.run([sys.executable, "-c", FIRST_REQUEST], cwd=ROOT, env=clean_environment(tmp_path),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "200"  # the empty ward list
    assert wards(tmp_path) == 0  # the schema was made (AUTO_INIT_DB on SQLite), the demo not loaded


def test_asking_for_it_loads_it_under_any_server(tmp_path):
    done = subprocess.run([sys.executable, "-c", FIRST_REQUEST], cwd=ROOT, timeout=600, capture_output=True,
                          text=True, env=clean_environment(tmp_path, WARDPORTAL_SEED_DEMO_WHEN_EMPTY="true"))
    assert done.returncode == 0, done.stderr
    assert wards(tmp_path) == 1


def test_flask_run_loads_the_demo_on_the_first_request(tmp_path):
    """The README's first command."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wardportal", "run", "-p", str(port)],
                              cwd=ROOT, env=clean_environment(tmp_path), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 600
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=600) as response:
                    assert response.status == 200
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert wards(tmp_path) == 1
