"""What anonymous drafts may cost the install: storage per draft, per address per day, and for how long.

Anyone can open a draft and upload into it without an account, so disk is the resource to protect: a
draft holds at most ``MAX_DRAFT_BYTES``; the drafts opened from one address hold at most
``MAX_DRAFT_BYTES_PER_ADDRESS_DAY`` of uploads made in the last 24 hours; and the files of a draft left
untouched for ``DRAFT_FILE_RETENTION_DAYS`` are deleted long before the draft's row (the typed answers, a
few hundred bytes, stay for the resume link until ``purge-drafts --days``). The address is kept only as a
keyed hash.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import BinaryIO

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from wardportal.dossiers.models import ApplicationDraft, DraftFile
from wardportal.kernel import file_storage
from wardportal.kernel.extensions import db
from wardportal.kernel.times import now_utc

DAY = timedelta(days=1)


@dataclass(frozen=True)
class DraftQuota:
    """Storage caps of anonymous drafts."""

    max_draft_bytes: int = 25 * 1024 * 1024
    max_address_bytes_per_day: int = 100 * 1024 * 1024


def quota_from_config(config) -> DraftQuota:
    """Caps from MAX_DRAFT_BYTES and MAX_DRAFT_BYTES_PER_ADDRESS_DAY."""
    defaults = DraftQuota()
    return DraftQuota(
        max_draft_bytes=int(config.get("MAX_DRAFT_BYTES", defaults.max_draft_bytes)),
        max_address_bytes_per_day=int(config.get("MAX_DRAFT_BYTES_PER_ADDRESS_DAY",
                                                 defaults.max_address_bytes_per_day)),
    )


def client_hash(address: str, secret: str) -> str:
    """The keyed hash an address is counted under (a copy of the database does not list addresses)."""
    return hmac.new(secret.encode(), f"draft-client:{address}".encode(), hashlib.sha256).hexdigest()


def address_bytes_today(client: str, now: datetime) -> int:
    """Bytes uploaded in the last 24 hours into drafts opened from this (hashed) address, still stored."""
    if not client:
        return 0
    return db.session.scalar(
        select(func.coalesce(func.sum(DraftFile.size), 0)).join(ApplicationDraft)
        .where(ApplicationDraft.client_hash == client, DraftFile.uploaded_at >= now - DAY)) or 0


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g}"


def refuse_if_address_full(client: str, incoming: int, quota: DraftQuota, now: datetime, name: str) -> None:
    """Raise FileRefused when `incoming` more bytes would pass the address's daily cap."""
    if address_bytes_today(client, now) + incoming > quota.max_address_bytes_per_day:
        raise file_storage.FileRefused(_l(
            "Tệp “%(name)s” không được nhận: các hồ sơ mở từ địa chỉ mạng này đã tải lên quá %(mb)s MB "
            "trong 24 giờ qua. Hãy thử lại sau hoặc nộp trực tiếp tại Bộ phận Một cửa.",
            name=name, mb=_mb(quota.max_address_bytes_per_day)))


def store_draft_upload(draft: ApplicationDraft, stream: BinaryIO, original_name: str | None,
                       config, check=None) -> file_storage.StoredFile:
    """Store one upload of a draft within the file limits, the draft's cap and its address's daily cap.

    ``check(stored)``, when given, looks at the stored file with no transaction open (slow work such as a
    signature's validation) and returns why it is refused, or None. The stored file follows the session's
    transaction (deleted unless it commits); a refused file is deleted at once. Raises FileRefused.
    """
    uploads = file_storage.current_uploads()
    quota, now = quota_from_config(config), now_utc()
    name = file_storage.clean_original_name(original_name)
    client_hash = draft.client_hash
    refuse_if_address_full(client_hash, 1, quota, now, name)  # full already: read nothing
    limits = file_storage.limits_from_config(config)
    limits = replace(limits, max_dossier_bytes=min(limits.max_dossier_bytes, quota.max_draft_bytes))
    bytes_so_far, files_so_far = sum(f.size for f in draft.files), len(draft.files)
    # Reading the upload from a phone, checking it and fsyncing it happen with no transaction open: on
    # SQLite a POST's transaction holds the write lock, and every other submission would wait for it.
    db.session.commit()
    stored = file_storage.store_upload(stream, original_name, uploads, limits,
                                       bytes_so_far=bytes_so_far, files_so_far=files_so_far)
    problem = check(stored) if check else None
    if problem:
        file_storage.delete(uploads, [stored.stored_name])
        raise file_storage.FileRefused(problem)
    file_storage.follow_transaction(db.session, uploads, stored.stored_name)
    # Checked again in the transaction: another tab's upload to the same draft may have landed meanwhile.
    others = list(draft.files)
    try:
        file_storage.check_totals(stored.original_name, stored.size, limits, sum(f.size for f in others),
                                  len(others))
        refuse_if_address_full(client_hash, stored.size, quota, now, name)
    except file_storage.FileRefused:
        db.session.rollback()  # the transaction ends uncommitted: the file just stored is deleted
        raise
    return stored


def purge_abandoned_files(older_than: timedelta, now: datetime | None = None) -> int:
    """Delete the uploads of unsubmitted drafts untouched for `older_than`; return how many files.

    The rows go first and are committed; only then are the files deleted, so a crash in between leaves
    orphan files (harmless, never served) rather than rows naming files that are gone.
    """
    cutoff = (now or now_utc()) - older_than
    rows = db.session.scalars(select(DraftFile).join(ApplicationDraft).where(
        ApplicationDraft.dossier_id.is_(None), ApplicationDraft.updated_at < cutoff)).all()
    names = [row.stored_name for row in rows]
    for row in rows:
        db.session.delete(row)
    db.session.commit()
    file_storage.delete(file_storage.current_uploads(), names)
    return len(names)
