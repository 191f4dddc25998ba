"""Approval signatures on result PDFs, and the check of citizens' own signed uploads.

The leader signs first with their own key: on a PKCS#11 token reached through the module the install
configures (the PIN is typed for that one signature and never kept), or from a PKCS#12 file uploaded for
that one signature. The ward's seal then signs the same PDF in an incremental update, so the result carries
two valid PAdES signatures. Appearance as Decree 30/2020 prescribes: the leader's title, handwritten-signature
image and name; the seal image over the left third of it with the ward's name and the signing time.
This is the approvals area's only module that imports pyHanko.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass

from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.rw_common import find_inherited_value_in_tree
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.stamp import TextStampStyle

from wardportal.kernel import image_intake, signature_policy, signing
from wardportal.kernel.metrics import count_signing_failures
from wardportal.kernel.times import VIETNAM_TZ, now_utc

LEADER_FONT_SIZE, LEADER_LEADING = 8, 10  # whole points: pyHanko's layout works in Fractions
LEADER_BOX_W, LEADER_BOX_H = 210, 118
SEAL_BOX_W, SEAL_BOX_H = 96, 112
MAX_IMAGE_BYTES = 512 * 1024
MAX_IMAGE_SIDE = 1200


class SigningRefused(ValueError):
    """The signature could not be made for a reason the signer can fix (wrong PIN, wrong file, ...)."""


@dataclass(frozen=True)
class TokenKey:
    """A key on a PKCS#11 token: the module comes from the install's configuration, never from a client."""

    module_path: str
    token_label: str
    key_label: str
    pin: str


@dataclass(frozen=True)
class FileKey:
    """A PKCS#12 file the leader gives for one signature; it lives only in memory for that request."""

    pkcs12: bytes
    passphrase: bytes


@dataclass(frozen=True)
class LeaderAppearance:
    """What the leader's signature shows: title (one or two lines), the handwritten image, the name."""

    title: str
    name: str
    signature_png: bytes | None = None


@dataclass(frozen=True)
class UploadSignature:
    """What an officer is told about a citizen's signed PDF."""

    state: str  # unsigned | intact | modified | untrusted | invalid
    signer_name: str = ""
    issuer_name: str = ""
    signed_at: dt.datetime | None = None
    by_applicant: bool = False  # one of the valid signatures is the applicant's (citizen ID or name)


# ---------------------------------------------------------------- images


def clean_png(data: bytes) -> bytes:
    """Check an uploaded signature or seal image and re-encode it as an RGBA PNG; raise ValueError."""
    if not data or len(data) > MAX_IMAGE_BYTES:
        raise ValueError("size")
    budget = image_intake.Budget(MAX_IMAGE_SIDE * MAX_IMAGE_SIDE, MAX_IMAGE_SIDE * MAX_IMAGE_SIDE)
    try:
        _fmt, width, height = image_intake.measure(io.BytesIO(data), ("PNG",), budget)
        if max(width, height) > MAX_IMAGE_SIDE:
            raise ValueError("format")
        picture = image_intake.clean(data, ("PNG",), budget, MAX_IMAGE_SIDE, out_format="PNG", keep_alpha=True)
    except image_intake.ImageRefused as refused:
        raise ValueError("format") from refused
    if not picture.had_alpha:
        raise ValueError("transparency")
    return picture.data


def _image(png: bytes | None) -> PdfImage | None:
    """A pyHanko image of a stored PNG (alpha kept as a soft mask, so the paper shows through)."""
    return PdfImage(image_intake.open_clean(png)) if png else None


# ---------------------------------------------------------------- boxes and styles


def page_count(pdf_bytes: bytes) -> int:
    """Pages of a PDF, or 0 when pyHanko cannot read it (a draft must be a PDF the signer can extend)."""
    try:
        return int(PdfFileReader(io.BytesIO(pdf_bytes), strict=False).root["/Pages"]["/Count"])
    except Exception:  # any parse failure means "not a usable PDF"
        return 0


