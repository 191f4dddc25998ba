"""QR codes drawn as PNG: the tracking link on receipts, VietQR transfers in PDFs and e-mails."""

import io

import segno


def qr_png(data: str, scale: int = 6) -> bytes:
    """The QR code of ``data`` as PNG bytes (error correction M, a two-module quiet zone)."""
    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
