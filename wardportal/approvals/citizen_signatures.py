"""Citizens' own digital signatures on the PDFs they upload, checked when the file is stored.

Every attachment or supplement PDF gets a `FileSignatureCheck` row right after the transaction that stores
it commits (ORM hooks on DossierFile and the session, so submissions, supplements and counter uploads are all
covered without each calling us, and no signature is validated while SQLite's write lock is held). The trust list is the install's `SIGNATURE_TRUST_ROOTS` (paths of PEM or DER CA certificates);
the install ships none, so until an administrator adds the CAs they vouch for, signatures read "untrusted".
"""

from __future__ import annotations

import logging

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session, object_session

from wardportal.approvals import pdf_signatures
from wardportal.approvals.models import FileSignatureCheck, SignedFormRequirement
from wardportal.dossiers.models import Dossier, DossierFile
from wardportal.kernel import file_storage, signing
from wardportal.kernel.extensions import db
from wardportal.kernel.times import now_utc

log = logging.getLogger(__name__)
CHECKED_KINDS = ("attachment", "supplement")


def trust_roots(config) -> list:
    """The CA certificates the install trusts for personal signatures (citizens' and leaders')."""
    roots = []
    for item in config.get("SIGNATURE_TRUST_ROOTS") or ():
        roots += signing._as_asn1_certs(item)
    return roots


def check_bytes(data: bytes) -> pdf_signatures.UploadSignature:
    """The verdict on a PDF's signatures against the configured trust list."""
    return pdf_signatures.check_upload(data, trust_roots(current_app.config))


# Files inserted in the session's transaction whose signatures are checked once it commits.
_DUE = "wardportal_signature_checks_due"


def note_new_file(_mapper, _connection, target: DossierFile) -> None:
    """Note a citizen's PDF as it is stored; its signature is checked after the commit (`check_due_files`)."""
    if target.kind not in CHECKED_KINDS or target.content_type != "application/pdf" or not has_app_context():
        return
    session = object_session(target)
    if session is not None:
        session.info.setdefault(_DUE, []).append((target.id, target.stored_name))


def check_due_files(session: Session) -> None:
    """Check the PDFs a transaction stored, after it committed: validating signatures takes milliseconds to
    seconds, and inside the transaction SQLite's write lock would keep every other writer waiting. The
    verdicts go in with a short transaction of their own; a failure to check never loses the upload."""
    due = session.info.pop(_DUE, None)
    if not due:
        return
    roots = trust_roots(current_app.config)
    digest, uploads, now = pdf_signatures.trust_digest(roots), file_storage.current_uploads(), now_utc()
    rows = []
    for file_id, stored_name in due:
        try:
            verdict = pdf_signatures.check_upload(file_storage.read(uploads, stored_name), roots)
        except (OSError, ValueError):
            log.exception("signature check failed for stored file %s", file_id)
            continue
        if verdict.state != "unsigned":
            rows.append(dict(file_id=file_id, state=verdict.state, signer_name=verdict.signer_name,
                             issuer_name=verdict.issuer_name, signed_at=verdict.signed_at, trust_digest=digest,
                             checked_at=now))
    if rows:
        with db.engine.begin() as connection:  # the session's own transaction has ended
            connection.execute(FileSignatureCheck.__table__.insert(), rows)


def forget_due_files(session: Session) -> None:
    """Rolled back, the files were never stored."""
    session.info.pop(_DUE, None)


def checks_for(dossier: Dossier) -> dict[int, FileSignatureCheck]:
    """The signature checks of a dossier's files, by file id."""
    ids = [f.id for f in dossier.files]
    if not ids:
        return {}
    rows = db.session.scalars(db.select(FileSignatureCheck).where(FileSignatureCheck.file_id.in_(ids)))
    return {row.file_id: row for row in rows}


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
        if not any(checks.get(f.id) is not None and checks[f.id].state == "intact" for f in files):
            missing.append(names[index] if 0 <= index < len(names) else f"#{index + 1}")
    return missing


def signed_form_name(procedure, document_index: int) -> str | None:
    """The name of the procedure's document ``document_index`` when it must carry the applicant's
    signature, else None (read before the upload: `signed_form_problem` then needs no database)."""
    if procedure is None or document_index not in required_signed_forms(procedure.id):
        return None
    return procedure.documents[document_index].name


def signed_form_check(_sender, *, procedure, document_index: int, **_):
    """The upload check for a document the applicant must sign (receiver of ``upload_check_wanted``)."""
    name = signed_form_name(procedure, document_index)
    if name is None:
        return None
    return lambda uploads, stored_name: signed_form_problem(name, uploads, stored_name)


def signed_form_problem(name: str, uploads, stored_name: str):
    """Why an applicant's upload for the document ``name``, which must be signed, is refused, or None.

    Validates the signature (slow): call it with no transaction open.
    """
    data = file_storage.read(uploads, stored_name)
    state = pdf_signatures.check_upload(data, trust_roots(current_app.config)).state \
        if data.startswith(b"%PDF-") else "unsigned"
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
