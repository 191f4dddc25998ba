"""Taking a report in from any channel (the web form, Open311): photo cleaning and storage, then the row."""

from flask import current_app

from .. import file_storage
from ..extensions import db
from .photos import clean_photo
from .reports import submit_report

PHOTO_NAME = "anh-phan-anh.jpg"


def store_photo(data: bytes) -> file_storage.StoredFile:
    """Clean and store a photo; the file goes again if the transaction does not commit."""
    config = current_app.config
    limits = file_storage.limits_from_config(config)
    cleaned = clean_photo(data, limits.max_file_bytes, limits.max_image_pixels)
    uploads = file_storage.current_uploads()
    stored = file_storage.store_generated(cleaned, PHOTO_NAME, "image/jpeg", uploads)
    file_storage.follow_transaction(db.session(), uploads, stored.stored_name)
    return stored


def read_limited(stream, limit: int) -> bytes:
    """Read at most ``limit`` + 1 bytes, so an oversized upload is refused without reading it all."""
    return stream.read(limit + 1)


def take_report(ward, category, description, *, now, photo: bytes | None = None, **fields):
    """Store the photo (if any) and record the report; the caller commits."""
    stored = store_photo(photo) if photo else None
    report = submit_report(ward, category, description, now=now,
                           photo_name=stored.stored_name if stored else None, **fields)
    if stored is not None:
        report.photo_size, report.photo_sha256 = stored.size, stored.sha256
    return report
