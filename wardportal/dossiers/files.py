"""A dossier's files: stored through the kernel's file storage, recorded as DossierFile rows, served back."""

from __future__ import annotations

from typing import BinaryIO

from flask import Response, current_app

from wardportal.dossiers.models import DossierFile
from wardportal.kernel import file_storage
from wardportal.kernel.database import end_read_transaction
from wardportal.kernel.extensions import db
from wardportal.kernel.file_storage import (StoredFile, clean_original_name, current_uploads, follow_transaction,
    limits_from_config, send_stored, store_generated, store_upload)


def store_bytes(dossier, data: bytes, *, original_name: str, content_type: str, kind: str,
                document_index: int | None = None, document_name: str = "", event_id: int | None = None):
    """Store bytes a person handed over as a DossierFile, through the full intake (`store_handed_over`: the
    session's transaction is committed first, so the check holds no lock).

    Raises FileRefused. The row is added to the session, not committed; the file is deleted again if the
    transaction does not commit.
    """
    stored = store_handed_over(data, original_name, content_type)
    return _attach(dossier, stored, kind, document_index, document_name, event_id)


def store_handed_over(data: bytes, original_name: str, content_type: str) -> StoredFile:
    """Store bytes a person handed over (an officer's draft) through the full intake, outside any transaction
    (parsing a PDF must not hold the write lock); raises FileRefused.

    The file goes again unless the session's next transaction commits, where `attach_stored` adds its row.
    """
    uploads = current_uploads()
    end_read_transaction()
    stored = store_generated(data, clean_original_name(original_name), content_type, uploads)
    follow_transaction(db.session, uploads, stored.stored_name)
    return stored


def store_made_here(dossier, data: bytes, *, original_name: str, content_type: str, kind: str,
                    document_index: int | None = None, document_name: str = "", event_id: int | None = None):
    """Store a file the portal's own writers made (receipt, slip, declaration, signed result) as a DossierFile;
    see `file_storage.store_made_here`. Added to the session like `store_bytes`."""
    uploads = current_uploads()
    stored = file_storage.store_made_here(data, clean_original_name(original_name), content_type, uploads)
    follow_transaction(db.session, uploads, stored.stored_name)
    return _attach(dossier, stored, kind, document_index, document_name, event_id)


def attach_stored(dossier, stored: StoredFile, *, kind: str, document_index: int | None = None,
                  document_name: str = "", event_id: int | None = None):
    """Add the row of a file stored beforehand (outside any transaction) to the dossier.

    The caller has called ``follow_transaction`` for it, so the file goes again if this does not commit.
    """
    return _attach(dossier, stored, kind, document_index, document_name, event_id)


def store_dossier_upload(dossier, stream: BinaryIO, original_name: str | None) -> StoredFile:
    """Check and store an applicant's upload for the dossier (e.g. a supplement); raises FileRefused.

    Limits count the dossier's existing attachments and supplements. The upload is read from the client and
    fsynced with no transaction open (on SQLite a write transaction holds the install-wide lock); it goes
    again unless the session's next transaction commits, where `attach_stored` adds its row.
    """
    uploads = current_uploads()
    existing = [f for f in dossier.files if f.kind in ("attachment", "supplement")]
    bytes_so_far, files_so_far = sum(f.size for f in existing), len(existing)
    end_read_transaction()
    stored = store_upload(stream, original_name, uploads, limits_from_config(current_app.config),
                          bytes_so_far=bytes_so_far, files_so_far=files_so_far)
    follow_transaction(db.session, uploads, stored.stored_name)
    return stored


def _attach(dossier, stored, kind: str, document_index: int | None, document_name: str,
            event_id: int | None = None):
    """Add the DossierFile row of a file just stored to the dossier (flushed, not committed)."""

    row = DossierFile(kind=kind, document_index=document_index, document_name=document_name, event_id=event_id,
                      original_name=stored.original_name, stored_name=stored.stored_name,
                      content_type=stored.content_type, size=stored.size, sha256=stored.sha256)
    dossier.files.append(row)
    db.session.flush()
    return row


# Types staff and leaders preview in the page (a frame for PDFs, a picture for images), sandboxed.
PREVIEWED_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


def send_dossier_file(file, *, inline: bool = False) -> Response:
    """Serve a DossierFile (the caller has checked who may see it), as an attachment unless ``inline``."""
    return send_stored(current_uploads(), file.stored_name, file.original_name, file.content_type, inline=inline)
