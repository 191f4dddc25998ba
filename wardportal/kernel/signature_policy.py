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

import asyncio
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
from flask import current_app
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError, RevokedError

from wardportal.kernel import file_storage, revocation, trust_list
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
        return trust_list.to_asn1(cert)
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


# ---------------------------------------------------------------- PDF signatures


@dataclass(frozen=True)
class SignatureSummary:
    """One signature of a PDF, in signing order: who signed, in what role, when, and whether it holds."""

    signer_name: str
    issuer_name: str
    role: str  # "seal" (a ward of this install) or "personal"
    reason: str
    ok: bool
    signed_at: dt.datetime | None = None
    timestamp_at: dt.datetime | None = None
    timestamp_trusted: bool = False
    fingerprint: str = ""
    citizen_ids: frozenset = frozenset()
    ward_slug: str | None = None
    problem: str | None = None
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    modified: bool = False


@dataclass(frozen=True)
class VerificationResult:
    """What the policy says about a PDF's signatures (the newest signature's facts at the top level)."""

    signed: bool
    valid: bool
    intact: bool = False
    trusted: bool = False
    modified_after_signing: bool = False
    signer_name: str | None = None
    ward_slug: str | None = None
    signed_at: dt.datetime | None = None
    problem: str | None = None
    # bytes after the end of the newest revision: nothing a signature covers and no revision either
    appended_bytes: int = 0
    signatures: tuple[SignatureSummary, ...] = ()
    trust_digest: str = ""


@dataclass(frozen=True)
class Expected:
    """Who must have signed. ``seal_of``: this ward's seal (slug); ``one_of``: at least one valid signature by
    one of these certificates (fingerprints: a ward's enrolled leaders); ``applicant``: (citizen ID, name) of
    the person who must have signed personally."""

    seal_of: str | None = None
    one_of: frozenset | None = None
    applicant: tuple[str, str] | None = None


_cache: OrderedDict = OrderedDict()
_cache_lock = threading.Lock()


def _issuer(cert: asn1_x509.Certificate) -> str:
    issuer = cert.issuer.native
    return str(issuer.get("common_name") or issuer.get("organization_name") or "")


def _problem(status, modified: bool, last: bool) -> str | None:
    """Vietnamese explanation of the first thing wrong with a signature, or None."""
    if not status.intact:
        return "Nội dung tài liệu đã bị thay đổi sau khi ký (chữ ký không còn khớp với nội dung)."
    if not status.valid:
        return "Chữ ký số không hợp lệ."
    if status.revoked:
        return "Chứng thư số của người ký đã bị thu hồi trước thời điểm ký (hoặc chữ ký không có dấu thời gian)."
    if not status.trusted:
        return "Chứng thư số của người ký không thuộc danh sách tin cậy của cổng hoặc đã hết hạn."
    if modified or not status.docmdp_ok:
        if last:
            return "Tài liệu đã bị sửa đổi hoặc bổ sung sau khi ký."
        return "Tài liệu có thay đổi không được phép sau một chữ ký trước đó."
    if not status.bottom_line:
        return "Chữ ký số không đạt yêu cầu kiểm tra."
    return None


def _is_modified(status, last: bool) -> bool:
    """Was the document changed after this signature beyond what later signatures allow?"""
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return False
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return True
    # the newest signature must cover everything but signature upkeep; an earlier one may be followed
    # by further signatures (form filling level), never by content changes
    allowed = {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES}
    if not last:
        allowed.add(ModificationLevel.FORM_FILLING)
    return status.modification_level not in allowed


def _validate(embedded, context: TrustContext):
    """Validate one signature now; when that fails on trust and a trusted timestamp proves an earlier signing
    time, validate again at that time (a key revoked or expired later does not undo what it signed before)."""
    status = outside_event_loop(validate_pdf_signature, embedded, context.validation_context())
    stamp = status.timestamp_validity
    if status.intact and status.valid and not status.trusted and stamp is not None and stamp.trusted:
        status = outside_event_loop(validate_pdf_signature, embedded, context.validation_context(stamp.timestamp))
    return status


def verify(pdf_bytes: bytes, context: TrustContext, expected: Expected | None = None) -> VerificationResult:
    """Check every signature of a PDF under the policy, and who signed when ``expected`` says; never raises.

    Slow on first sight of a file (tens of milliseconds): call it with no write transaction open. Verdicts are
    cached by content and trust digest.
    """
    key = (hashlib.sha256(pdf_bytes).digest(), context.digest, str(context.files_root))
    with _cache_lock:
        result = _cache.get(key)
        if result is not None:
            _cache.move_to_end(key)
    if result is None:
        result = _verify_uncached(pdf_bytes, context)
        with _cache_lock:
            _cache[key] = result
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return judged(result, expected)


