"""Submitting a dossier: applicant checks, drafts that can be resumed, and the atomic creation of a dossier.

A dossier is created in one write transaction — its code, the row, every attached file with its SHA-256
and the "submit" event — or not at all. Files written during a transaction that does not commit are
deleted again (`file_storage.follow_transaction`). The signed receipt is issued just after, outside the
lock (`receipts.issue_receipt`). No request or session in here: views and the counter desk pass values.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import unicodedata
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import BinaryIO

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from wardportal.catalogue.eforms import answers as case_answers
from wardportal.catalogue.models import Procedure
from wardportal.dossiers import codes as dossier_codes, draft_limits
from wardportal.dossiers.deadlines import due_date_from
from wardportal.dossiers.eform_case import case_of
from wardportal.dossiers.models import (DELIVERY_METHODS, ApplicationDraft, Dossier, DossierEvent, DossierFile,
    DraftFile)
from wardportal.dossiers.signals import dossier_changed, dossier_submitted, upload_checks
from wardportal.dossiers.status import DossierAction, DossierStatus, next_status
from wardportal.kernel import file_storage
from wardportal.kernel.database import end_read_transaction
from wardportal.kernel.extensions import db
from wardportal.kernel.times import local_day, now_utc
from wardportal.kernel.working_days import MissingHolidayData

log = logging.getLogger(__name__)

APPLICANT_FIELDS = ("full_name", "citizen_id", "birth_date", "phone", "email", "address")
ANSWER_FIELDS = APPLICANT_FIELDS + ("delivery_method", "postal_address", "fee_copies", "fee_urgent")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_MOBILE = re.compile(r"^0[35789][0-9]{8}$")
_LANDLINE = re.compile(r"^02[0-9]{9}$")
_NAME = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$")


class SubmissionRefused(ValueError):
    """A submission that cannot be accepted; ``errors`` maps each field (or "documents") to a message."""

    def __init__(self, errors: dict):
        super().__init__()
        self.errors = errors  # lazy strings: translated when shown

    def __str__(self) -> str:
        return "; ".join(f"{k}: {v}" for k, v in self.errors.items())


@dataclass(frozen=True)
class Applicant:
    """Checked, normalised applicant details."""

    full_name: str
    citizen_id: str
    birth_date: date
    phone: str
    email: str
    address: str


# ---------------------------------------------------------------- checks of single fields


def normalise_phone(value: str) -> str | None:
    """A Vietnamese mobile (10 digits) or landline (02x…, 11 digits) number as 0…, or None."""
    digits = _PHONE_SEPARATORS.sub("", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits if _MOBILE.match(digits) or _LANDLINE.match(digits) else None


def parse_birth_date(value: str) -> date | None:
    """A date typed as yyyy-mm-dd (date input) or dd/mm/yyyy, or None."""
    value = (value or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def check_field(name: str, value: str, answers: dict | None = None, today: date | None = None):
    """Check one answer; return (clean value, error message or None). Used by the blur check too."""
    value = unicodedata.normalize("NFC", (value or "").strip())
    today = today or local_day(now_utc())
    if name == "full_name":
        value = " ".join(value.split())
        if not value:
            return value, _l("Nhập họ và tên")
        if len(value) > 200 or not _NAME.match(value):
            return value, _l("Họ và tên chỉ gồm chữ cái và dấu cách, tối đa 200 ký tự")
    elif name == "citizen_id":
        value = value.replace(" ", "")
        if not value:
            return value, _l("Nhập số định danh cá nhân (số CCCD)")
        if not re.fullmatch(r"[0-9]{12}", value):
            return value, _l("Số định danh cá nhân phải gồm đúng 12 chữ số")
        if not 1 <= int(value[:3]) <= 96:
            return value, _l("Ba chữ số đầu của số định danh không phải mã tỉnh, thành phố hợp lệ")
        born = parse_birth_date((answers or {}).get("birth_date", ""))
        if born and (1900 + int(value[3]) // 2 * 100 + int(value[4:6])) != born.year:
            return value, _l("Số định danh không khớp với năm sinh: chữ số thứ 4 đến 6 mã hóa năm sinh")
    elif name == "birth_date":
        born = parse_birth_date(value)
        if not value:
            return value, _l("Nhập ngày sinh")
        if born is None:
            return value, _l("Ngày sinh phải là một ngày có thật, ví dụ 27/03/1990")
        if born > today or born.year < 1900:
            return value, _l("Ngày sinh phải trong quá khứ và sau năm 1900")
        return born, None
    elif name == "phone":
        phone = normalise_phone(value)
        if not value:
            return value, _l("Nhập số điện thoại")
        if phone is None:
            return value, _l("Nhập số điện thoại di động 10 chữ số (ví dụ 0912 345 678) hoặc số cố định "
                             "có mã vùng (ví dụ 0218 3852 123)")
        return phone, None
    elif name == "email":
        if not value:
            return "", None
        try:
            return validate_email(value, check_deliverability=False).normalized, None
        except EmailNotValidError:
            return value, _l("Nhập địa chỉ thư điện tử đúng dạng, ví dụ ten@example.vn")
    elif name == "address":
        value = " ".join(value.split())
        if len(value) < 5:
            return value, _l("Nhập địa chỉ nơi ở")
        if len(value) > 500:
            return value, _l("Địa chỉ tối đa 500 ký tự")
    elif name == "delivery_method":
        if value not in DELIVERY_METHODS:
            return value, _l("Chọn cách nhận kết quả")
    return value, None


def check_applicant(answers: dict, today: date | None = None) -> tuple[Applicant | None, dict]:
    """Check every applicant field; return the clean Applicant (or None) and the errors by field."""
    clean, errors = {}, {}
    for name in APPLICANT_FIELDS:
        clean[name], error = check_field(name, answers.get(name, ""), answers, today)
        if error:
            errors[name] = error
    return (None if errors else Applicant(**clean)), errors


def delivery_choices(procedure: Procedure) -> tuple[str, ...]:
    """Online delivery of the result only for fully online procedures."""
    return DELIVERY_METHODS if procedure.online_level == "full" else ("office", "post")


# ---------------------------------------------------------------- drafts


def _token_hash(token: str) -> str:
    """What the database keeps of a resume token."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_draft(ward, procedure: Procedure, client: str = "") -> tuple[ApplicationDraft, str]:
    """Open a draft for a procedure open to online submission; return it and its secret resume token.

    `client` is the keyed hash of the opening address (`draft_limits.client_hash`), for the daily cap.
    """
    if procedure.ward_id != ward.id or not procedure.accepts_online or not procedure.is_published:
        raise SubmissionRefused({"procedure": _l("Thủ tục này không nhận hồ sơ trực tuyến.")})
    token = secrets.token_urlsafe(32)
    draft = ApplicationDraft(ward_id=ward.id, procedure_id=procedure.id, token_hash=_token_hash(token),
                             answers={}, submission_key=secrets.token_hex(32), client_hash=client)
    db.session.add(draft)
    db.session.commit()
    return draft, token


