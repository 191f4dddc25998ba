"""Stored files on disk: the only module that touches ``<FILES_PATH>/uploads/``.

``FILES_PATH`` (default: the instance folder) is the store every server of an install shares. Files are
private: 0600 in 0700 folders.

Files are stored under generated names (never the uploaded name), written to a temporary file, fsynced
and renamed into place, so a crash leaves either the whole file or nothing. Every stored file, an applicant's
upload or bytes handed over by code (an officer's draft, a sealed copy, a receipt the portal made), passes
one intake, `_admit`, before it gets a name: it is judged by its content, not its name or declared type:
only PDF, JPEG and PNG pass, images are measured from their header before anything is decoded
(decompression bombs), PDFs are parsed (`pdf_safety`: junk, encrypted files, active content and remote
actions are refused); uploads also meet size and count limits per file and per dossier. Callers do the
authorisation; `send_stored` only serves, as an attachment or, for a viewer, inline, always sandboxed.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import re
import secrets
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable

import filetype
from flask import Response, current_app, has_app_context, send_file
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from wardportal.kernel import image_intake
from wardportal.kernel.pdf_safety import PdfProblem, check_pdf

ALLOWED_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
_PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
_STORED_NAME_RE = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{32}\.(pdf|jpg|png)$")
_CHUNK = 1024 * 1024
# Real PDFs end with %%EOF, give or take a little trailing whitespace or junk some producers add.
_PDF_TAIL = 4096


class FileRefused(ValueError):
    """An upload that breaks a rule; the message says which, in words the applicant understands."""

    def __init__(self, message):
        super().__init__()
        self.message = message  # a lazy string: translated when shown, in the reader's language

    def __str__(self) -> str:
        return str(self.message)


class StorageFull(FileRefused):
    """The disk (or the quota) is full: nothing was stored, the applicant can try again later."""


# Errors of a file system that has no room left; anything else is a real fault and is raised as it is.
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}


def _no_space(name: str) -> StorageFull:
    return StorageFull(_l("Máy chủ tạm thời hết chỗ lưu tệp nên chưa nhận được tệp “%(name)s”. Hồ sơ nháp của "
                          "bạn vẫn được giữ; vui lòng thử lại sau.", name=name))


@dataclass(frozen=True)
class UploadLimits:
    """How much one dossier may carry."""

    max_file_bytes: int = 10 * 1024 * 1024
    max_dossier_bytes: int = 50 * 1024 * 1024
    max_files: int = 30
    max_image_pixels: int = 80_000_000


@dataclass(frozen=True)
class StoredFile:
    """A file now on disk under its generated name."""

    stored_name: str
    original_name: str
    content_type: str
    size: int
    sha256: str


def limits_from_config(config) -> UploadLimits:
    """Upload limits from the app settings (MAX_FILE_BYTES, MAX_DOSSIER_BYTES, MAX_DOSSIER_FILES, ...)."""
    defaults = UploadLimits()
    return UploadLimits(
        max_file_bytes=int(config.get("MAX_FILE_BYTES", defaults.max_file_bytes)),
        max_dossier_bytes=int(config.get("MAX_DOSSIER_BYTES", defaults.max_dossier_bytes)),
        max_files=int(config.get("MAX_DOSSIER_FILES", defaults.max_files)),
        max_image_pixels=int(config.get("MAX_IMAGE_PIXELS", defaults.max_image_pixels)),
    )


def uploads_dir(files_path) -> Path:
    """The uploads folder of a files store (outside static/, never served directly)."""
    return Path(files_path) / "uploads"


def files_root() -> Path:
    """The running app's shared files store (``FILES_PATH``, default the instance folder)."""
    return Path(current_app.config.get("FILES_PATH") or current_app.instance_path)


def private_dir(folder: Path) -> Path:
    """Create a folder (and parents) readable only by the portal's user."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if folder.stat().st_mode & 0o077:
        folder.chmod(0o700)
    return folder


def path_of(uploads: Path, stored_name: str) -> Path:
    """The path of a stored file; refuses any name this module did not generate."""
    if not _STORED_NAME_RE.match(stored_name or ""):
        raise ValueError("not a stored file name")
    return Path(uploads) / stored_name


def _mb(n: int) -> str:
    """A byte count as megabytes for messages."""
    return f"{n / (1024 * 1024):g}"


def clean_original_name(name: str | None) -> str:
    """The uploaded name reduced to something safe to show and to offer as a download name."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    return name[:200] or "tep"


