"""The install CA's certificate revocation list (CRL): what it revoked, since when, published at a public URL.

The list of revoked certificates is ``keys/revoked.json`` in the shared files store; the signed CRL built from
it is ``keys/root-ca.crl`` (DER), re-signed when it is missing or within `REISSUE_BEFORE` of its next update
(which needs the root key, hence ``CA_KEY_PASSPHRASE`` when it is encrypted). Certificates the CA issues name
`crl_url` as their distribution point; the portal's own verifier reads the file directly.

A revocation carries the moment the key stopped being trustworthy (``since``, the compromise time), which goes
in the CRL as the revocation date: a signature whose trusted timestamp is earlier still verifies, a later one
or one without a timestamp does not.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding

from wardportal.kernel.signing_keys import RootKeyLocked, keys_dir, keys_lock, load_root_key, write_atomic
from wardportal.kernel.times import as_utc, now_utc

CRL_VALIDITY = dt.timedelta(days=30)
REISSUE_BEFORE = dt.timedelta(days=7)
CRL_PATH_IN_SITE = "/pki/goc.crl"  # the public route serving it (kept here so issuing and serving agree)
_REASONS = {"key_compromise": x509.ReasonFlags.key_compromise, "superseded": x509.ReasonFlags.superseded,
            "cessation_of_operation": x509.ReasonFlags.cessation_of_operation,
            "unspecified": x509.ReasonFlags.unspecified}


def crl_url(public_base_url: str | None) -> str:
    """The CRL's public address, or "" when the install has no public address configured."""
    return f"{public_base_url.rstrip('/')}{CRL_PATH_IN_SITE}" if public_base_url else ""


def _revoked_path(files_root) -> Path:
    return keys_dir(files_root) / "revoked.json"


def _crl_path(files_root) -> Path:
    return keys_dir(files_root) / "root-ca.crl"


def revoked_entries(files_root) -> list[dict]:
    """The CA's revocations: serial (decimal string), since (ISO 8601, UTC), reason, subject."""
    path = _revoked_path(files_root)
    return json.loads(path.read_text()) if path.exists() else []


def issue_crl(files_root, passphrase: str | None, now: dt.datetime | None = None) -> bytes:
    """Sign a fresh CRL listing every revocation; store it and return its DER bytes (raises RootKeyLocked)."""
    now = now or now_utc()
    folder = keys_dir(files_root)
    with keys_lock(files_root):
        return _issue_locked(folder, files_root, passphrase, now)


def _issue_locked(folder: Path, files_root, passphrase, now: dt.datetime) -> bytes:
    root_key = load_root_key(folder, passphrase)
    root_cert = x509.load_pem_x509_certificate((folder / "root-ca.pem").read_bytes())
    previous = _read_crl(files_root)
    number = (previous.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number + 1
              if previous is not None else 1)
    builder = (x509.CertificateRevocationListBuilder().issuer_name(root_cert.subject)
               .last_update(now - dt.timedelta(minutes=5)).next_update(now + CRL_VALIDITY)
               .add_extension(x509.CRLNumber(number), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_cert.public_key()),
                              critical=False))
    for entry in revoked_entries(files_root):
        revoked = (x509.RevokedCertificateBuilder().serial_number(int(entry["serial"]))
                   .revocation_date(dt.datetime.fromisoformat(entry["since"]))
                   .add_extension(x509.CRLReason(_REASONS.get(entry.get("reason"), x509.ReasonFlags.unspecified)),
                                  critical=False).build())
        builder = builder.add_revoked_certificate(revoked)
    der = builder.sign(root_key, hashes.SHA256()).public_bytes(Encoding.DER)
    write_atomic(_crl_path(files_root), der)
    return der


def _read_crl(files_root) -> x509.CertificateRevocationList | None:
    path = _crl_path(files_root)
    return x509.load_der_x509_crl(path.read_bytes()) if path.exists() else None


def current_crl(files_root, passphrase: str | None, now: dt.datetime | None = None) -> bytes | None:
    """The CRL to publish, re-signed first when missing or close to its next update; None without a root CA.

    When the root key cannot be opened (no passphrase configured) the stored CRL is returned as it is.
    """
    now = now or now_utc()
    if not (keys_dir(files_root) / "root-ca.pem").exists():
        return None
    stored = _read_crl(files_root)
    if stored is not None and as_utc(stored.next_update_utc) - now > REISSUE_BEFORE:
        return _crl_path(files_root).read_bytes()
    try:
        return issue_crl(files_root, passphrase, now)
    except RootKeyLocked:
        return _crl_path(files_root).read_bytes() if stored is not None else None


def stored_crls(files_root) -> list[bytes]:
    """The CRLs the portal's verifier uses (read from the store; never re-signed while validating)."""
    path = _crl_path(files_root)
    return [path.read_bytes()] if path.exists() else []


def revoke(files_root, cert: x509.Certificate, *, since: dt.datetime, passphrase: str | None,
           now: dt.datetime | None = None, reason: str = "key_compromise") -> bytes:
    """Revoke a certificate the install's CA issued, from ``since`` on, and re-sign the CRL (returned, DER)."""
    now = now or now_utc()
    if reason not in _REASONS:
        raise ValueError(f"unknown revocation reason: {reason}")
    folder = keys_dir(files_root)
    root_cert = x509.load_pem_x509_certificate((folder / "root-ca.pem").read_bytes())
    if cert.issuer != root_cert.subject:
        raise ValueError("only certificates issued by the install's own CA can be revoked here")
    with keys_lock(files_root):
        load_root_key(folder, passphrase)  # refuse before writing anything when the key cannot be opened
        entries = [e for e in revoked_entries(files_root) if int(e["serial"]) != cert.serial_number]
        entries.append({"serial": str(cert.serial_number), "since": as_utc(since).isoformat(), "reason": reason,
                        "subject": cert.subject.rfc4514_string()})
        write_atomic(_revoked_path(files_root), json.dumps(entries, ensure_ascii=False, indent=1).encode())
        return _issue_locked(folder, files_root, passphrase, now)
