"""Approval of results: officers send drafts, a leader of the same ward approves (signs) or returns them.

Each step is a history line of the dossier (through `workflow.record_step`) and an audit entry, committed
together. The dossier stays "in processing" while a draft waits, so its deadline keeps running. Approval
signs exactly the bytes that were sent: a draft replaced or changed meanwhile is refused. The slow signing
runs between transactions, then a compare-and-set on the draft's row decides who won a race; the signed
PDF becomes the result through `workflow.mark_ready`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from wardportal.approvals import citizen_signatures, pdf_signatures
from wardportal.approvals.models import (DRAFT_APPROVED, DRAFT_PENDING, DRAFT_RETURNED, DRAFT_SUPERSEDED,
    LeaderProfile, ResultDraft, WardSeal)
from wardportal.dossiers import files as dossier_files, receipts, workflow
from wardportal.dossiers.models import Dossier, DossierEvent, StaffNotification
from wardportal.dossiers.status import DossierAction, DossierStatus, TransitionNotAllowed, next_status
from wardportal.kernel import file_storage, signature_policy, signing
from wardportal.kernel.database import end_read_transaction
from wardportal.kernel.extensions import db
from wardportal.kernel.times import now_utc
from wardportal.staff import audit
from wardportal.staff.models import StaffUser, Ward, WardMembership

LEADER_ROLE = "leader"
DRAFTER_ROLES = ("officer", "admin")
DRAFT_SENT, DRAFT_RETURNED_STEP, DRAFT_APPROVED_STEP = "draft_sent", "draft_returned", "draft_approved"
MAX_REASON = 2000

workflow.register_step_label(DRAFT_SENT, "Trình lãnh đạo phê duyệt kết quả", "Result sent for approval")
workflow.register_step_label(DRAFT_RETURNED_STEP, "Lãnh đạo trả lại dự thảo", "Draft returned by the leader")
workflow.register_step_label(DRAFT_APPROVED_STEP, "Lãnh đạo phê duyệt, ký số kết quả",
                             "Result approved and signed by the leader")


def _result_needs_approval(dossier: Dossier, officer: StaffUser | None):
    """In a ward with leaders, results are made by a leader's approval, not marked ready at the desk."""
    if not current_app.config.get("RESULTS_NEED_APPROVAL", True) or is_leader(officer, dossier.ward_id):
        return None
    if not ward_leaders(dossier.ward):
        return None
    return _l("Đơn vị có lãnh đạo phê duyệt: hãy trình dự thảo kết quả để lãnh đạo ký số.")


workflow.register_ready_guard(_result_needs_approval)


class ApprovalError(ValueError):
    """A refused approval step, with a message for the person who tried it."""


@dataclass(frozen=True)
class Actor:
    """Who acts and from where (the address goes to the audit log only)."""

    user: StaffUser
    ip_address: str = ""


def is_leader(user: StaffUser | None, ward_id: int) -> bool:
    """Leaders (Chủ tịch / Phó Chủ tịch UBND) of this ward may approve its results; nobody else may."""
    return bool(user and user.is_active_account and LEADER_ROLE in user.roles_in(ward_id))


def may_draft(user: StaffUser | None, ward_id: int) -> bool:
    """One-stop officers and admins of the ward draft results."""
    return bool(user and user.is_active_account and user.roles_in(ward_id) & set(DRAFTER_ROLES))


def ward_leaders(ward: Ward) -> list[StaffUser]:
    """The ward's active leaders."""
    return list(db.session.scalars(db.select(StaffUser).join(WardMembership).where(
        WardMembership.ward_id == ward.id, WardMembership.role == LEADER_ROLE,
        StaffUser.is_active_account.is_(True)).order_by(StaffUser.full_name)))


# ---------------------------------------------------------------- queries


def pending_drafts(ward: Ward) -> list[ResultDraft]:
    """The ward's drafts awaiting a leader, oldest first (the dossier's due date decides urgency too)."""
    return list(db.session.scalars(db.select(ResultDraft).join(Dossier, ResultDraft.dossier_id == Dossier.id)
                                   .where(ResultDraft.ward_id == ward.id, ResultDraft.status == DRAFT_PENDING)
                                   .order_by(Dossier.due_date.asc().nulls_last(), ResultDraft.created_at)))