def download_name(original_name: str, content_type: str) -> str:
    """The original name with the extension of what the file really is (a PDF named .exe saves as .pdf)."""
    ext = ALLOWED_TYPES.get(content_type, "bin")
    stem = original_name.rsplit(".", 1)[0] if "." in original_name else original_name
    return f"{stem or 'tep'}.{ext}"


def _new_name(ext: str) -> str:
    """A fresh generated name, sharded by its first two hex digits."""
    token = secrets.token_hex(16)
    return f"{token[:2]}/{token}.{ext}"


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (the directory entry must reach the disk too)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _publish(tmp: Path, uploads: Path, ext: str) -> str:
    """Move a fully written, fsynced temporary file to a generated name; return that name."""
    name = _new_name(ext)
    target = uploads / name
    private_dir(target.parent)
    os.replace(tmp, target)
    _fsync_dir(target.parent)
    return name


def _temp_file(uploads: Path, name: str):
    """An open temporary file inside the uploads folder (same file system, so rename is atomic)."""
    try:
        private_dir(uploads)
        tmp = uploads / f".tmp-{secrets.token_hex(8)}"
        # 0600 from the start (not after): scanned ID cards are never readable by other local users
        return tmp, os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
    except OSError as error:
        if error.errno in _NO_SPACE:
            raise _no_space(name) from error
        raise


def _admit(tmp: Path, size: int, name: str, limits: UploadLimits, uploads: Path,
           expected: str | None = None) -> tuple[str, str]:
    """The intake: the only way a written file gets a stored name. Return (real content type, stored name)."""
    if size == 0:
        raise FileRefused(_l("Tệp “%(name)s” rỗng (0 byte).", name=name))
    content_type = _check_content(tmp, size, name, limits)
    if expected is not None and content_type != expected:
        raise FileRefused(_l("Tệp “%(name)s” không đúng loại tệp cần có.", name=name))
    return content_type, _publish(tmp, uploads, ALLOWED_TYPES[content_type])


def _current_limits() -> UploadLimits:
    """The running app's limits (the image budget), or the defaults outside an app."""
    return limits_from_config(current_app.config) if has_app_context() else UploadLimits()


@contextmanager
def _removed_on_failure(tmp: Path, name: str):
    """The temporary file goes whatever stops it from being stored; a full disk is a StorageFull refusal."""
    try:
        yield
    except OSError as error:
        tmp.unlink(missing_ok=True)
        if error.errno in _NO_SPACE:
            raise _no_space(name) from error
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_synced(handle, data: bytes) -> None:
    """Write ``data``, then flush it to the disk before the file is given its name."""
    with handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _check_content(tmp: Path, size: int, name: str, limits: UploadLimits) -> str:
    """Return the real content type of a written upload, or raise FileRefused."""
    with open(tmp, "rb") as handle:
        head = handle.read(8192)
        handle.seek(max(0, size - _PDF_TAIL))
        tail = handle.read()
    kind = filetype.guess(head)
    content_type = kind.mime if kind else None
    if content_type not in ALLOWED_TYPES:
        raise FileRefused(_l("Tệp “%(name)s” không phải PDF, JPEG hoặc PNG: nội dung tệp không đúng "
                             "loại cho phép.", name=name))
    if content_type == "application/pdf":
        if b"%%EOF" not in tail:
            raise FileRefused(_l("Tệp “%(name)s” là PDF bị hỏng hoặc chưa tải lên hết.", name=name))
        refuse_unsafe_pdf(tmp.read_bytes(), name)
        return content_type
    _check_image(tmp, content_type, name, limits)
    return content_type


def refuse_unsafe_pdf(data: bytes, name: str) -> None:
    """Raise FileRefused unless the PDF parses, is not encrypted and carries no active content."""
    try:
        check_pdf(data)
    except PdfProblem as problem:
        if problem.reason == "encrypted":
            raise FileRefused(_l("Tệp “%(name)s” là PDF có mật khẩu hoặc bị mã hóa. Hãy lưu lại bản không "
                                 "mật khẩu rồi tải lên.", name=name)) from None
        if problem.reason == "active":
            raise FileRefused(_l("Tệp “%(name)s” là PDF có chứa mã chạy tự động hoặc tệp đính kèm, không "
                                 "được nhận. Hãy in ra PDF hoặc quét lại giấy tờ rồi tải lên.", name=name)) from None
        raise FileRefused(_l("Tệp “%(name)s” là PDF bị hỏng hoặc chưa tải lên hết.", name=name)) from None


