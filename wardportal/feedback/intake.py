"""Taking a report in from any channel (the web form, Open311): photo cleaning and storage, then the row.

Two steps, because decoding a photo is slow CPU work: `store_photo` runs first with no transaction open (on
SQLite a write transaction holds the install-wide write lock), then `take_report` records the report in one
short transaction. The stored photo follows that transaction: it is deleted again unless it commits.
"""

from flask import current_app

from wardportal.feedback.photos import clean_photo
from wardportal.feedback.reports import submit_report
from wardportal.kernel import file_storage, image_intake
from wardportal.kernel.database import end_read_transaction
from wardportal.kernel.extensions import db

PHOTO_NAME = "anh-phan-anh.jpg"


def store_photo(data: bytes) -> file_storage.StoredFile:
    """Clean and store a photo before the write transaction; returns the stored file.

    Ends whatever transaction the caller's reads opened, so the decoding never holds SQLite's write lock; the
    file is deleted again if the next transaction (the one recording the report) does not commit.
    """
    end_read_transaction()
    config = current_app.config
    budget = image_intake.budget_from_config(config)
    cleaned = clean_photo(data, file_storage.limits_from_config(config).max_file_bytes, budget.max_pixels,
                          budget.decoded_pixels)
    uploads = file_storage.current_uploads()
    stored = file_storage.store_generated(cleaned, PHOTO_NAME, "image/jpeg", uploads)
    file_storage.follow_transaction(db.session(), uploads, stored.stored_name)
    return stored


def read_limited(stream, limit: int) -> bytes:
    """Read at most ``limit`` + 1 bytes, so an oversized upload is refused without reading it all."""
    return stream.read(limit + 1)


def take_report(ward, category, description, *, now, photo: file_storage.StoredFile | None = None, **fields):
    """Record the report (its photo stored beforehand by `store_photo`, with its size and hash); the caller
    commits."""
    report = submit_report(ward, category, description, now=now,
                           photo_name=photo.stored_name if photo else None, **fields)
    if photo is not None:
        report.photo_size, report.photo_sha256 = photo.size, photo.sha256
    return report