def draft_in_ward(ward: Ward, draft_id: int) -> ResultDraft | None:
    """A draft of this ward (another ward's is simply not found)."""
    draft = db.session.get(ResultDraft, draft_id)
    return draft if draft is not None and draft.ward_id == ward.id else None


def drafts_of(dossier: Dossier) -> list[ResultDraft]:
    """Every draft of a dossier, newest first."""
    return list(db.session.scalars(db.select(ResultDraft).where(ResultDraft.dossier_id == dossier.id)
                                   .order_by(ResultDraft.id.desc())))


def leader_profile(user: StaffUser, ward: Ward) -> LeaderProfile | None:
    """The leader's signing profile in this ward."""
    return db.session.scalar(db.select(LeaderProfile).where(LeaderProfile.staff_id == user.id,
                                                            LeaderProfile.ward_id == ward.id))


def leader_appearance(user: StaffUser, ward: Ward, certificate: bytes) -> pdf_signatures.LeaderAppearance:
    """How the leader's signature looks: their title in this ward (default CHỦ TỊCH), the name the signing
    certificate carries (never a name typed anywhere else) and their image."""
    profile = leader_profile(user, ward)
    return pdf_signatures.LeaderAppearance(
        title=(profile.title if profile and profile.title else "CHỦ TỊCH"),
        name=signature_policy.common_name(certificate), signature_png=profile.signature_png if profile else None)


def enrolled_signature(user: StaffUser, ward: Ward, key) -> tuple[str, pdf_signatures.LeaderAppearance]:
    """Before a leader's slow signature: the certificate ``key`` signs with must be a confirmed enrolment of
    this leader in this ward that passes the signature policy now (`enrolment.check_signer`, raising
    `enrolment.SignerRefused`); returns its fingerprint (compared again where the key signs) and the
    appearance. `pdf_signatures.SigningRefused` when the key's certificate cannot be read."""
    from wardportal.approvals import enrolment  # it builds on this module's rules (ApprovalError, is_leader)

    end_read_transaction()  # reading the token and validating the certificate hold no write lock
    certificate = pdf_signatures.signing_certificate(key)
    enrolment.check_signer(user, ward, certificate)
    return signature_policy.fingerprint(certificate), leader_appearance(user, ward, certificate)


def ward_seal(ward: Ward) -> WardSeal | None:
    """The ward's seal image, if uploaded."""
    return db.session.scalar(db.select(WardSeal).where(WardSeal.ward_id == ward.id))


# ---------------------------------------------------------------- steps


def check_sendable(dossier: Dossier, user: StaffUser) -> None:
    """Raise ApprovalError (or TransitionNotAllowed) unless this user may send a draft of this dossier now;
    checked before a generated draft takes its number from the register, and again when it is sent."""
    if not may_draft(user, dossier.ward_id):
        raise ApprovalError(_l("Chỉ cán bộ xử lý hồ sơ của đơn vị mới được trình dự thảo kết quả."))
    next_status(dossier.status, DossierAction.MARK_READY)  # only a dossier in processing gets a result
    missing = citizen_signatures.missing_signed_forms(dossier)
    if missing:
        raise ApprovalError(_l("Thủ tục yêu cầu tờ khai có chữ ký số hợp lệ của người nộp: %(names)s.",
                               names="; ".join(missing)))


def send_draft(dossier: Dossier, actor: Actor, *, pdf: bytes, filename: str, origin: str = "upload",
               note: str = "", now: datetime | None = None) -> ResultDraft:
    """Store the officer's draft result and put it in the leaders' queue (replacing an earlier draft)."""
    now = now or now_utc()
    check_sendable(dossier, actor.user)
    if not pdf.startswith(b"%PDF-"):
        raise ApprovalError(_l("Dự thảo kết quả phải là tệp PDF đọc được."))
    end_read_transaction()  # parsing the whole PDF holds no write lock; the writes below take a short one
    if pdf_signatures.page_count(pdf) < 1:
        raise ApprovalError(_l("Dự thảo kết quả phải là tệp PDF đọc được."))
    if signing.is_signed(pdf):
        raise ApprovalError(_l("Dự thảo đã có chữ ký số; hãy trình bản chưa ký để lãnh đạo ký."))
    try:  # the storage intake refuses active content and remote actions before a leader ever opens it
        stored_file = dossier_files.store_handed_over(pdf, filename or "du-thao-ket-qua.pdf", "application/pdf")
    except file_storage.FileRefused as refused:
        raise ApprovalError(refused.message) from None
    stored = dossier_files.attach_stored(dossier, stored_file, kind="draft", document_name="Dự thảo kết quả")
    for earlier in db.session.scalars(db.select(ResultDraft).where(
            ResultDraft.dossier_id == dossier.id, ResultDraft.status == DRAFT_PENDING)):
        earlier.status = DRAFT_SUPERSEDED
    draft = ResultDraft(dossier=dossier, ward_id=dossier.ward_id, officer=actor.user, file=stored,
                        sha256=stored.sha256, origin=origin, note=_clip(note), created_at=now)
    db.session.add(draft)
    db.session.flush()
    workflow.record_step(dossier, DRAFT_SENT, actor.user, now=now, internal_note=note,
                         details={"draft_id": draft.id, "origin": origin})
    audit.record("approval.draft_sent", actor.user, actor.ip_address, now, dossier.ward, target=dossier.code,
                 details={"draft_id": draft.id, "origin": origin})
    db.session.commit()
    return draft


