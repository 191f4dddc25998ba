"""Enrolled signers: the certificates a leader may sign with in a ward, and the check made before each signature.

A leader enrols the public part of their signing certificate (a certificate file, a PKCS#12 whose private key is
dropped at once, or the certificate object on their token); a ward admin confirms it. A confirmed, not
withdrawn enrolment of this leader in this ward whose certificate passes the signature policy now (chain to the
trust list, validity, revocation, signing usage: `signature_policy.certificate_problem`) is the only thing a
leader's key may sign with (`check_signer`), checked before anything slow runs or anything is stored.
"""

from __future__ import annotations

from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from asn1crypto import x509 as asn1_x509
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select

from wardportal.approvals import pdf_signatures
from wardportal.approvals.drafts import ApprovalError, is_leader
from wardportal.approvals.models import SigningCertificate
from wardportal.kernel import file_storage, signature_policy, trust_list
from wardportal.kernel.database import end_read_transaction
from wardportal.kernel.extensions import db
from wardportal.kernel.times import as_utc, now_utc
from wardportal.staff import audit
from wardportal.staff.models import StaffUser, Ward

MAX_CERTIFICATE_BYTES = 64 * 1024


class SignerRefused(ApprovalError):
    """The key would sign with a certificate that is not a confirmed, valid enrolment of this leader here."""


# ---------------------------------------------------------------- reading certificates


def certificate_from_file(data: bytes, passphrase: str = "") -> bytes:
    """The DER certificate of an uploaded file: PEM or DER (.pem/.cer/.crt/.der, the first certificate of a
    chain), or a PKCS#12 (.p12/.pfx) opened with ``passphrase``, whose private key is never kept."""
    if not data or len(data) > MAX_CERTIFICATE_BYTES:
        raise ApprovalError(_l("Chọn tệp chứng thư số (tối đa 64 KB)."))
    try:
        if b"-----BEGIN CERTIFICATE" in data:
            return x509.load_pem_x509_certificates(data)[0].public_bytes(Encoding.DER)
        return x509.load_der_x509_certificate(data).public_bytes(Encoding.DER)
    except ValueError:
        pass
    try:
        return pdf_signatures.certificate_in_pkcs12(data, passphrase.encode())
    except pdf_signatures.SigningRefused:
        raise ApprovalError(_l("Tệp không phải là chứng thư số (PEM, DER) hoặc tệp .p12 mở được bằng mật khẩu "
                               "đã nhập.")) from None


def certificate_on_token(module_path: str, token_label: str, key_label: str) -> bytes:
    """The certificate stored beside the key on the leader's token (no PIN needed to read it)."""
    try:
        return pdf_signatures.signing_certificate(pdf_signatures.TokenKey(module_path, token_label, key_label, ""))
    except pdf_signatures.SigningRefused:
        raise ApprovalError(_l("Không đọc được chứng thư số trên thiết bị ký số: kiểm tra thiết bị đã cắm và nhãn "
                               "thiết bị, nhãn khóa trong hồ sơ chữ ký.")) from None


# ---------------------------------------------------------------- queries


def ward_enrolments(ward: Ward) -> list[SigningCertificate]:
    """Every enrolment of the ward's leaders, newest first."""
    return list(db.session.scalars(select(SigningCertificate).where(SigningCertificate.ward_id == ward.id)
                                   .order_by(SigningCertificate.enrolled_at.desc(), SigningCertificate.id.desc())))


def enrolments_of(user: StaffUser, ward: Ward) -> list[SigningCertificate]:
    """A leader's enrolments in a ward, newest first."""
    return [e for e in ward_enrolments(ward) if e.staff_id == user.id]


def enrolment_in_ward(ward: Ward, enrolment_id: int) -> SigningCertificate | None:
    """An enrolment of this ward (another ward's is not found)."""
    enrolment = db.session.get(SigningCertificate, enrolment_id)
    return enrolment if enrolment is not None and enrolment.ward_id == ward.id else None


def confirmed_fingerprints(ward: Ward, user: StaffUser | None = None) -> frozenset[str]:
    """Fingerprints of the ward's confirmed, not withdrawn enrolments (of one leader when ``user`` is given):
    whose leaders' signatures a result of this ward may carry (`signature_policy.Expected.one_of`)."""
    query = select(SigningCertificate.fingerprint).where(
        SigningCertificate.ward_id == ward.id, SigningCertificate.confirmed_at.is_not(None),
        SigningCertificate.withdrawn_at.is_(None))
    if user is not None:
        query = query.where(SigningCertificate.staff_id == user.id)
    return frozenset(db.session.scalars(query))


def expected_result_signers(_sender, *, ward: Ward, **_) -> frozenset[str] | None:
    """Receiver of ``result_signers_wanted``: a result of a ward whose leaders enrolled certificates must carry
    one of their signatures besides the ward's seal; None (the seal alone) in a ward with no enrolment."""
    return confirmed_fingerprints(ward) or None