def signature_boxes(pdf_bytes: bytes) -> tuple[tuple, tuple]:
    """(leader box, seal box) on the last page: bottom right; the seal covers the image's left third."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    page = writer.find_page_for_modification(-1)[0].get_object()
    x_min, y_min, x_max, _ = (float(v) for v in find_inherited_value_in_tree(page, "/MediaBox", "/Parent"))
    left, bottom = x_max - 40 - LEADER_BOX_W, y_min + 70
    leader = (left, bottom, left + LEADER_BOX_W, bottom + LEADER_BOX_H)
    # the handwritten image spans the middle of the leader's box (left + 45 to left + 165); the seal is
    # centred on its left third, below the title, its caption under the leader's name line
    seal_left = left + 65 - SEAL_BOX_W // 2
    seal = (seal_left, bottom - 20, seal_left + SEAL_BOX_W, bottom - 20 + SEAL_BOX_H)
    return leader, seal


def _font(size: float):
    """The Vietnamese stamp font (Be Vietnam Pro, 1000 units per em) at `size`."""
    return signing._InMemoryFontFactory(str(signing.STAMP_FONT), font_size=size,
                                        font_bytes=signing.STAMP_FONT.read_bytes())


def _leader_style(appearance: LeaderAppearance) -> tuple[TextStampStyle, str]:
    """Title on top, the signature image between, the name at the bottom (Decree 30/2020, annex I)."""
    leading = LEADER_LEADING
    title_lines = [line.strip() for line in appearance.title.splitlines() if line.strip()] or [""]
    blank = max((LEADER_BOX_H - 8) // leading - len(title_lines) - 1, 1)
    text = "\n".join(title_lines + [""] * blank + [appearance.name])
    top = len(title_lines) * leading + 6
    style = TextStampStyle(
        stamp_text="%(text)s",
        text_box_style=TextBoxStyle(font=_font(LEADER_FONT_SIZE), font_size=LEADER_FONT_SIZE, leading=leading,
                                    text_color=(0.0, 0.0, 0.0)),
        inner_content_layout=layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MID,
                                                        y_align=layout.AxisAlignment.ALIGN_MID),
        background=_image(appearance.signature_png), background_opacity=1.0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(left=45, right=45, top=top, bottom=leading + 6)),
        border_width=0,
    )
    return style, text


def _seal_style(seal_png: bytes | None) -> TextStampStyle:
    """The seal image with the ward's name and the signing time under it."""
    size, leading = 6, 8
    return TextStampStyle(
        stamp_text="%(ward)s\n%(time)s",
        text_box_style=TextBoxStyle(font=_font(size), font_size=size, leading=leading,
                                    text_color=(0.75, 0.05, 0.05)),
        inner_content_layout=layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MID,
                                                        y_align=layout.AxisAlignment.ALIGN_MIN),
        background=_image(seal_png), background_opacity=1.0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MAX,
            margins=layout.Margins(left=4, right=4, top=2, bottom=leading * 2 + 4)),
        border_width=0,
    )


def _vn_iso(moment: dt.datetime) -> str:
    """Signing time in ISO 8601, Vietnam time (as Decree 30 asks)."""
    return moment.astimezone(VIETNAM_TZ).replace(microsecond=0).isoformat()


# ---------------------------------------------------------------- signing