def new_resume_token(draft: ApplicationDraft) -> str:
    """A new secret resume token for ``draft`` (its owner, signed in, asked for it); the old link stops working."""
    token = secrets.token_urlsafe(32)
    draft.token_hash = _token_hash(token)
    db.session.commit()
    return token


def draft_by_token(ward, token: str) -> ApplicationDraft | None:
    """The ward's draft behind a resume token, or None."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(db.select(ApplicationDraft).where(
        ApplicationDraft.token_hash == _token_hash(token), ApplicationDraft.ward_id == ward.id))


def save_answers(draft: ApplicationDraft, values: dict) -> None:
    """Keep what the applicant typed, exactly as typed, so nothing is lost whatever happens next."""
    answers = dict(draft.answers or {})
    for name in ANSWER_FIELDS:
        if name in values:
            answers[name] = str(values[name] or "")[:1000]
    draft.answers = answers
    db.session.commit()


def add_draft_file(draft: ApplicationDraft, document_index: int, stream: BinaryIO,
                   original_name: str | None) -> DraftFile:
    """Check and store one upload for a required document of the draft; raises FileRefused.

    Besides the file limits, the draft's and its address's storage caps apply (`draft_limits`).
    """
    if not 0 <= document_index < len(draft.procedure.documents):
        raise file_storage.FileRefused(_l("Giấy tờ này không có trong thành phần hồ sơ."))
    # e.g. a form the applicant must sign: its signature is checked with the upload, outside the lock
    answers = draft.answers or {}
    applicant = (str(answers.get("citizen_id") or ""), str(answers.get("full_name") or "")) \
        if answers.get("citizen_id") or answers.get("full_name") else None
    checks = upload_checks(draft.procedure, document_index, applicant)
    uploads = file_storage.current_uploads()
    check = (lambda stored: next(filter(None, (c(uploads, stored.stored_name) for c in checks)), None)) \
        if checks else None
    stored = draft_limits.store_draft_upload(draft, stream, original_name, current_app.config, check=check)
    row = DraftFile(document_index=document_index, **asdict(stored))
    draft.files.append(row)
    db.session.commit()
    return row


def remove_draft_file(draft: ApplicationDraft, file_id: int) -> bool:
    """Take one upload out of a draft (and off the disk); False when it is not the draft's."""
    row = next((f for f in draft.files if f.id == file_id), None)
    if row is None:
        return False
    name = row.stored_name
    draft.files.remove(row)
    db.session.commit()
    file_storage.delete(file_storage.current_uploads(), [name])
    return True