def return_draft(draft: ResultDraft, actor: Actor, *, reason: str, now: datetime | None = None) -> DossierEvent:
    """The leader sends the draft back to the officer with a reason; the officer drafts again."""
    now = now or now_utc()
    _check_leader(draft, actor.user)
    reason = _clip(reason.strip())
    if not reason:
        raise ApprovalError(_l("Cần nêu lý do trả lại dự thảo."))
    draft.status, draft.decided_at, draft.decided_by, draft.return_reason = DRAFT_RETURNED, now, actor.user, reason
    event = workflow.record_step(draft.dossier, DRAFT_RETURNED_STEP, actor.user, now=now, internal_note=reason,
                                 details={"draft_id": draft.id})
    if draft.officer_id:
        db.session.add(StaffNotification(
            staff_id=draft.officer_id, ward_id=draft.ward_id, dossier=draft.dossier, kind="returned",
            created_at=now, message=f"Dự thảo kết quả hồ sơ {draft.dossier.code} bị trả lại: {reason}"[:1000]))
    audit.record("approval.draft_returned", actor.user, actor.ip_address, now, draft.dossier.ward,
                 target=draft.dossier.code, details={"draft_id": draft.id})
    db.session.commit()
    return event


def approve_draft(draft: ResultDraft, actor: Actor, *, expected_sha256: str, key,
                  now: datetime | None = None) -> DossierEvent:
    """Sign the draft as the leader, seal it as the ward, and make it the dossier's result (status 9).

    `key` is a `pdf_signatures.TokenKey` or `FileKey`; raises ApprovalError (nothing stored) when the draft
    changed, `enrolment.SignerRefused` (an ApprovalError) when the key's certificate is not the leader's
    confirmed enrolment here or fails the policy, `pdf_signatures.SigningRefused` when the key could not sign.
    """
    now = now or now_utc()
    _check_leader(draft, actor.user)
    dossier = draft.dossier
    next_status(dossier.status, DossierAction.MARK_READY)
    if expected_sha256 != draft.sha256 or draft.file is None:
        raise ApprovalError(_l("Dự thảo đã thay đổi từ khi bạn mở nó; hãy xem lại bản mới nhất."))
    data = file_storage.read(file_storage.current_uploads(), draft.file.stored_name)
    if hashlib.sha256(data).hexdigest() != draft.sha256:
        raise ApprovalError(_l("Tệp dự thảo không còn khớp với bản đã trình; không thể ký."))
    fingerprint, appearance = enrolled_signature(actor.user, dossier.ward, key)
    seal = ward_seal(dossier.ward)
    seal_png = seal.seal_png if seal else None
    ward_signer = receipts.ward_signer(dossier.ward)
    ward_name, draft_id, code = dossier.ward.name, draft.id, dossier.code
    tsa_url = current_app.config.get("SIGNING_TSA_URL") or None
    db.session.commit()  # signing is slow: do not hold SQLite's write lock meanwhile
    signed = pdf_signatures.sign_as_leader(data, key, appearance, ward_name=ward_name, tsa_url=tsa_url,
                                           certificate=fingerprint)
    signed = pdf_signatures.seal_as_ward(signed, ward_signer, seal_png, tsa_url=tsa_url)
    # the result's PDF checks run before the write transaction below too, like the signing
    result = workflow.prepare_result(dossier, result_pdf=signed, filename=f"ket-qua-{code}.pdf")
    won = db.session.execute(update(ResultDraft).where(
        ResultDraft.id == draft_id, ResultDraft.status == DRAFT_PENDING, ResultDraft.sha256 == expected_sha256)
        .values(status=DRAFT_APPROVED, decided_at=now, decided_by_id=actor.user.id)
        .execution_options(synchronize_session=False)).rowcount
    if won != 1:
        db.session.rollback()
        raise ApprovalError(_l("Dự thảo đã được xử lý hoặc thay thế trong lúc ký; không lưu bản ký này."))
    db.session.refresh(draft)
    workflow.record_step(dossier, DRAFT_APPROVED_STEP, actor.user, now=now, details={"draft_id": draft_id})
    audit.record("approval.draft_approved", actor.user, actor.ip_address, now, dossier.ward, target=code,
                 details={"draft_id": draft_id, "key": "pkcs11" if isinstance(key, pdf_signatures.TokenKey)
                          else "pkcs12"})
    try:
        event = workflow.attach_result(dossier, actor.user, result, now=now)
    except (TransitionNotAllowed, workflow.WorkflowError):
        db.session.rollback()
        raise
    draft.signed_file_id = event.details.get("file_id")
    db.session.commit()
    return event