def _sign(pdf_bytes: bytes, signer, *, field: str, box, style, text_params: dict, reason: str, name: str,
          location: str, tsa_url: str | None) -> bytes:
    """One approval signature (PAdES, SHA-256) in a new visible field, as an incremental update."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    meta = signers.PdfSignatureMetadata(field_name=field, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256",
                                        reason=reason, location=location, name=name)
    timestamper = timestamps.HTTPTimeStamper(tsa_url, timeout=10) if tsa_url else None
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style, timestamper=timestamper,
                                   new_field_spec=fields.SigFieldSpec(field, on_page=-1, box=box))
    out = io.BytesIO()
    try:
        pdf_signer.sign_pdf(writer, output=out, appearance_text_params=text_params)
    except timestamps.TimestampRequestError as unreachable:
        raise SigningRefused("tsa") from unreachable
    return out.getvalue()


def _field_name(prefix: str, pdf_bytes: bytes) -> str:
    """A field name not yet in the PDF (a result may be signed again after a correction)."""
    taken = {s.field_name for s in PdfFileReader(io.BytesIO(pdf_bytes), strict=False).embedded_signatures}
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


@count_signing_failures("leader")
def sign_as_leader(pdf_bytes: bytes, key: TokenKey | FileKey, appearance: LeaderAppearance, *, ward_name: str,
                   tsa_url: str | None = None, purpose: str = "phê duyệt kết quả giải quyết",
                   certificate: str | None = None) -> bytes:
    """The leader's personal signature with their own key; raises SigningRefused for fixable problems.

    ``purpose`` completes the signature's reason after the leader's title (a result approved, a document
    issued for publication). ``certificate``: the fingerprint of the (enrolled) certificate the caller
    checked; the key's certificate is compared again where it signs, so a token or file swapped between the
    check and the signature is refused ("changed").
    """
    box = signature_boxes(pdf_bytes)[0]
    style, text = _leader_style(appearance)
    options = dict(field=_field_name("ChuKyLanhDao", pdf_bytes), box=box, style=style, text_params={"text": text},
                   reason=f"{' '.join(appearance.title.split())} {purpose}",
                   name=appearance.name, location=ward_name, tsa_url=tsa_url)
    if isinstance(key, FileKey):
        signer = _pkcs12_signer(key)
        _same_certificate(signer.signing_cert, certificate)
        return signing.outside_event_loop(_sign, pdf_bytes, signer, **options)
    return signing.outside_event_loop(_sign_on_token, pdf_bytes, key, options, certificate)


def _same_certificate(cert, expected_fingerprint: str | None) -> None:
    """Refuse a key whose certificate is not the one the caller checked."""
    if expected_fingerprint is not None and signature_policy.fingerprint(cert) != expected_fingerprint:
        raise SigningRefused("changed")


def signing_certificate(key: TokenKey | FileKey) -> bytes:
    """The DER certificate ``key`` would sign with, read before signing: from the PKCS#12 (the private key it
    holds is dropped at once), or the certificate object under the key's label on the token (a public
    object: no PIN). Raises SigningRefused ("pkcs12" or "token")."""
    if isinstance(key, FileKey):
        return certificate_in_pkcs12(key.pkcs12, key.passphrase)
    return _token_certificate(key)


def certificate_in_pkcs12(data: bytes, passphrase: bytes) -> bytes:
    """The DER certificate of a PKCS#12 file; raise SigningRefused("pkcs12") when it cannot be opened."""
    try:
        private_key, cert, _chain = pkcs12.load_key_and_certificates(data, passphrase or None)
    except (ValueError, TypeError) as broken:
        raise SigningRefused("pkcs12") from broken
    del private_key  # never kept: only the public certificate leaves this function
    if cert is None:
        raise SigningRefused("pkcs12")
    return cert.public_bytes(Encoding.DER)


def _token_certificate(key: TokenKey) -> bytes:
    """The certificate object labelled like the key on the token, read in a session without login."""
    import pkcs11
    import pkcs11.exceptions as pkcs11_errors

    try:
        token = pkcs11.lib(key.module_path).get_token(token_label=key.token_label)
        with token.open() as session:
            found = list(session.get_objects({pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE,
                                              pkcs11.Attribute.LABEL: key.key_label}))
            if len(found) != 1:
                raise SigningRefused("token")
            return bytes(found[0][pkcs11.Attribute.VALUE])
    except (pkcs11_errors.PKCS11Error, OSError, RuntimeError) as missing:
        raise SigningRefused("token") from missing


def _pkcs12_signer(key: FileKey):
    """A signer from the uploaded PKCS#12 (kept in memory only), its key parsed once for both passes."""
    try:
        private_key, cert, chain = pkcs12.load_key_and_certificates(key.pkcs12, key.passphrase or None)
    except (ValueError, TypeError) as broken:
        raise SigningRefused("pkcs12") from broken
    if private_key is None or cert is None:
        raise SigningRefused("pkcs12")
    return signing._make_signer(private_key, cert, list(chain or []))