# ---------------------------------------------------------------- steps


def enrol(user: StaffUser, ward: Ward, der: bytes, *, ip_address: str = "",
          now: datetime | None = None) -> SigningCertificate:
    """Enrol a leader's certificate in a ward, waiting for an admin's confirmation; refused (ApprovalError,
    nothing stored) when the certificate cannot sign under the trust list now or is someone else's."""
    now = now or now_utc()
    if not is_leader(user, ward.id):
        raise ApprovalError(_l("Chỉ lãnh đạo của đơn vị mới đăng ký chứng thư số ký duyệt."))
    cert = x509.load_der_x509_certificate(der)
    name = signature_policy.common_name(der)
    if not name:
        raise ApprovalError(_l("Chứng thư số không ghi họ tên người ký (CN); không dùng được để ký duyệt."))
    end_read_transaction()  # validating the path holds no write lock; the writes below take a short one
    problem = signature_policy.certificate_problem(der, signature_policy.current_context())
    if problem:
        raise ApprovalError(_l("Không đăng ký được chứng thư số này: %(why)s", why=problem))
    fingerprint = signature_policy.fingerprint(der)
    taken = db.session.scalar(select(SigningCertificate).where(
        SigningCertificate.fingerprint == fingerprint, SigningCertificate.staff_id != user.id,
        SigningCertificate.withdrawn_at.is_(None)))
    if taken is not None:
        raise ApprovalError(_l("Chứng thư số này đã được một cán bộ khác đăng ký."))
    enrolment = db.session.scalar(select(SigningCertificate).where(
        SigningCertificate.ward_id == ward.id, SigningCertificate.staff_id == user.id,
        SigningCertificate.fingerprint == fingerprint))
    if enrolment is not None and enrolment.withdrawn_at is None:
        raise ApprovalError(_l("Bạn đã đăng ký chứng thư số này."))
    enrolment = enrolment or SigningCertificate(staff_id=user.id, ward_id=ward.id, fingerprint=fingerprint)
    ids = sorted(signature_policy.citizen_ids(der))
    enrolment.certificate_der, enrolment.common_name = der, name[:300]
    enrolment.citizen_id = ids[0][:20] if ids else ""
    issuer_names = cert.issuer.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    enrolment.issuer = (str(issuer_names[0].value) if issuer_names else cert.issuer.rfc4514_string())[:500]
    enrolment.not_before, enrolment.not_after = as_utc(cert.not_valid_before_utc), as_utc(cert.not_valid_after_utc)
    enrolment.enrolled_at, enrolment.confirmed_at, enrolment.confirmed_by_id = now, None, None
    enrolment.withdrawn_at, enrolment.refused_by_id, enrolment.refused_reason = None, None, ""
    db.session.add(enrolment)
    audit.record("approval.certificate_enrolled", user, ip_address, now, ward, target=user.email,
                 details={"fingerprint": fingerprint, "name": enrolment.common_name})
    db.session.commit()
    return enrolment


def withdraw(enrolment: SigningCertificate, user: StaffUser, *, ip_address: str = "",
             now: datetime | None = None) -> None:
    """The leader takes back their own enrolment (a lost token, a renewed certificate)."""
    now = now or now_utc()
    if enrolment.staff_id != user.id or enrolment.withdrawn_at is not None:
        raise ApprovalError(_l("Không rút được chứng thư số này."))
    enrolment.withdrawn_at = now
    audit.record("approval.certificate_withdrawn", user, ip_address, now, _ward(enrolment), target=user.email,
                 details={"fingerprint": enrolment.fingerprint})
    db.session.commit()


def confirm(enrolment: SigningCertificate, admin: StaffUser, *, ip_address: str = "",
            now: datetime | None = None) -> None:
    """A ward admin confirms that the certificate is the leader's (it must still pass the policy now)."""
    now = now or now_utc()
    _check_admin(enrolment, admin)
    if enrolment.confirmed_at is not None:
        raise ApprovalError(_l("Chứng thư số này đã được xác nhận."))
    end_read_transaction()
    problem = signature_policy.certificate_problem(enrolment.certificate_der, signature_policy.current_context())
    if problem:
        raise ApprovalError(_l("Không xác nhận được chứng thư số này: %(why)s", why=problem))
    enrolment.confirmed_at, enrolment.confirmed_by_id = now, admin.id
    audit.record("approval.certificate_confirmed", admin, ip_address, now, _ward(enrolment),
                 target=enrolment.staff.email, details={"fingerprint": enrolment.fingerprint})
    db.session.commit()


def refuse(enrolment: SigningCertificate, admin: StaffUser, *, reason: str = "", ip_address: str = "",
           now: datetime | None = None) -> None:
    """A ward admin refuses (or, once confirmed, revokes) an enrolment; the leader sees why."""
    now = now or now_utc()
    _check_admin(enrolment, admin)
    enrolment.withdrawn_at, enrolment.refused_by_id = now, admin.id
    enrolment.refused_reason = (reason or "").strip()[:500]
    audit.record("approval.certificate_refused", admin, ip_address, now, _ward(enrolment),
                 target=enrolment.staff.email, details={"fingerprint": enrolment.fingerprint})
    db.session.commit()