def missing_documents(draft: ApplicationDraft) -> list[int]:
    """Indexes of documents required for this case (asked for by the answers, not optional) with no file yet."""
    have = {f.document_index for f in draft.files}
    questions = (draft.answers or {}).get("questions") or {}
    return [i for i, document in enumerate(draft.procedure.documents)
            if i not in have and case_answers.document_required(document, questions)]


def postal_address_problem(answers: dict):
    """Why the postal address cannot be used, when the result goes by post; else None."""
    if answers.get("delivery_method") != "post":
        return None
    address = " ".join(str(answers.get("postal_address") or "").split())
    if len(address) < 5:
        return _l("Nhập địa chỉ nhận kết quả qua bưu điện")
    if len(address) > 500:
        return _l("Địa chỉ tối đa 500 ký tự")
    return None


def check_draft(draft: ApplicationDraft, today: date | None = None) -> tuple[Applicant | None, dict]:
    """Everything the final submit checks: the procedure, the applicant, the delivery choice, the papers."""
    answers = draft.answers or {}
    applicant, errors = check_applicant(answers, today)
    errors.update(case_of(draft, today)[2])
    if answers.get("delivery_method") not in delivery_choices(draft.procedure):
        errors["delivery_method"] = _l("Chọn cách nhận kết quả")
    elif postal_address_problem(answers):
        errors["postal_address"] = postal_address_problem(answers)
    documents = draft.procedure.documents
    for index in missing_documents(draft):
        errors[f"doc-{index}"] = _l("Tải lên “%(name)s”", name=documents[index].name)
    if not draft.procedure.accepts_online or not draft.procedure.is_published:
        errors = {"procedure": _l("Thủ tục này không nhận hồ sơ trực tuyến.")}
    return applicant, errors


def purge_stale_drafts(older_than: timedelta = timedelta(days=60), now: datetime | None = None) -> int:
    """Delete unsubmitted drafts untouched for a while, with their files; return how many."""
    cutoff = (now or now_utc()) - older_than
    drafts = db.session.scalars(db.select(ApplicationDraft).where(
        ApplicationDraft.dossier_id.is_(None), ApplicationDraft.updated_at < cutoff)).all()
    names = [f.stored_name for d in drafts for f in d.files]
    for draft in drafts:
        db.session.delete(draft)
    db.session.commit()
    file_storage.delete(file_storage.current_uploads(), names)
    return len(drafts)


# ---------------------------------------------------------------- creating the dossier


def procedure_snapshot(procedure: Procedure) -> dict:
    """The procedure version in force at submission: a dossier keeps it whatever changes later."""
    return {
        "procedure_id": procedure.id, "code": procedure.code, "title": procedure.title,
        "field": procedure.field, "processing_days": procedure.processing_days, "fee": procedure.fee,
        "online_level": procedure.online_level, "result": procedure.result,
        "documents": [{"name": d.name, "original": d.original, "copies": d.copies, "note": d.note,
                       "condition": d.condition or "", "optional": bool(d.optional)}
                      for d in procedure.documents],
        "questions": list(procedure.questions or []),
        "eform_title": (procedure.eform or {}).get("title", ""),
        "eform_legal_form": (procedure.eform or {}).get("legal_form", ""),
    }


def expected_return_date(procedure: Procedure, moment: datetime) -> date:
    """The appointment date: the processing time in working days from the clock start of `moment`

    (the same day before the ward's cut-off on a working day, else the next working day)."""
    return due_date_from(procedure.ward, moment, procedure.processing_days)


