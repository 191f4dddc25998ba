"""The install's signing keys on disk: a root CA per install and a signing certificate per ward.

Generated on first use into ``<FILES_PATH>/keys/`` (key files 0600, folders 0700), the store every server
shares, safely when several workers or servers start at once (a file lock, a second look under it, and
atomic writes). The root CA's private key is encrypted at rest with ``CA_KEY_PASSPHRASE`` (environment:
``WARDPORTAL_CA_KEY_PASSPHRASE``) when one is set; a key written before a passphrase was set is encrypted
the next time it is used. No pyHanko here: only the
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

from wardportal.kernel.times import now_utc

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


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
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


def key_pem(key, passphrase: str | None = None) -> bytes:
    """PEM (PKCS#8) of a private key, encrypted with `passphrase` when one is given."""
    protection = (serialization.BestAvailableEncryption(passphrase.encode()) if passphrase
                  else serialization.NoEncryption())
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, protection)


class RootKeyLocked(RuntimeError):
    """The root CA key is encrypted and no (or a wrong) passphrase was given."""


def load_root_key(folder: Path, passphrase: str | None):
    """Load the root CA key; encrypt a plain one in place when a passphrase is now configured."""
    path = folder / "root-ca.key.pem"
    data = path.read_bytes()
    encrypted = b"ENCRYPTED" in data.split(b"\n", 1)[0]
    if encrypted and not passphrase:
        raise RootKeyLocked("the root CA key is encrypted: set WARDPORTAL_CA_KEY_PASSPHRASE")
    try:
        key = serialization.load_pem_private_key(data, passphrase.encode() if encrypted else None)
    except ValueError as exc:
        raise RootKeyLocked("wrong WARDPORTAL_CA_KEY_PASSPHRASE for the root CA key") from exc
    if passphrase and not encrypted:
        write_atomic(path, key_pem(key, passphrase), 0o600)
    return key


def cert_pem(cert: x509.Certificate) -> bytes:
    """PEM of a certificate."""
    return cert.public_bytes(serialization.Encoding.PEM)


def _issue(attributes: dict, issuer_key=None, issuer_cert: x509.Certificate | None = None, crl_url: str = ""):
    """Create an EC P-256 key and certificate: a self-signed CA, or a document signer issued by the CA.

    ``crl_url``: where the CA publishes its revocation list, written into the signer's certificate as its CRL
    distribution point (verifiers elsewhere, e.g. Adobe Reader, fetch it from there)."""
    key = ec.generate_private_key(ec.SECP256R1())
    is_ca = issuer_cert is None
    name = x509.Name([x509.NameAttribute(oid, value) for oid, value in attributes.items()])
    now = now_utc()
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
    if not is_ca and crl_url:
        point = x509.DistributionPoint([x509.UniformResourceIdentifier(crl_url)], None, None, None)
        builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    return key, builder.sign(key if is_ca else issuer_key, hashes.SHA256())


def ensure_root_ca(instance_path, install_name: str = "Ward Portal", passphrase: str | None = None) -> Path:
    """Return the install root CA certificate path, generating the CA on first use."""
    folder = keys_dir(instance_path)
    cert_path = folder / "root-ca.pem"
    if cert_path.exists():
        return cert_path
    with keys_lock(instance_path):
        if not cert_path.exists():  # another process may have won the race while we waited
            key, cert = _issue({NameOID.COMMON_NAME: f"Ward Portal root – {install_name}",
                                NameOID.ORGANIZATION_NAME: install_name, NameOID.COUNTRY_NAME: "VN"})
            write_atomic(folder / "root-ca.key.pem", key_pem(key, passphrase), 0o600)
            write_atomic(cert_path, cert_pem(cert))
    return cert_path


