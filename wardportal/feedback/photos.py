"""A resident's photo, decoded and saved again as a plain JPEG: no EXIF (GPS, camera, owner), no trailing bytes."""

import io
import warnings

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

# Large enough to read a pothole or a sign; phones send 12+ megapixels that nobody needs here.
MAX_SIDE = 2000


class PhotoRefused(ValueError):
    """A file that is not a usable photo, with the message to show."""


def clean_photo(data: bytes, max_bytes: int, max_pixels: int) -> bytes:
    """Re-encode an uploaded JPEG/PNG/WebP as a JPEG without metadata, upright, at most MAX_SIDE pixels."""
    if len(data) > max_bytes:
        raise PhotoRefused(_l("Ảnh lớn hơn %(mb)s MB.", mb=max_bytes // (1024 * 1024)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in ("JPEG", "PNG", "WEBP"):
                    raise PhotoRefused(_l("Chỉ nhận ảnh JPEG, PNG hoặc WebP."))
                if image.width * image.height > max_pixels:
                    raise PhotoRefused(_l("Ảnh quá lớn; hãy chụp lại với độ phân giải thấp hơn."))
                # The orientation lives in EXIF, which is about to be dropped: apply it to the pixels first.
                upright = ImageOps.exif_transpose(image).convert("RGB")
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise PhotoRefused(_l("Ảnh quá lớn; hãy chụp lại với độ phân giải thấp hơn.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, PhotoRefused):
            raise
        raise PhotoRefused(_l("Tệp không phải ảnh hoặc ảnh bị hỏng.")) from None
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    # A fresh image carries no info dict, so nothing but pixels is written.
    Image.frombytes("RGB", upright.size, upright.tobytes()).save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()
