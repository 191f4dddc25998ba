"""VietQR payment codes, made locally: an EMVCo merchant-presented QR payload in the NAPAS VietQR profile.

The payload is a list of TLV fields (two-digit id, two-digit character length, value): payload format
"01", initiation method "12" (dynamic: it carries an amount) or "11" (static), the NAPAS consumer account
info (GUID A000000727, bank BIN and account, service QRIBFTTA = transfer to an account), currency 704 (VND),
amount in whole đồng, country VN, the transfer note in additional data field 08, and last a CRC-16/CCITT-
FALSE over everything up to and including "6304". The note is written in ASCII without diacritics and kept
to 25 characters, because banking apps differ in how they count and show anything else.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

import segno

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
MAX_NOTE = 25


class InvalidPayment(ValueError):
    """Bank details or an amount that cannot go into a VietQR code."""


@dataclass(frozen=True)
class TransferDetails:
    """What a resident needs to pay a ward's fee by bank transfer."""

    bank_bin: str
    account_number: str
    account_name: str
    bank_name: str
    amount: int
    note: str


def tlv(tag: str, value: str) -> str:
    """One field: id, length (characters, two digits) and value."""
    if len(value) > 99:
        raise InvalidPayment(f"field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def crc16_ccitt(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def ascii_note(text: str) -> str:
    """The transfer note in plain ASCII (đ→d by hand: NFKD keeps it), single-spaced, at most 25 characters."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9 .\-]", " ", text)
    return " ".join(text.split())[:MAX_NOTE].strip()


def payload(bank_bin: str, account_number: str, amount: int | None = None, note: str = "") -> str:
    """The VietQR string for a transfer to an account; dynamic when it carries an amount."""
    if not re.fullmatch(r"\d{6}", bank_bin or ""):
        raise InvalidPayment("the bank BIN has six digits")
    if not re.fullmatch(r"[0-9A-Za-z]{1,19}", account_number or ""):
        raise InvalidPayment("the account number has 1 to 19 letters or digits")
    if amount is not None and not 0 < amount < 10 ** 13:
        raise InvalidPayment("the amount must be a positive whole number of đồng")
    account = tlv("00", NAPAS_GUID) + tlv("01", tlv("00", bank_bin) + tlv("01", account_number)) \
        + tlv("02", SERVICE_TO_ACCOUNT)
    parts = [tlv("00", "01"), tlv("01", "12" if amount is not None else "11"), tlv("38", account),
             tlv("53", "704")]
    if amount is not None:
        parts.append(tlv("54", str(int(amount))))
    parts.append(tlv("58", "VN"))
    note = ascii_note(note)
    if note:
        parts.append(tlv("62", tlv("08", note)))
    body = "".join(parts) + "6304"
    return body + f"{crc16_ccitt(body.encode('ascii')):04X}"


def parse_tlv(data: str) -> dict[str, str]:
    """Split a payload into its top-level fields (for checks and tests); raises on a malformed string."""
    fields, i = {}, 0
    while i < len(data):
        tag, length = data[i:i + 2], data[i + 2:i + 4]
        if len(tag) < 2 or not length.isdigit():
            raise InvalidPayment(f"malformed field at {i}")
        value = data[i + 4:i + 4 + int(length)]
        if len(value) != int(length):
            raise InvalidPayment(f"field {tag} is cut short")
        fields[tag] = value
        i += 4 + int(length)
    return fields


def payload_for(details: TransferDetails) -> str:
    """The VietQR string of a transfer."""
    return payload(details.bank_bin, details.account_number, details.amount, details.note)


def qr_svg(data: str) -> str:
    """The QR code as inline SVG markup (no external request, crisp on any screen)."""
    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=False, svgns=True,
                                      title="VietQR", nl=False)
    return buffer.getvalue().decode("utf-8")


