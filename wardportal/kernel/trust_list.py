"""The install's trust list: the CA certificates whose signatures the portal accepts, in one place.

Four sources, all read from the shared files store or the settings, so every server sees the same list:
- ``install``: the install's own root CA (`signing_keys.ensure_root_ca`), which issues the wards' seals and the
  demo leader's certificate;
- ``ward``: the top of a ward's configured PKCS#12 chain (``keys/wards/<slug>/trusted-root.pem``);
- ``setting``: the files named in ``SIGNATURE_TRUST_ROOTS``;
- ``added``: PEM files an administrator added on the trust-list page (``keys/trust-roots/<sha256>.pem``), e.g.
  the government officials' CA and the public CAs under the national root that a province uses.

`digest` fingerprints the whole list: a stored verdict made under another digest is redone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from wardportal.kernel.signing_keys import keys_dir, keys_lock, write_atomic

SOURCES = ("install", "ward", "setting", "added")


class RootRefused(ValueError):
    """A file offered as a trust root is not a CA certificate that can be trusted (message in Vietnamese)."""


@dataclass(frozen=True)
class TrustedRoot:
    """One CA certificate of the trust list, as the administrator's page lists it."""

    cert: asn1_x509.Certificate
    source: str  # one of SOURCES
    fingerprint: str  # SHA-256, hex

    @property
    def subject(self) -> str:
        """The CA's name as its certificate states it."""
        return self.cert.subject.human_friendly

    @property
    def not_after(self) -> dt.datetime:
        """End of the CA certificate's validity."""
        return self.cert["tbs_certificate"]["validity"]["not_after"].native

    def expired(self, now: dt.datetime) -> bool:
        """Has the CA certificate expired at ``now``?"""
        return self.not_after <= now


def to_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    """A pyca certificate as asn1crypto's (what pyHanko and its validator take)."""
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def as_asn1_certs(item) -> list[asn1_x509.Certificate]:
    """Certificates from PEM or DER bytes, a path to such a file, or an asn1crypto certificate."""
    if isinstance(item, asn1_x509.Certificate):
        return [item]
    data = item if isinstance(item, bytes) else Path(item).read_bytes()
    if b"-----BEGIN" in data:
        return [to_asn1(c) for c in x509.load_pem_x509_certificates(data)]
    return [asn1_x509.Certificate.load(data)]


def _added_dir(files_root) -> Path:
    return keys_dir(files_root) / "trust-roots"


def listed(files_root, setting_roots=()) -> list[TrustedRoot]:
    """Every root of the trust list with where it comes from (a duplicate is listed once, first source)."""
    folder = keys_dir(files_root)
    sources = [("install", [folder / "root-ca.pem"] if (folder / "root-ca.pem").exists() else []),
               ("ward", sorted(folder.glob("wards/*/trusted-root.pem"))),
               ("setting", list(setting_roots)),
               ("added", sorted(_added_dir(files_root).glob("*.pem")))]
    seen, roots = set(), []
    for source, items in sources:
        for item in items:
            for cert in as_asn1_certs(item):
                fingerprint = cert.sha256.hex()
                if fingerprint not in seen:
                    seen.add(fingerprint)
                    roots.append(TrustedRoot(cert, source, fingerprint))
    return roots


def roots(files_root, setting_roots=()) -> list[asn1_x509.Certificate]:
    """The trust list's certificates, for a validation context."""
    return [root.cert for root in listed(files_root, setting_roots)]


def digest(certs) -> str:
    """A fingerprint of a trust list (order does not matter)."""
    hasher = hashlib.sha256()
    for fingerprint in sorted(cert.sha256 for cert in certs):
        hasher.update(fingerprint)
    return hasher.hexdigest()


def add_root(files_root, data: bytes, now: dt.datetime) -> TrustedRoot:
    """Add a CA certificate (PEM or DER, one certificate) to the trust list; raise RootRefused with why not."""
    try:
        certs = as_asn1_certs(data)
    except (ValueError, TypeError):
        raise RootRefused("Tệp không phải là chứng thư số (PEM hoặc DER).") from None
    if len(certs) != 1:
        raise RootRefused("Mỗi lần thêm một chứng thư số của tổ chức chứng thực.")
    cert = certs[0]
    try:
        is_ca = bool(cert.ca)
        not_after = cert["tbs_certificate"]["validity"]["not_after"].native
    except (ValueError, TypeError, KeyError):
        raise RootRefused("Tệp không phải là chứng thư số (PEM hoặc DER).") from None
    if not is_ca:
        raise RootRefused("Chứng thư này không phải của một tổ chức chứng thực (CA), không thể làm gốc tin cậy.")
    if not_after <= now:
        raise RootRefused("Chứng thư số của tổ chức chứng thực này đã hết hạn.")
    fingerprint = cert.sha256.hex()
    pem = x509.load_der_x509_certificate(cert.dump()).public_bytes(serialization.Encoding.PEM)
    with keys_lock(files_root):
        write_atomic(_added_dir(files_root) / f"{fingerprint}.pem", pem)
    return TrustedRoot(cert, "added", fingerprint)


def remove_root(files_root, fingerprint: str) -> bool:
    """Take an administrator-added root off the list; False when there was none with that fingerprint."""
    if len(fingerprint) != 64 or any(c not in "0123456789abcdef" for c in fingerprint):
        return False
    path = _added_dir(files_root) / f"{fingerprint}.pem"
    with keys_lock(files_root):
        if not path.exists():
            return False
        path.unlink()
    return True


def setting_problems(setting_roots) -> list[str]:
    """One line per ``SIGNATURE_TRUST_ROOTS`` entry the portal cannot use (missing, unreadable, not a CA)."""
    problems = []
    for item in setting_roots or ():
        label = "an inline certificate" if isinstance(item, bytes) else str(item)
        try:
            certs = as_asn1_certs(item)
        except OSError as missing:
            problems.append(f"SIGNATURE_TRUST_ROOTS: cannot read {label} ({missing.strerror})")
            continue
        except (ValueError, TypeError):
            problems.append(f"SIGNATURE_TRUST_ROOTS: {label} is not a PEM or DER certificate")
            continue
        if not all(cert.ca for cert in certs):
            problems.append(f"SIGNATURE_TRUST_ROOTS: {label} holds a certificate that is not a CA's")
    return problems


def warn_at_start(app) -> None:
    """Name each trust-list misconfiguration in one line when the app starts."""
    log = logging.getLogger(__name__)
    for line in setting_problems(app.config.get("SIGNATURE_TRUST_ROOTS")):
        log.warning("%s", line)
    if not (app.testing or app.debug or app.config.get("PUBLIC_BASE_URL")):
        log.warning("PUBLIC_BASE_URL is not set: certificates issued now carry no revocation-list address "
                    "(/pki/goc.crl), so outside verifiers cannot learn that a ward key was revoked")