def _check_image(tmp: Path, content_type: str, name: str, limits: UploadLimits) -> None:
    """Measure an image from its header and check its structure through `image_intake` (no decoding)."""
    budget = image_intake.Budget(limits.max_image_pixels)
    try:
        image_intake.verify(tmp, (_PILLOW_FORMATS[content_type],), budget)
    except image_intake.ImageRefused as refused:
        if refused.reason == "too_big":
            raise FileRefused(_l("Ảnh “%(name)s” quá lớn (quá %(mp)s triệu điểm ảnh). Hãy chụp lại hoặc "
                                 "giảm kích thước ảnh.", name=name, mp=f"{limits.max_image_pixels / 1e6:g}")) from None
        if refused.reason == "format":
            raise FileRefused(_l("Tệp “%(name)s” không phải ảnh JPEG hoặc PNG hợp lệ.", name=name)) from None
        raise FileRefused(_l("Ảnh “%(name)s” bị hỏng, không đọc được.", name=name)) from None


def check_totals(name: str, size: int, limits: UploadLimits, bytes_so_far: int, files_so_far: int) -> None:
    """Refuse a file of ``size`` bytes that would take the dossier past its file count or total size."""
    if files_so_far + 1 > limits.max_files:
        raise FileRefused(_l("Hồ sơ chỉ được có tối đa %(n)s tệp; tệp “%(name)s” không được nhận.",
                             n=limits.max_files, name=name))
    if bytes_so_far + size > limits.max_dossier_bytes:
        raise FileRefused(_l("Tệp “%(name)s” làm tổng dung lượng hồ sơ vượt %(mb)s MB.",
                             name=name, mb=_mb(limits.max_dossier_bytes)))


def store_upload(stream: BinaryIO, original_name: str | None, uploads: Path, limits: UploadLimits,
                 bytes_so_far: int = 0, files_so_far: int = 0) -> StoredFile:
    """Check an uploaded file against the limits and its content, then store it; nothing stays if refused."""
    name = clean_original_name(original_name)
    check_totals(name, 0, limits, bytes_so_far, files_so_far)
    uploads = Path(uploads)
    tmp, handle = _temp_file(uploads, name)
    with _removed_on_failure(tmp, name):
        digest, size = hashlib.sha256(), 0
        with handle:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limits.max_file_bytes:
                    raise FileRefused(_l("Tệp “%(name)s” lớn hơn %(mb)s MB, giới hạn cho mỗi tệp.",
                                         name=name, mb=_mb(limits.max_file_bytes)))
                digest.update(chunk)
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        check_totals(name, size, limits, bytes_so_far, files_so_far)
        content_type, stored = _admit(tmp, size, name, limits, uploads)
    return StoredFile(stored, name, content_type, size, digest.hexdigest())


def store_generated(data: bytes, original_name: str, content_type: str, uploads: Path) -> StoredFile:
    """Store bytes that did not come as an upload stream (a receipt, a sealed copy, an officer's draft)
    atomically, through the same intake as uploads; raises FileRefused, and nothing stays if refused."""
    if content_type not in ALLOWED_TYPES:
        raise ValueError(f"unsupported content type {content_type}")
    uploads = Path(uploads)
    tmp, handle = _temp_file(uploads, original_name)
    with _removed_on_failure(tmp, original_name):
        _write_synced(handle, data)
        _, stored = _admit(tmp, len(data), original_name, _current_limits(), uploads, expected=content_type)
    return StoredFile(stored, original_name, content_type, len(data), hashlib.sha256(data).hexdigest())


