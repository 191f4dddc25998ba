"""Two real app servers (gunicorn, separate instance folders) sharing one PostgreSQL and one files store.

Issue 12's check: import on one → found on the other; unpublish on one → gone from the other; upload on
one → download from the other; a form from one posted to the other; a receipt signed on one verified on
the other; 20 concurrent submissions split across both → 20 distinct codes, files intact.
"""

import hashlib
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from wardportal.dossiers.models import Dossier, DossierFile
from wardportal.kernel.extensions import db
from wardportal.operations.storage_check import check_storage
from wardportal.staff.models import Ward

from .apply_support import APPLICANT, image_bytes, pdf_bytes
from .postgres_support import fresh_postgres_app, postgres_url
from .server_support import answering, free_port, stop
from .staff_factories import DEFAULT_PASSWORD, make_staff

ROOT = Path(__file__).resolve().parent.parent
WARD = "phuong-hai-may"
CODE = "1.001193"



def _environment(instance: Path, files: Path, database_url: str) -> dict:
    """The settings of one server: its own instance folder, the shared database and files store."""
    env = dict(os.environ)
    for key in [k for k in env if k.startswith("WARDPORTAL_") and k != "WARDPORTAL_TEST_POSTGRES_URL"]:
        env.pop(key)
    env.update({
        "WARDPORTAL_INSTANCE_PATH": str(instance), "DATABASE_URL": database_url,
        "WARDPORTAL_FILES_PATH": str(files), "WARDPORTAL_AUTO_INIT_DB": "false",
        "WARDPORTAL_SEED_DEMO_WHEN_EMPTY": "false", "WARDPORTAL_RATELIMIT_ENABLED": "false",
        "WARDPORTAL_ALLOW_INSECURE_COOKIES": "true", "WARDPORTAL_SEARCH_SYNC_INTERVAL": "0.5",
        "WARDPORTAL_MAIL_SUPPRESS_SEND": "true",
    })
    return env


class Server:
    """One gunicorn server of the install."""

    def __init__(self, name: str, tmp: Path, files: Path, database_url: str, **settings):
        self.instance = tmp / f"instance-{name}"
        self.instance.mkdir()
        self.env = _environment(self.instance, files, database_url)
        self.env.update({f"WARDPORTAL_{key}": str(value) for key, value in settings.items()})
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(tmp / f"{name}.log", "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "2", "--threads", "4", "-b", f"127.0.0.1:{self.port}",
             "--control-socket", str(tmp / f"{name}.ctl"),
             "--timeout", "120", "wsgi:app"], cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait(self) -> None:
        if not answering(self.url + "/", self.process):
            raise AssertionError(f"server on {self.url} did not start")

    def flask(self, *args) -> str:
        """Run a `flask --app wardportal` command with this server's settings."""
        done = subprocess.run([sys.executable, "-m", "flask", "--app", "wardportal", *args], cwd=ROOT, env=self.env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def stop(self) -> None:
        stop(self.process)
        self.log.close()


@pytest.fixture
def server_settings():
    """Settings both servers get on top of `_environment`'s (a test overrides this fixture)."""
    return {}


@pytest.fixture
def servers(tmp_path, server_settings):
    """Two servers on an emptied PostgreSQL database and a shared files folder."""
    url = postgres_url()
    app = fresh_postgres_app(tmp_path / "setup-instance")
    with app.app_context():
        db.engine.dispose()
    files = tmp_path / "shared-files"
    files.mkdir()
    pair = [Server("a", tmp_path, files, url, **server_settings), Server("b", tmp_path, files, url, **server_settings)]
    try:
        for server in pair:
            server.wait()
        yield pair, app, files
    finally:
        for server in pair:
            server.stop()
        with app.app_context():
            db.engine.dispose()


def _import(server: Server, tmp: Path, published: bool) -> None:
    """Import the test ward's guide through `server`'s command line."""
    payload = {"procedures": [{
        "code": CODE, "title": "Đăng ký khai sinh cho trẻ em", "field": "Hộ tịch", "processing_days": 3,
        "online_level": "full", "published": published, "summary": "Khai sinh cho trẻ mới sinh",
        "documents": [{"name": "Tờ khai đăng ký khai sinh"}, {"name": "Giấy chứng sinh"}]}]}
    path = tmp / f"import-{published}.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    server.flask("import-procedures", str(path), "--ward", WARD, "--ward-name", "Phường Hải Mây")


def _found(server: Server, query: str = "khai sinh") -> bool:
    page = requests.get(f"{server.url}/{WARD}/tim-kiem", params={"q": query}, timeout=10).text
    # result links go through the click counter of search analytics (/tim-kiem/mo/<code>)
    return f"/{WARD}/tim-kiem/mo/{CODE}" in page or f"/{WARD}/thu-tuc/{CODE}" in page


def _eventually(check, seconds: float = 5.0) -> float:
    """Wait until `check()` is true; return how long it took, or fail."""
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > seconds:
            raise AssertionError(f"not within {seconds} s")
        time.sleep(0.1)
    return time.monotonic() - start


def _browser() -> requests.Session:
    """A client that opens a connection per request (a reused keep-alive socket the server just closed
    would fail the test for a reason that has nothing to do with the portal)."""
    session = requests.Session()
    session.headers["Connection"] = "close"
    return session


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)[1]


