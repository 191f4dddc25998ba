"""Pictures and PDFs of publications, stored under ``<instance>/uploads/`` through `file_storage`.

Pictures go through `image_intake` (measured before decoding, decoded within the pixel budget), re-encoded as
a fresh JPEG at most ``PUBLICATION_IMAGE_MAX_SIDE`` pixels wide or high: the new file carries no EXIF (so no
GPS position of the phone that took it), no comments and nothing else from the upload.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from flask import current_app
from flask_babel import lazy_gettext as _l

from wardportal.kernel import file_storage, image_intake, signing
from wardportal.kernel.database import end_read_transaction
from wardportal.kernel.extensions import db

DEFAULT_MAX_SIDE = 1200
JPEG_QUALITY = 82


class MediaRefused(file_storage.FileRefused):
    """An upload refused with a message for the editor."""


@dataclass(frozen=True)
class StoredPicture:
    """A re-encoded picture on disk."""

    stored_name: str
    width: int
    height: int
    size: int
    sha256: str


def reencode_picture(data: bytes, max_side: int, max_pixels: int,
                     decoded_pixels: int = image_intake.DEFAULT_DECODED_PIXELS) -> tuple[bytes, int, int]:
    """A JPEG or PNG upload as a new, EXIF-free JPEG no larger than ``max_side``; raises MediaRefused."""
    try:
        picture = image_intake.clean(data, ("JPEG", "PNG"), image_intake.Budget(max_pixels, decoded_pixels),
                                     max_side, quality=JPEG_QUALITY)
    except image_intake.ImageRefused as refused:
        raise MediaRefused({"format": _l("Ảnh phải là tệp JPEG hoặc PNG."),
                            "too_big": _l("Ảnh quá lớn, hãy giảm kích thước ảnh.")}.get(
            refused.reason, _l("Tệp ảnh bị hỏng hoặc không phải ảnh JPEG, PNG."))) from None
    return picture.data, picture.width, picture.height


def store_picture(stream: BinaryIO) -> StoredPicture:
    """Check, re-encode and store a news picture (deleted again if the transaction does not commit)."""
    config = current_app.config
    limit = int(config.get("MAX_FILE_BYTES", 10 * 1024 * 1024))
    data = stream.read(limit + 1)
    if not data:
        raise MediaRefused(_l("Tệp ảnh rỗng."))
    if len(data) > limit:
        raise MediaRefused(_l("Ảnh lớn hơn giới hạn cho phép."))
    budget = image_intake.budget_from_config(config)
    jpeg, width, height = reencode_picture(data, int(config.get("PUBLICATION_IMAGE_MAX_SIDE", DEFAULT_MAX_SIDE)),
                                           budget.max_pixels, budget.decoded_pixels)
    uploads = file_storage.current_uploads()
    stored = file_storage.store_generated(jpeg, "anh.jpg", "image/jpeg", uploads)
    file_storage.follow_transaction(db.session, uploads, stored.stored_name)
    return StoredPicture(stored.stored_name, width, height, stored.size, stored.sha256)


def prepare_picture(stream: BinaryIO) -> StoredPicture:
    """`store_picture` before the editor's write transaction: the reads so far end, so decoding holds no lock.

    The stored file follows the next transaction (the one saving the publication).
    """
    end_read_transaction()
    return store_picture(stream)


def store_pdf(stream: BinaryIO, original_name: str | None) -> tuple[file_storage.StoredFile, bool]:
    """Check and store a document's PDF; return it and whether it already carries a signature."""
    uploads = file_storage.current_uploads()
    stored = file_storage.store_upload(stream, original_name, uploads,
                                       file_storage.limits_from_config(current_app.config))
    file_storage.follow_transaction(db.session, uploads, stored.stored_name)
    if stored.content_type != "application/pdf":
        raise MediaRefused(_l("Văn bản phải là tệp PDF."))
    return stored, signing.is_signed(file_storage.read(uploads, stored.stored_name))


@dataclass(frozen=True)
class StoredPdf:
    """A document's PDF stored and checked by `prepare_pdf`, and whether it came signed."""

    stored: file_storage.StoredFile
    signed: bool


def prepare_pdf(stream: BinaryIO, original_name: str | None) -> StoredPdf:
    """`store_pdf` before the editor's write transaction: the reads so far end, so reading the upload, the PDF
    safety check and the signature detection hold no lock.

    The stored file follows the next transaction (the one saving the publication).
    """
    end_read_transaction()
    return StoredPdf(*store_pdf(stream, original_name))


def store_signed_pdf(data: bytes, original_name: str) -> file_storage.StoredFile:
    """Store the sealed PDF next to the unsigned original (which stays, for the revisions)."""
    uploads = file_storage.current_uploads()
    stored = file_storage.store_made_here(data, original_name, "application/pdf", uploads)
    file_storage.follow_transaction(db.session, uploads, stored.stored_name)
    return stored


def read_pdf(pub) -> bytes | None:
    """The bytes of the document's stored PDF as they are on disk now, or None when missing."""
    try:
        return file_storage.read(file_storage.current_uploads(), pub.pdf_name)
    except (OSError, ValueError):
        return None