def ensure_ward_keys(instance_path, ward_slug: str, ward_name: str, install_name: str = "Ward Portal",
                     ca_passphrase: str | None = None, crl_url: str = "") -> tuple[Path, Path]:
    """Return (key path, cert path) of a ward's generated signing key, issuing it on first use."""
    check_slug(ward_slug)
    root_cert_path = ensure_root_ca(instance_path, install_name, ca_passphrase)
    ward_dir = keys_dir(instance_path) / "wards" / ward_slug
    key_path, cert_path = ward_dir / "key.pem", ward_dir / "cert.pem"
    if cert_path.exists() and key_path.exists():
        return key_path, cert_path
    with keys_lock(instance_path) as folder:
        if not (cert_path.exists() and key_path.exists()):
            root_key = load_root_key(folder, ca_passphrase)
            root_cert = x509.load_pem_x509_certificate(root_cert_path.read_bytes())
            # OU carries the slug, so anyone reading the certificate can tell which ward signed
            key, cert = _issue({NameOID.COMMON_NAME: ward_name, NameOID.ORGANIZATION_NAME: ward_name,
                                NameOID.ORGANIZATIONAL_UNIT_NAME: ward_slug, NameOID.COUNTRY_NAME: "VN"},
                               root_key, root_cert, crl_url)
            # key first: cert.pem existing is the signal that the pair is complete
            write_atomic(key_path, key_pem(key), 0o600)
            write_atomic(cert_path, cert_pem(cert) + cert_pem(root_cert))
    return key_path, cert_path


def rotate_ward_keys(instance_path, ward_slug: str, ward_name: str, install_name: str = "Ward Portal",
                     ca_passphrase: str | None = None, now: dt.datetime | None = None,
                     crl_url: str = "") -> tuple[Path, x509.Certificate | None]:
    """Retire a ward's generated key and issue a new one; return the new certificate's path and the old
    certificate (None when the ward had none).

    The old certificate is kept under ``wards/<slug>/retired/`` so documents signed before still verify
    and are still attributed to the ward; the old private key is destroyed. When the key was compromised the
    caller revokes the old certificate (`revocation.revoke`). Running workers load the new key at their next
    signature (`signing.load_ward_signer` notices that ``cert.pem`` is a new file).
    """
    check_slug(ward_slug)
    moment = now or now_utc()
    ward_dir = keys_dir(instance_path) / "wards" / ward_slug
    old_cert = None
    with keys_lock(instance_path):
        if (ward_dir / "cert.pem").exists():
            old_cert = x509.load_pem_x509_certificates((ward_dir / "cert.pem").read_bytes())[0]
            retired = ward_dir / "retired"
            retired.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.replace(ward_dir / "cert.pem", retired / f"{moment:%Y%m%dT%H%M%S}-cert.pem")
        (ward_dir / "key.pem").unlink(missing_ok=True)
    return ensure_ward_keys(instance_path, ward_slug, ward_name, install_name, ca_passphrase, crl_url)[1], old_cert


def issue_personal(instance_path, common_name: str, citizen_id: str, install_name: str = "Ward Portal",
                   ca_passphrase: str | None = None, crl_url: str = ""):
    """A personal signing key and certificate issued by the install's root (the demo leader's): returns
    (private key, certificate, root certificate). The subject carries the citizen ID as Vietnamese CAs do
    (UID "CCCD:<number>"), which is how a signer is matched to a person."""
    root_cert_path = ensure_root_ca(instance_path, install_name, ca_passphrase)
    with keys_lock(instance_path) as folder:
        root_key = load_root_key(folder, ca_passphrase)
    root_cert = x509.load_pem_x509_certificate(root_cert_path.read_bytes())
    key, cert = _issue({NameOID.COMMON_NAME: common_name, NameOID.USER_ID: f"CCCD:{citizen_id}",
                        NameOID.COUNTRY_NAME: "VN"}, root_key, root_cert, crl_url)
    return key, cert, root_cert


def check_slug(ward_slug: str) -> None:
    """Refuse slugs that could escape the keys folder."""
    if not SLUG_RE.match(ward_slug or ""):
        raise ValueError(f"invalid ward slug: {ward_slug!r}")