def store_made_here(data: bytes, original_name: str, content_type: str, uploads: Path) -> StoredFile:
    """Store a file the portal's own writers just made (a receipt or slip it rendered, its seal or signature
    added to a PDF that already passed the intake), atomically, inside the caller's write transaction.

    The intake's quick part only: the content must be of the declared type and a PDF must end as a PDF.
    Parsing it again would hold the install's write lock for nothing; anything received from a person goes
    through `store_upload` or `store_generated` (tests/test_storage_intake.py lists every caller of this).
    """
    if content_type not in ALLOWED_TYPES:
        raise ValueError(f"unsupported content type {content_type}")
    kind = filetype.guess(data[:8192])
    if kind is None or kind.mime != content_type or (content_type == "application/pdf"
                                                     and b"%%EOF" not in data[-_PDF_TAIL:]):
        raise ValueError(f"{original_name} is not the {content_type} it was made as")
    uploads = Path(uploads)
    tmp, handle = _temp_file(uploads, original_name)
    with _removed_on_failure(tmp, original_name):
        _write_synced(handle, data)
        stored = _publish(tmp, uploads, ALLOWED_TYPES[content_type])
    return StoredFile(stored, original_name, content_type, len(data), hashlib.sha256(data).hexdigest())


def delete(uploads: Path, stored_names: Iterable[str]) -> None:
    """Remove stored files (undoing a failed save, or purging a draft); missing files are fine."""
    for name in stored_names:
        path_of(uploads, name).unlink(missing_ok=True)


def read(uploads: Path, stored_name: str) -> bytes:
    """The bytes of a stored file."""
    return path_of(uploads, stored_name).read_bytes()


def sha256_of(uploads: Path, stored_name: str) -> str:
    """SHA-256 of a stored file as it is on disk now."""
    digest = hashlib.sha256()
    with open(path_of(uploads, stored_name), "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def exists(uploads: Path, stored_name: str) -> bool:
    """Whether a stored file is on disk."""
    return path_of(uploads, stored_name).is_file()


# ---------------------------------------------------------------- files that follow a transaction

_PENDING = "wardportal.pending_files"


def follow_transaction(session: Session, uploads: Path, stored_name: str) -> None:
    """Delete this stored file again unless the session's current transaction commits."""
    session.info.setdefault(_PENDING, []).append((Path(uploads), stored_name))


def keep_committed_files(session: Session) -> None:
    """The rows naming these files are committed: the files stay."""
    session.info.pop(_PENDING, None)


def delete_uncommitted_files(session: Session, transaction) -> None:
    """A transaction ended without commit (rollback, error, close): remove the files it wrote."""
    if transaction.parent is None:
        for uploads, name in session.info.pop(_PENDING, []):
            path_of(uploads, name).unlink(missing_ok=True)


def current_uploads() -> Path:
    """The uploads folder of the running app."""
    return uploads_dir(files_root())


# Every stored file that goes out is sandboxed: nothing in it may run script, submit a form, open a window or
# reach the portal's origin, whatever the file turns out to hold. A file shown inline keeps only what the
# browser's own viewer needs to draw it in the portal's frame (its styles, the object it embeds).
ATTACHMENT_POLICY = "default-src 'none'; sandbox"
INLINE_POLICY = ("default-src 'none'; img-src 'self'; object-src 'self'; style-src 'unsafe-inline'; "
                 "frame-ancestors 'self'; sandbox")


def send_bytes(data: bytes, content_type: str, download_name: str, *, inline: bool = False, max_age: int = 0,
               private: bool = True, etag: str | None = None, last_modified=None) -> Response:
    """The one way a file goes out (after authorisation): not sniffed, sandboxed, and not cached unless public.

    ``inline`` shows it in the browser (a PDF in the review page's frame) instead of saving it.
    """
    response = send_file(io.BytesIO(data), mimetype=content_type, as_attachment=not inline,
                         download_name=download_name, conditional=etag is not None, etag=etag or False,
                         max_age=max_age, last_modified=last_modified)
    response.headers["X-Content-Type-Options"] = "nosniff"
    if private:
        response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = INLINE_POLICY if inline else ATTACHMENT_POLICY
    if inline:
        response.headers["X-Frame-Options"] = "SAMEORIGIN"  # shown in the portal's own review frame
    return response


def send_stored(uploads: Path, stored_name: str, original_name: str, content_type: str, *,
                inline: bool = False) -> Response:
    """Serve a stored file through `send_bytes` (after authorisation)."""
    # read into memory (files are at most MAX_FILE_BYTES): no file handle outlives the request, whatever
    # the server or test client does with the response
    data = path_of(uploads, stored_name).read_bytes()
    return send_bytes(data, content_type, download_name(original_name, content_type), inline=inline)
