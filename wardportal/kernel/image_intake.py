"""The one way an uploaded picture is measured and decoded: a pixel budget, then a clean re-encode.

Every image upload passes here (residents' feedback photos, Open311 media, publication pictures, signature
and seal images; dossier scans are measured here and stored as sent, never decoded). Two settings:

- ``MAX_IMAGE_PIXELS`` (default 80 million): the largest picture accepted at all, read from its header
  before a single pixel is decoded.
- ``MAX_DECODED_PIXELS`` (default 16 million, a 12–16 MP phone photo): the most pixels ever decoded. A JPEG
  larger than that is decoded at 1/2, 1/4 or 1/8 scale by Pillow's draft mode (the decoder skips the detail,
  so a 48 MP phone photo costs what a 3 MP one does); other formats have no such shortcut and are refused
  above it. A 77 KB PNG claiming 8900×8900 pixels is therefore refused from its header in a millisecond
  instead of taking 2.6 s of CPU and 500 MB of memory.

Decoding is CPU work: callers run it with no database transaction open (on SQLite a write transaction holds
the install-wide write lock).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

DEFAULT_MAX_PIXELS = 80_000_000
DEFAULT_DECODED_PIXELS = 16_000_000


class ImageRefused(ValueError):
    """An image this intake will not decode; ``reason`` is "format", "too_big" or "broken"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Budget:
    """How large a picture may be (header) and how many of its pixels may be decoded."""

    max_pixels: int = DEFAULT_MAX_PIXELS
    decoded_pixels: int = DEFAULT_DECODED_PIXELS


def budget_from_config(config) -> Budget:
    """The install's budget: ``MAX_IMAGE_PIXELS`` and ``MAX_DECODED_PIXELS``."""
    return Budget(int(config.get("MAX_IMAGE_PIXELS", DEFAULT_MAX_PIXELS)),
                  int(config.get("MAX_DECODED_PIXELS", DEFAULT_DECODED_PIXELS)))


@dataclass(frozen=True)
class CleanImage:
    """A picture re-encoded from its pixels alone: no EXIF (GPS, camera), comments or trailing bytes."""

    data: bytes
    width: int
    height: int
    content_type: str
    had_alpha: bool = False  # the upload was drawn on transparent paper (signature and seal images must be)


@contextmanager
def _opened(source, formats: tuple[str, ...], budget: Budget) -> Iterator[Image.Image]:
    """The picture at ``source`` (a path or binary file object) opened from its header — nothing decoded yet —
    once its format and size pass; what Pillow raises inside the block becomes ImageRefused."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source) as image:
                if image.format not in formats:
                    raise ImageRefused("format")
                if image.width * image.height > budget.max_pixels:
                    raise ImageRefused("too_big")
                yield image
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageRefused("too_big") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, ImageRefused):
            raise
        raise ImageRefused("broken") from None


def measure(source, formats: tuple[str, ...], budget: Budget) -> tuple[str, int, int]:
    """(format, width, height) read from the header only; ImageRefused when not allowed or too large.

    ``source`` is a path or a binary file object. Nothing is decoded.
    """
    with _opened(source, formats, budget) as image:
        return image.format, image.width, image.height


def verify(path, formats: tuple[str, ...], budget: Budget) -> str:
    """Measure a stored upload and check its structure without decoding its pixels; return its format."""
    with _opened(path, formats, budget) as image:
        image.verify()
        return image.format


def clean(data: bytes, formats: tuple[str, ...], budget: Budget, max_side: int, *,
          out_format: str = "JPEG", quality: int = 85, keep_alpha: bool = False) -> CleanImage:
    """Decode within the budget, turn upright, shrink to ``max_side`` and re-encode as a fresh picture.

    ``out_format`` "JPEG" (photos) or "PNG" (``keep_alpha``: signature and seal images on transparent paper).
    """
    with _opened(io.BytesIO(data), formats, budget) as image:
        if image.format == "JPEG":
            # scale by 1/2..1/8 while decoding, never below what max_side needs
            image.draft("RGB", (max_side, max_side))
        if image.width * image.height > budget.decoded_pixels:
            raise ImageRefused("too_big")
        image.load()
        had_alpha = "A" in image.getbands() or "transparency" in image.info
        # The orientation lives in EXIF, which is about to be dropped: apply it to the pixels first.
        picture = ImageOps.exif_transpose(image)
        picture = picture.convert("RGBA" if keep_alpha else "RGB")
    picture.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # a fresh image object: no exif=, no icc/comment carried over, so nothing of the upload's metadata stays
    fresh = Image.frombytes(picture.mode, picture.size, picture.tobytes())
    if out_format == "PNG":
        fresh.save(out, "PNG", optimize=True)
    else:
        fresh.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return CleanImage(out.getvalue(), fresh.width, fresh.height, f"image/{out_format.lower()}", had_alpha)


def open_clean(data: bytes) -> Image.Image:
    """A picture this intake produced earlier (stored, already within budget), opened for drawing."""
    return Image.open(io.BytesIO(data))