def _submit(first: Server, second: Server) -> tuple[str, bytes]:
    """Apply online, alternating servers at every step; return the tracking token and one uploaded file."""
    browser = _browser()
    token = _csrf(browser.get(f"{first.url}/{WARD}/thu-tuc/{CODE}/nop-ho-so", timeout=30).text)
    start = browser.post(f"{second.url}/{WARD}/thu-tuc/{CODE}/nop-ho-so", data={"csrf_token": token},
                         allow_redirects=False, timeout=30)
    assert start.status_code == 302, start.text[:500]  # the form from one server accepted by the other
    draft = re.search(r"/nop-ho-so/([^/]+)/thong-tin", start.headers["Location"])[1]
    base = f"/{WARD}/nop-ho-so/{draft}"
    data = dict(APPLICANT, action="continue", csrf_token=token)
    assert browser.post(first.url + base + "/thong-tin", data=data, allow_redirects=False,
                        timeout=30).status_code == 302
    uploaded = pdf_bytes(f"giay to {draft}")
    files = [("doc-0", ("to-khai.pdf", uploaded, "application/pdf")),
             ("doc-1", ("chung-sinh.jpg", image_bytes(), "image/jpeg"))]
    assert browser.post(second.url + base + "/giay-to", data={"action": "continue", "csrf_token": token},
                        files=files, allow_redirects=False, timeout=60).status_code == 302
    assert browser.post(first.url + base + "/nhan-ket-qua", allow_redirects=False, timeout=30, data={
        "delivery_method": "office", "action": "continue", "csrf_token": token}).status_code == 302
    done = browser.post(second.url + base + "/nop", data={"csrf_token": token}, allow_redirects=False, timeout=60)
    assert done.status_code == 302, done.text[:500]
    tracking = re.search(r"/ho-so/([^/]+)/da-nop", done.headers["Location"])[1]
    return tracking, uploaded, browser


def test_two_servers_share_search_files_secrets_and_codes(servers, tmp_path):
    (a, b), app, files = servers

    # import on A → found on B within seconds; unpublish on A → gone from B
    _import(a, tmp_path, published=True)
    found_after = _eventually(lambda: _found(b))
    assert _found(a)

    # a form from A posted to B, upload on B, submit on B, receipt signed there and downloaded from A
    tracking, uploaded, browser = _submit(a, b)
    receipt = browser.get(f"{a.url}/{WARD}/ho-so/{tracking}/bien-nhan.pdf", timeout=30)
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    for server in (a, b):  # signed with the one shared ward key, trusted by both servers
        check = _browser()
        token = _csrf(check.get(f"{server.url}/xac-thuc-van-ban", timeout=30).text)
        page = check.post(f"{server.url}/xac-thuc-van-ban", data={"csrf_token": token},
                          files={"document": ("bien-nhan.pdf", receipt.content, "application/pdf")}, timeout=30).text
        assert "Chữ ký số hợp lệ" in page and "Phường Hải Mây" in page

    # an officer signed in on A downloads, through B, the file uploaded through B in a session begun on A
    with app.app_context():
        ward = db.session.scalar(db.select(Ward).where(Ward.slug == WARD))
        make_staff(ward, "officer", email="canbo@example.vn")
        dossier = db.session.scalar(db.select(Dossier).where(Dossier.tracking_token == tracking))
        attachment = db.session.scalar(db.select(DossierFile).where(
            DossierFile.dossier_id == dossier.id, DossierFile.document_index == 0))
        dossier_id, file_id = dossier.id, attachment.id
        db.session.remove()
    officer = _browser()
    token = _csrf(officer.get(f"{a.url}/can-bo/dang-nhap", timeout=30).text)
    signed_in = officer.post(f"{a.url}/can-bo/dang-nhap", allow_redirects=False, timeout=30, data={
        "email": "canbo@example.vn", "password": DEFAULT_PASSWORD, "csrf_token": token})
    assert signed_in.status_code == 302
    download = officer.get(f"{b.url}/{WARD}/can-bo/ho-so/{dossier_id}/tep/{file_id}?tai=1", timeout=30)
    assert download.status_code == 200 and download.content == uploaded

    # 20 submissions at once, split across both servers → 20 distinct codes, every file intact
    tokens, errors = [], []

    def apply(n):
        try:
            first, second = (a, b) if n % 2 else (b, a)
            tokens.append(_submit(first, second)[0])
        except Exception as exc:  # noqa: BLE001 — asserted below
            errors.append(exc)

    threads = [threading.Thread(target=apply, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == [] and len(tokens) == 20
    with app.app_context():
        codes = db.session.scalars(db.select(Dossier.code).where(Dossier.tracking_token.in_(tokens))).all()
        assert len(codes) == 20 == len(set(codes))
        report = check_storage(files / "uploads", remove=False)
        # two uploads and a receipt per dossier (the signing keys are counted apart)
        assert report.healthy and report.checked_by_kind["dossier file"] == 21 * 3
        assert not report.orphans_removed and not report.temp_removed
        stored = db.session.scalars(db.select(DossierFile)).all()
        for row in stored:
            assert hashlib.sha256((files / "uploads" / row.stored_name).read_bytes()).hexdigest() == row.sha256
        db.session.remove()

    # unpublish on A → gone from B
    _import(a, tmp_path, published=False)
    gone_after = _eventually(lambda: not _found(b))
    assert not _found(a)
    print(f"\nsearch in step across servers: found after {found_after:.2f} s, gone after {gone_after:.2f} s")
