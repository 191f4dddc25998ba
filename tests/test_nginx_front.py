"""Issue 26: the shipped nginx site (deploy/nginx/wardportal.conf) in front of the two-server install.

Debian's real nginx runs on loopback as the current user (its own prefix, pid, logs and temp folders in the
test's folder, never the system service) with the shipped site adapted only in what differs on a test
machine: listen addresses and ports (IPv4 loopback, no IPv6 line), the two upstream servers' addresses,
the certificate (a throw-away self-signed one), the static root (the checkout's static/) and the log paths.
Behind it, test_two_servers.py's two gunicorn servers (PostgreSQL, shared files store, PROXY_COUNT=1).

Through nginx: plain HTTP is redirected; pages are served, and the app sees HTTPS (HSTS) and the client's own
address (the audit log; a forged X-Forwarded-For is not believed); a whole online submission with uploads;
fingerprinted static files from disk with a one-year immutable lifetime, gzip-compressed; a body over
MAX_CONTENT_LENGTH refused by nginx itself with 413; one server stopped, the other serves; both stopped,
static files still served.
"""

import datetime
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from requests.adapters import HTTPAdapter

from wardportal import config as default_config
from wardportal.kernel.extensions import db
from wardportal.staff.models import AuditEntry, Ward

from . import test_two_servers as two_servers
from .server_support import free_port
from .staff_factories import DEFAULT_PASSWORD, make_staff
from .test_two_servers import CODE, WARD, _csrf, _import, _submit, servers  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "deploy" / "nginx" / "wardportal.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CLIENT_ADDRESS = "127.0.0.2"  # a client other than nginx itself (127.0.0.1), still on loopback

pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="Debian's nginx is installed by run-tests.sh")


@pytest.fixture
def server_settings():
    return {"PROXY_COUNT": "1"}


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A throw-away self-signed certificate for localhost."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def adapted_site(text: str, *, https_port: int, http_port: int, upstreams: list[str], cert: Path, key: Path,
                 static_root: Path, logs: Path) -> str:
    """The shipped site with ports, addresses and paths replaced; each replaced text must be there."""
    replacements = [
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("server 10.0.0.11:8000 ", f"server {upstreams[0]} "),
        ("server 10.0.0.12:8000 ", f"server {upstreams[1]} "),
        ("/etc/letsencrypt/live/dichvucong.example.gov.vn/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/dichvucong.example.gov.vn/privkey.pem", str(key)),
        ("alias /srv/wardportal/static/;", f"alias {static_root}/;"),
        ("/var/log/nginx/", f"{logs}/"),
    ]
    for old, new in replacements:
        assert old in text, f"{old!r} is no longer in {SITE.name}: update this test's substitutions"
        text = text.replace(old, new)
    text, ipv6 = re.subn(r"\n[ \t]*listen \[::\]:\d+[^;]*;", "", text)
    assert ipv6 == 2
    assert "10.0.0." not in text  # every upstream is on loopback
    return text


class Nginx:
    """Debian's nginx with its own prefix, pid file, logs and temp folders, in the foreground."""

    def __init__(self, folder: Path, site: str):
        self.folder = folder
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi", "logs"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        (folder / "wardportal.conf").write_text(site)
        import getpass
        (folder / "nginx.conf").write_text(f"""
user {getpass.getuser()};
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/logs/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/wardportal.conf;
}}
""")
        self.args = [NGINX, "-p", str(folder), "-e", str(folder / "logs" / "error.log"),
                     "-c", str(folder / "nginx.conf")]

    def check(self) -> str:
        done = subprocess.run([*self.args, "-t"], capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr
        return done.stderr

    def start(self, port: int) -> None:
        with open(self.folder / "logs" / "stderr.log", "wb") as stderr:
            self.process = subprocess.Popen([*self.args, "-g", "daemon off;"], stderr=stderr)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                assert self.process.poll() is None, (self.folder / "logs" / "stderr.log").read_text()
                time.sleep(0.1)
        raise AssertionError("nginx did not start")

    def stop(self) -> None:
        self.process.terminate()  # fast shutdown
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class _FromAddress(HTTPAdapter):
    """Connections from another loopback address, so the client is not nginx's own 127.0.0.1."""

    def __init__(self, source: str):
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


@pytest.fixture
def front(servers, tmp_path, monkeypatch):
    """nginx with the shipped site in front of the two servers; (nginx, https url, http url, servers, app)."""
    (a, b), app, files = servers
    folder = tmp_path / "nginx"
    folder.mkdir()
    cert, key = _certificate(folder)
    https_port, http_port = free_port(), free_port()
    site = adapted_site(SITE.read_text(), https_port=https_port, http_port=http_port,
                        upstreams=[f"127.0.0.1:{a.port}", f"127.0.0.1:{b.port}"], cert=cert, key=key,
                        static_root=ROOT / "static", logs=folder / "logs")
    nginx = Nginx(folder, site)
    nginx.check()
    nginx.start(https_port)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))  # every requests client trusts the throw-away CA
    try:
        yield SimpleNamespace(nginx=nginx, url=f"https://localhost:{https_port}", port=https_port,
                              http_url=f"http://localhost:{http_port}", servers=(a, b), app=app, cert=cert)
    finally:
        nginx.stop()