def verify_pdf(pdf_bytes: bytes, files_root, extra_trust_roots=(), expected: Expected | None = None):
    """`verify` under the trust list of the files store ``files_root`` plus ``extra_trust_roots``."""
    return verify(pdf_bytes, trust_context(files_root, extra_trust_roots), expected)


def current_context() -> TrustContext:
    """The running app's trust context: its files store and ``SIGNATURE_TRUST_ROOTS``."""
    return trust_context(file_storage.files_root(), current_app.config.get("SIGNATURE_TRUST_ROOTS") or ())


def _verify_uncached(pdf_bytes: bytes, context: TrustContext) -> VerificationResult:
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        signatures = reader.embedded_signatures
        appended = appended_bytes(reader, signatures, pdf_bytes) if signatures else 0
    except Exception:  # garbage, truncated or encrypted input simply is not a signed PDF
        return VerificationResult(signed=False, valid=False, trust_digest=context.digest,
                                  problem="Tệp tải lên không phải là tệp PDF hợp lệ hoặc đã bị hỏng.")
    if not signatures:
        return VerificationResult(signed=False, valid=False, problem="Tài liệu không có chữ ký số.",
                                  trust_digest=context.digest)
    seals = ward_certificates(context.files_root)
    summaries = []
    for index, embedded in enumerate(signatures):
        last = index == len(signatures) - 1
        try:
            status = _validate(embedded, context)
        except Exception:  # a malformed signature dictionary is a bad signature, not a server error
            return VerificationResult(signed=True, valid=False, trust_digest=context.digest,
                                      problem="Chữ ký số bị hỏng, không kiểm tra được.")
        modified = _is_modified(status, last) or not status.docmdp_ok
        summaries.append(_summary(embedded, status, _problem(status, modified, last), seals, modified))
    newest = summaries[-1]
    problem = next((s.problem for s in summaries if s.problem), None)
    if appended:
        problem = problem or (f"Có {appended} byte được thêm vào sau phần đã ký của tài liệu "
                              "(tài liệu đã bị thay đổi sau khi ký).")
    return VerificationResult(
        signed=True, valid=problem is None, problem=problem, appended_bytes=appended, signatures=tuple(summaries),
        intact=newest.intact, trusted=newest.trusted, modified_after_signing=newest.modified or bool(appended),
        signer_name=newest.signer_name or None,
        ward_slug=newest.ward_slug, signed_at=newest.signed_at, trust_digest=context.digest)


def _summary(embedded, status, problem: str | None, seals: dict, modified: bool) -> SignatureSummary:
    """What the verification page lists about one signature."""
    cert = status.signing_cert
    stamp = status.timestamp_validity
    sha = cert.sha256.hex()
    ward = seals.get(sha) if status.trusted else None
    return SignatureSummary(
        signer_name=common_name(cert), issuer_name=_issuer(cert), role="seal" if ward else "personal",
        reason=str(embedded.sig_object.get("/Reason", "") or ""), ok=problem is None,
        signed_at=status.signer_reported_dt, timestamp_at=stamp.timestamp if stamp is not None else None,
        timestamp_trusted=bool(stamp is not None and stamp.trusted), fingerprint=sha,
        citizen_ids=frozenset(citizen_ids(cert)), ward_slug=ward, problem=problem, intact=bool(status.intact),
        valid=bool(status.valid), trusted=bool(status.trusted), modified=modified)


def expectation_problem(result: VerificationResult, expected: Expected) -> str | None:
    """Why the valid signatures of ``result`` are not the ones expected, or None."""
    good = [s for s in result.signatures if s.ok]
    if expected.seal_of is not None and not any(s.ward_slug == expected.seal_of for s in good):
        return "Tài liệu không có chữ ký số (con dấu) hợp lệ của chính đơn vị này."
    if expected.one_of is not None and not any(s.fingerprint in expected.one_of for s in good):
        return "Tài liệu không có chữ ký số của lãnh đạo đã đăng ký chứng thư số với đơn vị."
    if expected.applicant is not None:
        citizen_id, name = expected.applicant
        if not any((citizen_id and citizen_id in s.citizen_ids) or
                   (not s.citizen_ids and same_person_name(s.signer_name, name)) for s in good):
            return "Người ký không phải là người nộp hồ sơ (số định danh hoặc họ tên trong chứng thư số không khớp)."
    return None


def judged(result: VerificationResult, expected: Expected | None) -> VerificationResult:
    """``result`` with the expected-signer rule applied (valid only when the right people signed)."""
    problem = expectation_problem(result, expected) if expected is not None and result.valid else None
    return replace(result, valid=False, problem=problem) if problem else result


def clear_cache() -> None:
    """Forget cached verdicts (tests; a trust change needs no call: the digest changes the key)."""
    with _cache_lock:
        _cache.clear()