def _estimate(procedure: Procedure, moment: datetime) -> date | None:
    """The expected return date shown before receipt, or none while that year's holidays are unknown."""
    try:
        return expected_return_date(procedure, moment)
    except MissingHolidayData as missing:
        log.error("no holiday data for %s: dossier submitted without an expected return date", missing.year)
        return None


def _new_dossier(ward, procedure: Procedure, applicant: Applicant, delivery_method: str, channel: str,
                 now: datetime, submission_key: str | None, extra_fields: dict | None = None) -> Dossier:
    """A dossier row with its code, in the current (write) transaction."""
    dossier = Dossier(
        ward_id=ward.id, procedure_id=procedure.id, code=dossier_codes.allocate_code(db.session, ward, now),
        tracking_token=secrets.token_urlsafe(24), status=int(DossierStatus.SUBMITTED), channel=channel,
        procedure_snapshot=procedure_snapshot(procedure), applicant_name=applicant.full_name,
        applicant_id_number=applicant.citizen_id, applicant_birth_date=applicant.birth_date,
        applicant_phone=applicant.phone, applicant_email=applicant.email,
        applicant_address=applicant.address, extra_fields=extra_fields or {}, delivery_method=delivery_method,
        submitted_at=now, due_date=_estimate(procedure, now), submission_key=submission_key)
    dossier.ward = ward
    dossier.events.append(DossierEvent(action="submit", status=int(DossierStatus.SUBMITTED), at=now,
                                       details={"channel": channel}))
    db.session.add(dossier)
    return dossier


def _by_submission_key(key: str) -> Dossier | None:
    """The dossier a submit with this key already created."""
    return db.session.scalar(db.select(Dossier).where(Dossier.submission_key == key))


def _file_digest(uploads, stored_name: str) -> str | None:
    """SHA-256 of a stored draft file as it is on disk now; None when it is gone."""
    try:
        return file_storage.sha256_of(uploads, stored_name)
    except FileNotFoundError:
        return None


def submit_draft(draft: ApplicationDraft, now: datetime | None = None) -> Dossier:
    """Turn a complete draft into a dossier (status 1), atomically; a repeated submit returns the same one."""
    uploads = file_storage.current_uploads()
    # Re-hash the files (up to 50 MB) before the transaction: on SQLite it holds the write lock throughout.
    expected = {f.stored_name: f.sha256 for f in draft.files}
    db.session.commit()
    intact = {name for name, digest in expected.items() if _file_digest(uploads, name) == digest}
    db.session.refresh(draft, with_for_update=True)  # PostgreSQL: two submits of one draft queue here
    if draft.dossier_id is not None:
        return draft.dossier
    now = now or now_utc()
    applicant, errors = check_draft(draft, today=local_day(now))
    if errors:
        db.session.rollback()
        raise SubmissionRefused(errors)
    documents = draft.procedure.documents
    questions, rows, _ = case_of(draft, local_day(now))
    # What officers read beside the documents, and what the declaration PDF is made of.
    extra = {"questions": questions, "eform": rows} if questions or rows else {}
    try:
        dossier = _new_dossier(draft.ward, draft.procedure, applicant, draft.answers["delivery_method"],
                               "online", now, draft.submission_key, extra)
        dossier_submitted.send(dossier, dossier=dossier, procedure=draft.procedure, answers=draft.answers)
        for upload in list(draft.files):
            # the file passes to the dossier as it is; check it is still what was uploaded
            if upload.stored_name not in intact and \
                    _file_digest(uploads, upload.stored_name) != upload.sha256:
                raise SubmissionRefused({f"doc-{upload.document_index}": _l(
                    "Tệp “%(name)s” bị lỗi khi lưu, vui lòng tải lên lại.", name=upload.original_name)})
            dossier.files.append(DossierFile(
                kind="attachment", document_index=upload.document_index,
                document_name=documents[upload.document_index].name, original_name=upload.original_name,
                stored_name=upload.stored_name, content_type=upload.content_type, size=upload.size,
                sha256=upload.sha256, uploaded_at=upload.uploaded_at))
            draft.files.remove(upload)
        draft.dossier = dossier
        db.session.flush()
        dossier_changed.send(dossier, dossier=dossier, event="submitted")  # outbox: committed with the dossier
        db.session.commit()
    except IntegrityError:
        # PostgreSQL only: a concurrent submit of the same draft won the race
        db.session.rollback()
        existing = _by_submission_key(draft.submission_key)
        if existing is None:
            raise
        return existing
    except BaseException:
        db.session.rollback()
        raise
    return dossier