def _session(source: str | None = None) -> requests.Session:
    """A browser on the site. Over HTTPS Flask-WTF wants a same-origin Referer, as browsers send; the site
    is on 443 in production, where $host (the Host nginx passes on) carries no port, so the Referer neither."""
    session = requests.Session()
    session.headers["Connection"] = "close"
    session.headers["Referer"] = f"https://localhost/{WARD}/"
    if source:
        session.mount("https://", _FromAddress(source))
    return session


def _post_body(front, path: str, length: int, send: int) -> tuple[int, bytes]:
    """Announce a body of `length` bytes, send `send` of them, and read the answer."""
    context = ssl.create_default_context(cafile=str(front.cert))
    with socket.create_connection(("127.0.0.1", front.port), timeout=60) as raw, \
            context.wrap_socket(raw, server_hostname="localhost") as tls:
        tls.sendall((f"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                     f"Content-Length: {length}\r\nConnection: close\r\n\r\n").encode())
        block = b"x" * (1024 * 1024)
        for start in range(0, send, len(block)):
            tls.sendall(block[:min(len(block), send - start)])
        answer = b""
        while chunk := tls.recv(65536):
            answer += chunk
    return int(answer.split(b" ", 2)[1]), answer


def test_the_shipped_nginx_site_in_front_of_two_servers(front, tmp_path, monkeypatch):
    a, b = front.servers
    _import(a, tmp_path, published=True)
    guide = f"{front.url}/{WARD}/thu-tuc/{CODE}"

    # plain HTTP: only a redirect to HTTPS
    moved = requests.get(front.http_url + f"/{WARD}/", allow_redirects=False, timeout=10)
    assert moved.status_code == 301 and moved.headers["Location"] == f"https://localhost/{WARD}/"

    # a page, over TLS 1.2+; the app knows it was HTTPS (X-Forwarded-Proto → HSTS)
    page = _session().get(guide, timeout=30)
    assert page.status_code == 200 and "Đăng ký khai sinh" in page.text
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000" and page.headers["Server"] == "nginx"
    with socket.create_connection(("127.0.0.1", front.port)) as raw, ssl.create_default_context(
            cafile=str(front.cert)).wrap_socket(raw, server_hostname="localhost") as tls:
        assert tls.version() in ("TLSv1.2", "TLSv1.3")

    # fingerprinted static files: from disk, a year, immutable, gzip; without the hash: revalidated
    css = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]{12})"', page.text)[1]
    asset = requests.get(front.url + css, headers={"Accept-Encoding": "gzip"}, timeout=10)
    assert asset.status_code == 200 and asset.content == (ROOT / "static" / "css" / "site.css").read_bytes()
    assert asset.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert asset.headers["Content-Encoding"] == "gzip" and asset.headers["X-Content-Type-Options"] == "nosniff"
    bare = requests.get(front.url + "/static/css/site.css", timeout=10)
    assert bare.status_code == 200 and bare.headers["Cache-Control"] == "no-cache" and bare.headers.get("ETag")

    # a whole online submission with uploads through nginx (both servers behind it)
    monkeypatch.setattr(two_servers, "_browser", _session)
    tracking, _uploaded, browser = _submit(front, front)
    receipt = browser.get(f"{front.url}/{WARD}/ho-so/{tracking}/bien-nhan.pdf", timeout=30)
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")

    # the client's own address reaches the app (audit log), not nginx's and not a forged header
    with front.app.app_context():
        ward = db.session.scalar(db.select(Ward).where(Ward.slug == WARD))
        make_staff(ward, "officer", email="canbo-nginx@example.vn")
        db.session.remove()
    officer = _session(CLIENT_ADDRESS)
    token = _csrf(officer.get(f"{front.url}/can-bo/dang-nhap", timeout=30).text)
    signed_in = officer.post(f"{front.url}/can-bo/dang-nhap", allow_redirects=False, timeout=30,
                             headers={"X-Forwarded-For": "203.0.113.7"},
                             data={"email": "canbo-nginx@example.vn", "password": DEFAULT_PASSWORD,
                                   "csrf_token": token})
    assert signed_in.status_code == 302, signed_in.text[:300]
    with front.app.app_context():
        addresses = db.session.scalars(db.select(AuditEntry.ip_address).where(
            AuditEntry.action == "staff.login", AuditEntry.actor_email == "canbo-nginx@example.vn")).all()
        db.session.remove()
    assert addresses == [CLIENT_ADDRESS]

    # a body over the portal's request limit: refused by nginx (its own page), never reaching a worker
    limit = default_config.MAX_CONTENT_LENGTH
    status, answer = _post_body(front, f"/{WARD}/thu-tuc/{CODE}/nop-ho-so", limit + 1, send=1024)
    assert status == 413 and b"<center>nginx</center>" in answer
    # ...while a body of exactly the limit passes nginx and is the app's to judge (its CSRF check here)
    status, answer = _post_body(front, f"/{WARD}/thu-tuc/{CODE}/nop-ho-so", limit, send=limit)
    assert status == 400 and b"<center>nginx</center>" not in answer

    # one server down: the other one serves every request
    a.stop()
    assert [_session().get(guide, timeout=30).status_code for _ in range(6)] == [200] * 6
    # both down: pages fail, static files are still served from disk
    b.stop()
    assert _session().get(guide, timeout=30).status_code == 502
    assert requests.get(front.url + css, timeout=10).status_code == 200
