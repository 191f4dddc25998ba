"""The install's signing keys on disk: a root CA per install and a signing certificate per ward.

Generated on first use into ``<instance_path>/keys/`` (key files 0600, folders 0700), safely when several
workers start at once (a file lock, a second look under it, and atomic writes). No pyHanko here: only the
`cryptography` package; ``signing.py`` loads these keys to sign.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

# Generated certificates outlive any receipt's useful life: pyHanko validates against the current time
# when there is no timestamp, so an expired certificate would turn old receipts invalid.
ROOT_VALIDITY = dt.timedelta(days=365 * 30)
WARD_VALIDITY = dt.timedelta(days=365 * 25)
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def keys_dir(instance_path) -> Path:
    """Folder holding this install's signing keys."""
    return Path(instance_path) / "keys"


@contextmanager
def keys_lock(instance_path):
    """Hold an exclusive lock on the keys folder so two workers never generate keys at once."""
    folder = keys_dir(instance_path)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(folder / ".lock", "a+") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield folder
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write a file via a temp file and os.replace, so readers never see half a key."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def key_pem(key) -> bytes:
    """PEM (PKCS#8, unencrypted: the file mode protects it) of a private key."""
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def cert_pem(cert: x509.Certificate) -> bytes:
    """PEM of a certificate."""
    return cert.public_bytes(serialization.Encoding.PEM)


def _issue(attributes: dict, issuer_key=None, issuer_cert: x509.Certificate | None = None):
    """Create an EC P-256 key and certificate: a self-signed CA, or a document signer issued by the CA."""
    key = ec.generate_private_key(ec.SECP256R1())
    is_ca = issuer_cert is None
    name = x509.Name([x509.NameAttribute(oid, value) for oid, value in attributes.items()])
    now = dt.datetime.now(dt.timezone.utc)
    usage = x509.KeyUsage(  # the validator wants non-repudiation (content_commitment) on signers
        digital_signature=not is_ca, content_commitment=not is_ca, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=is_ca, crl_sign=is_ca,
        encipher_only=False, decipher_only=False,
    )
    builder = (
        x509.CertificateBuilder().subject_name(name)
        .issuer_name(name if is_ca else issuer_cert.subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + (ROOT_VALIDITY if is_ca else WARD_VALIDITY))
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=0 if is_ca else None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if not is_ca:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_cert.public_key()), critical=False)
    return key, builder.sign(key if is_ca else issuer_key, hashes.SHA256())


def ensure_root_ca(instance_path, install_name: str = "Ward Portal") -> Path:
    """Return the install root CA certificate path, generating the CA on first use."""
    folder = keys_dir(instance_path)
    cert_path = folder / "root-ca.pem"
    if cert_path.exists():
        return cert_path
    with keys_lock(instance_path):
        if not cert_path.exists():  # another process may have won the race while we waited
            key, cert = _issue({NameOID.COMMON_NAME: f"Ward Portal root – {install_name}",
                                NameOID.ORGANIZATION_NAME: install_name, NameOID.COUNTRY_NAME: "VN"})
            write_atomic(folder / "root-ca.key.pem", key_pem(key), 0o600)
            write_atomic(cert_path, cert_pem(cert))
    return cert_path


def ensure_ward_keys(instance_path, ward_slug: str, ward_name: str,
                     install_name: str = "Ward Portal") -> tuple[Path, Path]:
    """Return (key path, cert path) of a ward's generated signing key, issuing it on first use."""
    check_slug(ward_slug)
    root_cert_path = ensure_root_ca(instance_path, install_name)
    ward_dir = keys_dir(instance_path) / "wards" / ward_slug
    key_path, cert_path = ward_dir / "key.pem", ward_dir / "cert.pem"
    if cert_path.exists() and key_path.exists():
        return key_path, cert_path
    with keys_lock(instance_path) as folder:
        if not (cert_path.exists() and key_path.exists()):
            root_key = serialization.load_pem_private_key((folder / "root-ca.key.pem").read_bytes(), None)
            root_cert = x509.load_pem_x509_certificate(root_cert_path.read_bytes())
            # OU carries the slug, so anyone reading the certificate can tell which ward signed
            key, cert = _issue({NameOID.COMMON_NAME: ward_name, NameOID.ORGANIZATION_NAME: ward_name,
                                NameOID.ORGANIZATIONAL_UNIT_NAME: ward_slug, NameOID.COUNTRY_NAME: "VN"},
                               root_key, root_cert)
            # key first: cert.pem existing is the signal that the pair is complete
            write_atomic(key_path, key_pem(key), 0o600)
            write_atomic(cert_path, cert_pem(cert) + cert_pem(root_cert))
    return key_path, cert_path


def check_slug(ward_slug: str) -> None:
    """Refuse slugs that could escape the keys folder."""
    if not SLUG_RE.match(ward_slug or ""):
        raise ValueError(f"invalid ward slug: {ward_slug!r}")