def register_counter_dossier(ward, procedure: Procedure, applicant: dict, files: list, *, officer=None,
                             delivery_method: str = "office", submission_key: str | None = None,
                             receive: bool = True, now: datetime | None = None) -> Dossier:
    """Register a dossier brought to the one-stop desk (channel "counter"), atomically.

    `applicant` holds the same fields as the online form (full_name, citizen_id, birth_date, phone, email,
    address; strings as typed or a date); `files` is a list of (document_index, binary stream, original
    name) for the papers scanned at the desk (may be empty: paper dossiers). With `receive` (the default)
    the desk accepts it at once: status 2, received now, due date counted from today, officer recorded.
    A repeated call with the same `submission_key` returns the first dossier. Raises SubmissionRefused or
    file_storage.FileRefused, and then nothing is stored. The caller issues the receipt
    (`receipts.issue_receipt(dossier, base_url, officer_name)`) and notifies.
    """
    if submission_key and (existing := _by_submission_key(submission_key)) is not None:
        return existing
    now = now or now_utc()
    values = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in applicant.items()}
    clean, errors = check_applicant(values, today=local_day(now))
    if procedure.ward_id != ward.id:
        errors["procedure"] = _l("Thủ tục không thuộc đơn vị này.")
    if delivery_method not in DELIVERY_METHODS:
        errors["delivery_method"] = _l("Chọn cách nhận kết quả")
    if errors:
        raise SubmissionRefused(errors)
    uploads = file_storage.current_uploads()
    limits = file_storage.limits_from_config(current_app.config)
    names = [document.name for document in procedure.documents]
    scans = _store_scans(files, names, uploads, limits)
    try:
        dossier = _new_dossier(ward, procedure, clean, delivery_method, "counter", now, submission_key)
        for index, stored in scans:
            file_storage.follow_transaction(db.session, uploads, stored.stored_name)
            dossier.files.append(DossierFile(kind="attachment", document_index=index,
                                             document_name=names[index], **asdict(stored)))
        if receive:
            _receive_at_desk(dossier, procedure, officer, now)
        db.session.flush()
        dossier_changed.send(dossier, dossier=dossier, event="registered")  # outbox: committed with the dossier
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = _by_submission_key(submission_key) if submission_key else None
        if existing is None:
            raise
        return existing  # the same form sent twice at once (PostgreSQL): the first one stands
    except BaseException:
        db.session.rollback()
        raise
    return dossier


def _store_scans(files: list, names: list[str], uploads, limits) -> list[tuple[int, file_storage.StoredFile]]:
    """Read, check and store the desk's scans before the dossier's transaction (reading the upload and
    fsyncing it would otherwise hold SQLite's write lock); all of them go again when one is refused."""
    end_read_transaction()
    scans, total = [], 0
    try:
        for count, (index, stream, name) in enumerate(files):
            if not 0 <= index < len(names):
                raise file_storage.FileRefused(_l("Giấy tờ này không có trong thành phần hồ sơ."))
            stored = file_storage.store_upload(stream, name, uploads, limits, total, count)
            scans.append((index, stored))
            total += stored.size
    except BaseException:
        file_storage.delete(uploads, [stored.stored_name for _index, stored in scans])
        raise
    return scans


def _receive_at_desk(dossier: Dossier, procedure: Procedure, officer, now: datetime) -> None:
    """Accept a counter dossier on the spot: the clock starts today (status 2)."""
    status = next_status(dossier.status, DossierAction.RECEIVE)
    dossier.status = int(status)
    dossier.received_at = now
    try:
        dossier.due_date = expected_return_date(procedure, now)
    except MissingHolidayData as missing:  # refused, never counted as if the year had no holidays
        raise SubmissionRefused({"procedure": _l(
            "Chưa có dữ liệu ngày nghỉ lễ năm %(year)s nên chưa tính được hạn giải quyết; quản trị viên cần "
            "bổ sung tệp holidays.json.", year=missing.year)}) from missing
    dossier.events.append(DossierEvent(
        action=str(DossierAction.RECEIVE), status=int(status), at=now,
        officer_id=getattr(officer, "id", None),
        details={"due_date": dossier.due_date.isoformat(), "processing_days": procedure.processing_days}))