def _sign_on_token(pdf_bytes: bytes, key: TokenKey, options: dict, certificate: str | None = None) -> bytes:
    """Open a session on the token with the PIN, sign, close; the PIN goes no further than this call.
    The certificate found under the key's label is compared with the checked one in the same session."""
    import pkcs11.exceptions as pkcs11_errors
    from pyhanko.config.errors import ConfigurationError
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.pkcs11 import PKCS11Error, open_pkcs11_session

    try:
        with open_pkcs11_session(key.module_path, token_criteria=TokenCriteria(label=key.token_label),
                                 user_pin=key.pin) as session:
            signer = _token_signer(session, key, raw=False)
            _same_certificate(signer.signing_cert, certificate)
            try:
                return _sign(pdf_bytes, signer, **options)
            except (pkcs11_errors.MechanismInvalid, SigningError) as failed:
                if not _mechanism_missing(failed):
                    raise
            # some tokens (SoftHSM among them) only offer raw ECDSA: hash here, sign there
            return _sign(pdf_bytes, _token_signer(session, key, raw=True), **options)
    except (pkcs11_errors.PinIncorrect, pkcs11_errors.PinLenRange, pkcs11_errors.PinInvalid) as wrong:
        raise SigningRefused("pin") from wrong
    except (pkcs11_errors.PinLocked, pkcs11_errors.PinExpired) as locked:
        raise SigningRefused("locked") from locked
    except (PKCS11Error, ConfigurationError, pkcs11_errors.PKCS11Error, OSError, RuntimeError) as missing:
        raise SigningRefused("token") from missing


def _token_signer(session, key: TokenKey, *, raw: bool):
    """pyHanko's signer for the key and certificate stored under the key label."""
    from pyhanko.sign.pkcs11 import PKCS11Signer

    return PKCS11Signer(session, key_label=key.key_label, cert_label=key.key_label, use_raw_mechanism=raw)


def _mechanism_missing(error: Exception) -> bool:
    """Did the token refuse the combined hash-and-sign mechanism (directly or as the cause)?"""
    import pkcs11.exceptions as pkcs11_errors

    return isinstance(error, pkcs11_errors.MechanismInvalid) or \
        isinstance(error.__cause__, pkcs11_errors.MechanismInvalid)


def seal_as_ward(pdf_bytes: bytes, ward_signer: signing.WardSigner, seal_png: bytes | None, *,
                 tsa_url: str | None = None, now: dt.datetime | None = None) -> bytes:
    """The ward's organisation signature over the leader-signed PDF, as an incremental update."""
    now = now or now_utc()
    box = signature_boxes(pdf_bytes)[1]
    options = dict(field=_field_name("DauCoQuan", pdf_bytes), box=box, style=_seal_style(seal_png),
                   text_params={"ward": ward_signer.ward_name, "time": _vn_iso(now)},
                   reason="Ký số của cơ quan, tổ chức", name=ward_signer.ward_name, location=ward_signer.ward_name,
                   tsa_url=tsa_url)
    return signing.outside_event_loop(_sign, pdf_bytes, ward_signer.signer, **options)


# ---------------------------------------------------------------- citizens' signed uploads


def check_upload(pdf_bytes: bytes, context: signature_policy.TrustContext,
                 applicant: tuple[str, str] | None = None) -> UploadSignature:
    """The signature policy's verdict on a citizen's PDF, as the officer's badge states it; never raises.

    ``applicant`` (citizen ID, name): whether one of the valid signatures is the applicant's own.
    """
    result = signature_policy.verify(pdf_bytes, context)
    if not result.signed:
        return UploadSignature("unsigned")
    state = "intact"
    for summary in result.signatures:
        if not summary.intact or summary.modified:
            state = "modified"
            break
        if not summary.valid:
            state = "invalid"
        elif not summary.ok and state == "intact":
            state = "untrusted" if not summary.trusted else "invalid"
    if result.appended_bytes:
        state = "modified"
    first = result.signatures[0]
    by_applicant = bool(state == "intact" and applicant is not None and signature_policy.expectation_problem(
        result, signature_policy.Expected(applicant=applicant)) is None)
    return UploadSignature(state, first.signer_name[:300], first.issuer_name[:300], first.signed_at, by_applicant)