def _check_admin(enrolment: SigningCertificate, admin: StaffUser) -> None:
    if "admin" not in admin.roles_in(enrolment.ward_id):
        raise ApprovalError(_l("Chỉ quản trị của đơn vị mới xác nhận chứng thư số của lãnh đạo."))
    if enrolment.withdrawn_at is not None:
        raise ApprovalError(_l("Chứng thư số này đã bị rút hoặc từ chối."))


def _ward(enrolment: SigningCertificate) -> Ward:
    return db.session.get(Ward, enrolment.ward_id)


# ---------------------------------------------------------------- the check before signing


def check_signer(user: StaffUser, ward: Ward, der: bytes, moment: datetime | None = None) -> SigningCertificate:
    """The leader's confirmed enrolment for the certificate ``der`` in this ward, or SignerRefused saying why:
    any other certificate (self-made, another leader's or another ward's, unconfirmed, withdrawn) is refused,
    and so is an enrolled one that no longer passes the signature policy (expired, revoked, untrusted)."""
    fingerprint = signature_policy.fingerprint(der)
    mine = db.session.scalar(select(SigningCertificate).where(
        SigningCertificate.ward_id == ward.id, SigningCertificate.staff_id == user.id,
        SigningCertificate.fingerprint == fingerprint))
    if mine is None:
        raise SignerRefused(_l("Chứng thư số của khóa này (%(name)s) chưa được đăng ký cho bạn tại đơn vị này; "
                               "chỉ được ký bằng chứng thư số đã đăng ký và được quản trị xác nhận trong "
                               "“Hồ sơ chữ ký số”.", name=signature_policy.common_name(der) or "?"))
    if mine.withdrawn_at is not None:
        raise SignerRefused(_l("Chứng thư số này đã bị rút hoặc bị quản trị từ chối; không dùng để ký được."))
    if mine.confirmed_at is None:
        raise SignerRefused(_l("Chứng thư số này đang chờ quản trị của đơn vị xác nhận; chưa dùng để ký được."))
    end_read_transaction()
    problem = signature_policy.certificate_problem(der, signature_policy.current_context(), moment or now_utc())
    if problem:
        raise SignerRefused(_l("Không ký được bằng chứng thư số này: %(why)s", why=problem))
    return mine


# ---------------------------------------------------------------- the trust page's warnings


def trust_warnings(setting_roots, now: datetime | None = None) -> list[str]:
    """One line per reason results would not verify: a leader's confirmed certificate that no longer passes
    the policy, an expired root, no root beyond the install's own while leaders enrolled outside certificates,
    and unusable ``SIGNATURE_TRUST_ROOTS`` entries."""
    now = now or now_utc()
    active = list(db.session.scalars(select(SigningCertificate).where(SigningCertificate.withdrawn_at.is_(None))
                                     .order_by(SigningCertificate.ward_id, SigningCertificate.id)))
    names = {e.id: (e.staff.full_name, _ward(e).name) for e in active}
    end_read_transaction()  # validating every leader's path holds no write lock
    context = signature_policy.current_context()
    listed = trust_list.listed(file_storage.files_root(), setting_roots)
    lines = list(trust_list.setting_problems(setting_roots))
    for enrolment in active:
        if enrolment.confirmed_at is None:
            continue
        problem = signature_policy.certificate_problem(enrolment.certificate_der, context, now)
        if problem:
            name, ward_name = names[enrolment.id]
            lines.append(_("Chứng thư số của %(name)s (%(ward)s) không còn ký được, kết quả ký sẽ không xác thực "
                           "được: %(why)s", name=name, ward=ward_name, why=problem))
    for root in listed:
        if root.expired(now):
            lines.append(_("Gốc tin cậy “%(subject)s” đã hết hạn ngày %(day)s: chữ ký bằng chứng thư do nó cấp "
                           "không còn xác thực được.", subject=root.subject, day=f"{root.not_after:%d/%m/%Y}"))
    install_subjects = {root.cert.subject.sha256 for root in listed if root.source in ("install", "ward")}
    outside = [e for e in active
               if asn1_x509.Certificate.load(e.certificate_der).issuer.sha256 not in install_subjects]
    if outside and not any(root.source in ("setting", "added") for root in listed):
        lines.append(_("Chưa có gốc tin cậy nào ngoài gốc của cổng (SIGNATURE_TRUST_ROOTS trống, chưa thêm gốc "
                       "nào) trong khi %(count)d chứng thư số lãnh đạo đã đăng ký do tổ chức chứng thực bên ngoài "
                       "cấp: kết quả họ ký sẽ không xác thực được. Hãy thêm chứng thư gốc của tổ chức chứng thực.",
                       count=len(outside)))
    return lines
