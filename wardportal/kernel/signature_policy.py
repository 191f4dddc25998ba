"""One verification policy for every signature the portal judges: the public verifier, citizens' signed
uploads, results attached to a dossier, published documents and leaders' certificates.

A signature holds when: its bytes are intact and the signature valid; the certificate chains to the install's
trust list (`trust_list`) and was valid, and not revoked (`revocation`), at the signing time (a trusted RFC 3161
timestamp's time, else now: a signer's own clock proves nothing); nothing but later signatures was added after
it, and no byte follows the last signed revision. Who signed is judged against what the caller expects
(`Expected`): a ward's seal, one of a set of enrolled certificates, or the applicant (citizen ID or name in the
certificate's subject).

Verdicts are cached per process by the file's SHA-256 and the digests of the trust list and the CRLs, so a
document viewed again is not validated again, and a change of either list re-checks it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, replace

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError, RevokedError

from wardportal.kernel import revocation, trust_list
from wardportal.kernel.pdf_safety import appended_bytes
from wardportal.kernel.signing import outside_event_loop
from wardportal.kernel.signing_keys import keys_dir
from wardportal.kernel.times import now_utc

CACHE_SIZE = 256


# ---------------------------------------------------------------- the trust context


@dataclass(frozen=True)
class TrustContext:
    """The trust list and revocation lists in force, and their digest (the cache key's second half)."""

    files_root: object
    roots: tuple
    crls: tuple
    digest: str

    def validation_context(self, moment: dt.datetime | None = None) -> ValidationContext:
        """pyHanko's context; at ``moment`` (a trusted timestamp's time) revocations after it do not count."""
        return ValidationContext(trust_roots=list(self.roots), crls=list(self.crls), allow_fetching=False,
                                 moment=moment, retroactive_revinfo=moment is not None)


def trust_context(files_root, setting_roots=()) -> TrustContext:
    """The context for validating now: trust roots from the store and settings, the install CA's CRL."""
    roots = tuple(trust_list.roots(files_root, setting_roots))
    crls = tuple(revocation.stored_crls(files_root))
    hasher = hashlib.sha256(trust_list.digest(roots).encode())
    for crl in crls:
        hasher.update(hashlib.sha256(crl).digest())
    return TrustContext(files_root, roots, crls, hasher.hexdigest())


# ---------------------------------------------------------------- certificates


def _asn1(cert) -> asn1_x509.Certificate:
    if isinstance(cert, asn1_x509.Certificate):
        return cert
    if isinstance(cert, x509.Certificate):
        from cryptography.hazmat.primitives.serialization import Encoding
        return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
    return asn1_x509.Certificate.load(cert)


def certificate_problem(cert, context: TrustContext, moment: dt.datetime | None = None,
                        intermediates=()) -> str | None:
    """Why a signing certificate (DER bytes, pyca or asn1crypto) cannot sign now (or at ``moment``), or None.

    It must chain to the trust list, be within its validity, not be revoked, and allow signing with
    non-repudiation (the key usage personal and organisation signing certificates carry).
    """
    cert = _asn1(cert)
    moment = moment or now_utc()
    validator = CertificateValidator(cert, intermediate_certs=[_asn1(c) for c in intermediates],
                                     validation_context=context.validation_context(moment))
    try:
        outside_event_loop(_validate_usage, validator)
    except RevokedError:
        return "Chứng thư số này đã bị thu hồi."
    except PathBuildingError:
        return "Chứng thư số không do tổ chức chứng thực nào trong danh sách tin cậy của cổng cấp."
    except PathValidationError as failed:
        validity = cert["tbs_certificate"]["validity"]
        if validity["not_after"].native <= moment:
            return "Chứng thư số đã hết hạn."
        if validity["not_before"].native > moment:
            return "Chứng thư số chưa đến thời hạn có hiệu lực."
        return f"Chứng thư số không hợp lệ ({failed})."
    except Exception as failed:  # noqa: BLE001 — a usage refusal or a malformed certificate is a refusal
        return f"Chứng thư số không dùng được để ký ({failed})."
    return None


def _validate_usage(validator: CertificateValidator):
    import asyncio

    return asyncio.run(validator.async_validate_usage({"non_repudiation"}))


def fingerprint(cert) -> str:
    """SHA-256 of a certificate's DER, hex (how enrolments and wards name certificates)."""
    if isinstance(cert, x509.Certificate):
        return cert.fingerprint(hashes.SHA256()).hex()
    return _asn1(cert).sha256.hex()


def citizen_ids(cert) -> set[str]:
    """The citizen ID numbers a certificate's subject carries (UID "CCCD:…"/"CMND:…", or serialNumber)."""
    subject = _asn1(cert).subject.native
    found = set()
    for key in ("user_id", "serial_number"):
        values = subject.get(key) or []
        for value in values if isinstance(values, list) else [values]:
            digits = str(value).rsplit(":", 1)[-1].strip()
            if digits.isascii() and digits.isdigit():
                found.add(digits)
    return found


def common_name(cert) -> str:
    """The certificate subject's common name ("" when it has none)."""
    value = _asn1(cert).subject.native.get("common_name") or ""
    return str(value[-1] if isinstance(value, list) else value)


def same_person_name(a: str, b: str) -> bool:
    """Names compared as people write them: case, spacing and Unicode composition do not matter."""
    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())
    return bool(norm(a)) and norm(a) == norm(b)


def ward_certificates(files_root) -> dict[str, str]:
    """Fingerprint → ward slug of every seal certificate the install has used (current, configured, retired)."""
    wards = keys_dir(files_root) / "wards"
    found = {}
    for pattern in ("*/cert.pem", "*/configured-cert.pem", "*/retired/*-cert.pem"):
        for path in sorted(wards.glob(pattern)):
            slug = path.parent.name if path.parent.name != "retired" else path.parent.parent.name
            found[fingerprint(x509.load_pem_x509_certificates(path.read_bytes())[0])] = slug
    return found
