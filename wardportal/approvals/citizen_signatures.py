"""Citizens' own digital signatures on the PDFs they upload, checked when the file is stored.

Every attachment or supplement PDF gets a `FileSignatureCheck` row right after the transaction that stores
it commits (ORM hooks on DossierFile and the session, so submissions, supplements and counter uploads are all
covered without each calling us, and no signature is validated while SQLite's write lock is held). The verdict
is the kernel's signature policy under the install's trust list (`kernel.trust_list`); a stored verdict made
under another trust list (its digest differs) is redone when the dossier is next shown. A declaration the
applicant must sign counts only when one of its valid signatures is the applicant's own (the citizen ID, or
else the name, in the certificate's subject).
"""

from __future__ import annotations

import logging

from flask import has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.attributes import set_committed_value

from wardportal.approvals import pdf_signatures
from wardportal.approvals.models import FileSignatureCheck, SignedFormRequirement
from wardportal.dossiers.models import Dossier, DossierFile
from wardportal.kernel import file_storage, signature_policy
from wardportal.kernel.database import end_read_transaction
from wardportal.kernel.extensions import db
from wardportal.kernel.times import now_utc

log = logging.getLogger(__name__)
CHECKED_KINDS = ("attachment", "supplement")


def _applicant(dossier) -> tuple[str, str] | None:
    """(citizen ID, name) of the dossier's applicant, as the signature policy compares them."""
    return (dossier.applicant_id_number or "", dossier.applicant_name or "") if dossier is not None else None


# Files inserted in the session's transaction whose signatures are checked once it commits.
_DUE = "wardportal_signature_checks_due"


def note_new_file(_mapper, _connection, target: DossierFile) -> None:
    """Note a citizen's PDF as it is stored; its signature is checked after the commit (`check_due_files`)."""
    if target.kind not in CHECKED_KINDS or target.content_type != "application/pdf" or not has_app_context():
        return
    session = object_session(target)
    if session is not None:
        session.info.setdefault(_DUE, []).append((target.id, target.stored_name, target.dossier_id))


def check_due_files(session: Session) -> None:
    """Check the PDFs a transaction stored, after it committed: validating signatures takes milliseconds to
    seconds, and inside the transaction SQLite's write lock would keep every other writer waiting. The
    verdicts go in with a short transaction of their own; a failure to check never loses the upload."""
    due = session.info.pop(_DUE, None)
    if not due:
        return
    context, uploads, now = signature_policy.current_context(), file_storage.current_uploads(), now_utc()
    with db.engine.begin() as connection:  # the session's own transaction has ended (a short read)
        applicants = {row.id: (row.applicant_id_number or "", row.applicant_name or "") for row in connection.execute(
            db.select(Dossier.id, Dossier.applicant_id_number, Dossier.applicant_name)
            .where(Dossier.id.in_({dossier_id for _f, _s, dossier_id in due})))}
    rows = []
    for file_id, stored_name, dossier_id in due:
        verdict = _verdict(uploads, stored_name, context, applicants.get(dossier_id))
        if verdict is not None and verdict.state != "unsigned":
            rows.append(dict(file_id=file_id, checked_at=now, **_columns(verdict, context)))
    if rows:
        with db.engine.begin() as connection:  # the session's own transaction has ended
            connection.execute(FileSignatureCheck.__table__.insert(), rows)


def _verdict(uploads, stored_name: str, context, applicant):
    """The policy's verdict on one stored file, or None when the file cannot be read (logged)."""
    try:
        return pdf_signatures.check_upload(file_storage.read(uploads, stored_name), context, applicant)
    except (OSError, ValueError):
        log.exception("signature check failed for stored file %s", stored_name)
        return None


def _columns(verdict: pdf_signatures.UploadSignature, context) -> dict:
    return dict(state=verdict.state, signer_name=verdict.signer_name, issuer_name=verdict.issuer_name,
                signed_at=verdict.signed_at, by_applicant=verdict.by_applicant, trust_digest=context.digest)


def forget_due_files(session: Session) -> None:
    """Rolled back, the files were never stored."""
    session.info.pop(_DUE, None)


