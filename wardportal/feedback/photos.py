"""A resident's photo, decoded within the pixel budget and saved again as a plain JPEG (`image_intake`)."""

from flask_babel import lazy_gettext as _l

from wardportal.kernel.image_intake import DEFAULT_DECODED_PIXELS, Budget, ImageRefused, clean

# Large enough to read a pothole or a sign; phones send 12+ megapixels that nobody needs here.
MAX_SIDE = 2000
FORMATS = ("JPEG", "PNG", "WEBP")
MESSAGES = {
    "format": _l("Chỉ nhận ảnh JPEG, PNG hoặc WebP."),
    "too_big": _l("Ảnh quá lớn; hãy chụp lại với độ phân giải thấp hơn."),
    "broken": _l("Tệp không phải ảnh hoặc ảnh bị hỏng."),
}


class PhotoRefused(ValueError):
    """A file that is not a usable photo, with the message to show."""


def clean_photo(data: bytes, max_bytes: int, max_pixels: int, decoded_pixels: int = DEFAULT_DECODED_PIXELS) -> bytes:
    """Re-encode an uploaded JPEG/PNG/WebP as a JPEG without metadata, upright, at most MAX_SIDE pixels."""
    if len(data) > max_bytes:
        raise PhotoRefused(_l("Ảnh lớn hơn %(mb)s MB.", mb=max_bytes // (1024 * 1024)))
    try:
        return clean(data, FORMATS, Budget(max_pixels, decoded_pixels), MAX_SIDE).data
    except ImageRefused as refused:
        raise PhotoRefused(MESSAGES[refused.reason]) from None