def _check_leader(draft: ResultDraft, user: StaffUser) -> None:
    """Only a leader of the draft's own ward decides, and only while the draft waits."""
    if not is_leader(user, draft.ward_id):
        raise ApprovalError(_l("Chỉ lãnh đạo của đơn vị mới được phê duyệt dự thảo này."))
    if draft.status != DRAFT_PENDING:
        raise ApprovalError(_l("Dự thảo này không còn chờ phê duyệt."))
    if DossierStatus(draft.dossier.status).is_final:
        raise TransitionNotAllowed(draft.dossier.status, DRAFT_APPROVED_STEP)


# ---------------------------------------------------------------- signing profiles


def save_profile(user: StaffUser, ward: Ward, *, title: str, token_label: str, key_label: str,
                 signature_png: bytes | None, ip_address: str = "", now: datetime | None = None) -> LeaderProfile:
    """Keep a leader's title, token labels and (when given) their signature image, checked."""
    now = now or now_utc()
    if not is_leader(user, ward.id):
        raise ApprovalError(_l("Chỉ lãnh đạo của đơn vị mới có hồ sơ chữ ký."))
    # decoded before the write transaction (the reads so far end): the image's CPU time holds no write lock
    end_read_transaction()
    clean_png = _checked_png(signature_png) if signature_png else None
    profile = leader_profile(user, ward) or LeaderProfile(staff_id=user.id, ward_id=ward.id)
    if clean_png:
        profile.signature_png = clean_png
    profile.title, profile.token_label, profile.key_label = (_clip(title.strip(), 200),
                                                             _clip(token_label.strip(), 100),
                                                             _clip(key_label.strip(), 100))
    profile.updated_at = now
    db.session.add(profile)
    audit.record("approval.profile_saved", user, ip_address, now, ward, target=user.email,
                 details={"image": bool(signature_png)})
    db.session.commit()
    return profile


def save_seal(ward: Ward, admin: StaffUser, png: bytes, *, ip_address: str = "",
              now: datetime | None = None) -> WardSeal:
    """Keep the ward's seal image (admins of the ward only)."""
    now = now or now_utc()
    if "admin" not in admin.roles_in(ward.id):
        raise ApprovalError(_l("Chỉ quản trị của đơn vị mới được cập nhật hình con dấu."))
    # decoded before the write transaction (the reads so far end): the image's CPU time holds no write lock
    end_read_transaction()
    clean_png = _checked_png(png)
    seal = ward_seal(ward) or WardSeal(ward_id=ward.id)
    seal.seal_png, seal.updated_at = clean_png, now
    db.session.add(seal)
    audit.record("approval.seal_saved", admin, ip_address, now, ward, target=ward.slug)
    db.session.commit()
    return seal


def _checked_png(data: bytes) -> bytes:
    """The image re-encoded, or a clear refusal."""
    try:
        return pdf_signatures.clean_png(data)
    except ValueError as bad:
        raise ApprovalError(_l("Hình phải là tệp PNG nền trong suốt, tối đa 512 KB và 1200 điểm ảnh mỗi chiều.")) \
            from bad


def _clip(text: str, limit: int = MAX_REASON) -> str:
    """Free text within a sane length."""
    return (text or "")[:limit]