def checks_for(dossier: Dossier) -> dict[int, FileSignatureCheck]:
    """The signature checks of a dossier's files, by file id, redone first when the trust list changed since.

    Re-checking validates signatures (slow): the read transaction ends first and the new verdicts are written
    with a short transaction of their own, so no write lock is held meanwhile.
    """
    files = {f.id: f for f in dossier.files}
    if not files:
        return {}
    rows = {row.file_id: row for row in db.session.scalars(
        db.select(FileSignatureCheck).where(FileSignatureCheck.file_id.in_(list(files))))}
    context = signature_policy.current_context()
    stale = [row for row in rows.values() if row.trust_digest != context.digest]
    if stale:
        applicant, uploads = _applicant(dossier), file_storage.current_uploads()
        end_read_transaction()
        for row in stale:
            verdict = _verdict(uploads, files[row.file_id].stored_name, context, applicant)
            if verdict is None:
                continue
            values = _columns(verdict, context)
            with db.engine.begin() as connection:
                connection.execute(update(FileSignatureCheck).where(FileSignatureCheck.id == row.id)
                                   .values(checked_at=now_utc(), **values))
            for name, value in values.items():  # the loaded row shows the new verdict without a reload
                set_committed_value(row, name, value)
    return rows


def checks_for_file(file_id: int) -> FileSignatureCheck | None:
    """The signature check of one stored file, if it carried a signature."""
    return db.session.scalar(db.select(FileSignatureCheck).where(FileSignatureCheck.file_id == file_id))


def required_signed_forms(procedure_id: int | None) -> list[int]:
    """Indexes of the procedure's documents that must carry the applicant's valid signature."""
    if procedure_id is None:
        return []
    return list(db.session.scalars(db.select(SignedFormRequirement.document_index).where(
        SignedFormRequirement.procedure_id == procedure_id).order_by(SignedFormRequirement.document_index)))


def missing_signed_forms(dossier: Dossier) -> list[str]:
    """Names of required signed declarations that no intact, trusted signed file of the dossier provides."""
    required = required_signed_forms(dossier.procedure_id)
    if not required:
        return []
    checks = checks_for(dossier)
    names = [d.get("name", "") if isinstance(d, dict) else str(d)
             for d in (dossier.procedure_snapshot or {}).get("documents") or []]
    missing = []
    for index in required:
        files = [f for f in dossier.files if f.document_index == index and f.kind in CHECKED_KINDS]
        if not any(checks.get(f.id) is not None and checks[f.id].state == "intact" and checks[f.id].by_applicant
                   for f in files):
            missing.append(names[index] if 0 <= index < len(names) else f"#{index + 1}")
    return missing


def signed_form_name(procedure, document_index: int) -> str | None:
    """The name of the procedure's document ``document_index`` when it must carry the applicant's
    signature, else None (read before the upload: `signed_form_problem` then needs no database)."""
    if procedure is None or document_index not in required_signed_forms(procedure.id):
        return None
    return procedure.documents[document_index].name


def signed_form_check(_sender, *, procedure, document_index: int, applicant=None, **_):
    """The upload check for a document the applicant must sign (receiver of ``upload_check_wanted``).

    ``applicant`` (citizen ID, name) as typed so far, when the applicant has given them."""
    name = signed_form_name(procedure, document_index)
    if name is None:
        return None
    context = signature_policy.current_context()
    return lambda uploads, stored_name: signed_form_problem(name, uploads, stored_name, context, applicant)


def signed_form_problem(name: str, uploads, stored_name: str, context, applicant=None):
    """Why an applicant's upload for the document ``name``, which must be signed, is refused, or None.

    Validates the signature (slow): call it with no transaction open.
    """
    data = file_storage.read(uploads, stored_name)
    verdict = pdf_signatures.check_upload(data, context, applicant) if data.startswith(b"%PDF-") else None
    state = verdict.state if verdict is not None else "unsigned"
    if state == "intact" and applicant is not None and not verdict.by_applicant:
        return _l("“%(name)s”: người ký không phải là người nộp hồ sơ (số định danh hoặc họ tên trong chứng thư "
                  "số không khớp).", name=name)
    if state == "intact":
        return None
    if state == "unsigned":
        return _l("“%(name)s” phải là tệp PDF có chữ ký số của người nộp; tệp này chưa được ký số.", name=name)
    if state == "modified":
        return _l("“%(name)s”: tài liệu đã bị sửa sau khi ký, chữ ký số không còn hợp lệ.", name=name)
    if state == "untrusted":
        return _l("“%(name)s”: chứng thư số của người ký không do tổ chức chứng thực được tin cậy cấp.", name=name)
    return _l("“%(name)s”: chữ ký số bị hỏng, không kiểm tra được.", name=name)


def set_required_signed_forms(procedure, indexes: list[int]) -> None:
    """Replace which of the procedure's documents must be signed by the applicant (committed by the caller)."""
    valid = {i for i in indexes if 0 <= i < len(procedure.documents)}
    for row in db.session.scalars(db.select(SignedFormRequirement).where(
            SignedFormRequirement.procedure_id == procedure.id)):
        if row.document_index not in valid:
            db.session.delete(row)
        valid.discard(row.document_index)
    for index in sorted(valid):
        db.session.add(SignedFormRequirement(procedure_id=procedure.id, document_index=index))
