"""Real signing infrastructure for the approval tests: a test CA, a SoftHSM2 token holding a leader's key,
PKCS#12 files, and an RFC 3161 timestamp authority on loopback.

SoftHSM reads its configuration when the PKCS#11 module is first loaded in a process, so the session
fixture `softhsm` writes a private config and creates the token before anything opens a session.
"""

import datetime as dt
import io
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from asn1crypto import tsp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image, ImageDraw

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN_LABEL, KEY_LABEL, TOKEN_PIN = "lanh-dao", "chu-tich", "246810"
EC_KEY_LABEL = "pho-chu-tich"  # an EC P-256 key on the same token (SoftHSM offers only raw ECDSA for it)
EC_LEADER_NAME = "Hoàng Thị Thu"
LEADER_NAME = "Nguyễn Văn Minh"


@dataclass
class Issued:
    """A key and its certificate (pyca objects), with PEM helpers."""

    key: object
    cert: x509.Certificate

    @property
    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def p12(self, passphrase: bytes, chain=()) -> bytes:
        """The pair as a PKCS#12 file."""
        return pkcs12.serialize_key_and_certificates(
            b"key", self.key, self.cert, list(chain), serialization.BestAvailableEncryption(passphrase))


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])


def issue(common_name: str, issuer: Issued | None = None, *, rsa_key=True, tsa=False) -> Issued:
    """A CA (no issuer) or a signer / TSA certificate issued by `issuer`."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048) if rsa_key else \
        ec.generate_private_key(ec.SECP256R1())
    is_ca = issuer is None
    now = dt.datetime.now(dt.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(_name(common_name))
               .issuer_name(_name(common_name) if is_ca else issuer.cert.subject)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=3650))
               .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(
                   digital_signature=not is_ca, content_commitment=not is_ca and not tsa, key_encipherment=False,
                   data_encipherment=False, key_agreement=False, key_cert_sign=is_ca, crl_sign=is_ca,
                   encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if tsa:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    if not is_ca:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.cert.public_key()), critical=False)
    return Issued(key, builder.sign(key if is_ca else issuer.key, hashes.SHA256()))


@dataclass
class SoftHsm:
    """The test token: where it lives and the certificates around it."""

    folder: Path
    ca: Issued
    leader: Issued
    ec_leader: Issued


_token: "SoftHsm | None" = None


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory):
    """A SoftHSM2 token "lanh-dao" holding the leaders' keys and certificates ("chu-tich" RSA, "pho-chu-tich" EC).

    Made once per process: each test module importing the fixture gets its own session instance, but the
    PKCS#11 module keeps the configuration it first loaded, so a second token would never be seen.
    """
    global _token
    if _token is None:
        _token = _make_token(tmp_path_factory.mktemp("softhsm"))
    return _token


def _make_token(folder: Path) -> "SoftHsm":
    """Create the token files and point SOFTHSM2_CONF at them."""
    if not (shutil.which("softhsm2-util") and shutil.which("pkcs11-tool") and os.path.exists(SOFTHSM_MODULE)):
        pytest.fail("SoftHSM2 and OpenSC are needed (scripts/run-tests.sh installs softhsm2 and opensc)")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)  # before the module is first loaded in this process
    ca = issue("Test CA chữ ký số cá nhân")
    leader = issue(LEADER_NAME, ca)
    ec_leader = issue(EC_LEADER_NAME, ca, rsa_key=False)
    run = dict(check=True, capture_output=True, env=dict(os.environ))
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", TOKEN_LABEL, "--pin", TOKEN_PIN,
                    "--so-pin", "13579135"], **run)
    for person, label, key_id in ((leader, KEY_LABEL, "01"), (ec_leader, EC_KEY_LABEL, "02")):
        key_path, cert_path = folder / f"{label}.p8", folder / f"{label}.pem"
        key_path.write_bytes(person.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                      serialization.NoEncryption()))
        cert_path.write_bytes(person.cert_pem)
        subprocess.run(["softhsm2-util", "--import", str(key_path), "--token", TOKEN_LABEL, "--label", label,
                        "--id", key_id, "--pin", TOKEN_PIN], **run)
        subprocess.run(["pkcs11-tool", "--module", SOFTHSM_MODULE, "--token-label", TOKEN_LABEL, "--login",
                        "--pin", TOKEN_PIN, "--write-object", str(cert_path), "--type", "cert", "--id", key_id,
                        "--label", label], **run)
        key_path.unlink()  # the key now lives on the token only
    return SoftHsm(folder, ca, leader, ec_leader)


@dataclass
class TimestampAuthority:
    """A running RFC 3161 TSA: its URL and its root certificate."""

    url: str
    root: Issued


@pytest.fixture(scope="session")
def tsa():
    """pyHanko's DummyTimeStamper answering real RFC 3161 requests over HTTP on 127.0.0.1."""
    from pyhanko.sign import timestamps

    root = issue("Test TSA root")
    unit = issue("Test TSA", root, tsa=True)
    stamper = timestamps.DummyTimeStamper(tsa_cert=_asn1_cert(unit.cert), tsa_key=_asn1_key(unit.key))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's naming)
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield TimestampAuthority(f"http://127.0.0.1:{server.server_port}/", root)
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _asn1_cert(cert):
    from asn1crypto import x509 as asn1_x509
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _asn1_key(key):
    from asn1crypto import keys as asn1_keys
    return asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


def png(color=(20, 40, 160, 255), size=(240, 100), circle=False) -> bytes:
    """A transparent PNG with a blue scribble (a signature) or a red ring (a seal)."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if circle:
        draw.ellipse((4, 4, size[0] - 4, size[1] - 4), outline=color, width=8)
        draw.ellipse((30, 30, size[0] - 30, size[1] - 30), outline=color, width=3)
    else:
        draw.line([(10, 70), (60, 20), (90, 80), (150, 15), (220, 60)], fill=color, width=5)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def pdfsig(path) -> str:
    """poppler's independent verdict on a PDF's signatures (text; pdfsig exits 0 even on a bad digest)."""
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


def enrol_confirmed(leader, ward, cert, admin=None):
    """Enrol ``cert`` (an `Issued`, a pyca certificate or DER) as ``leader``'s signing certificate in ``ward``
    and have a ward admin confirm it, through the approvals functions the pages call (its CA must be trusted
    already). Returns the enrolment."""
    from wardportal.approvals import enrolment
    from .staff_factories import make_staff

    cert = getattr(cert, "cert", cert)
    der = cert if isinstance(cert, bytes) else cert.public_bytes(serialization.Encoding.DER)
    admin = admin or make_staff(ward, "admin", full_name="Quản trị xác nhận")
    enrolled = enrolment.enrol(leader, ward, der)
    enrolment.confirm(enrolled, admin)
    return enrolled
