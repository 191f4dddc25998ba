"""PDF signing (verification is `signature_policy`): with those two and `pdf_safety`, the kernel's pyHanko users.

Each install has its own root CA ("Ward Portal root – <install>") and, per ward, a signing certificate
issued by it, generated on first use into ``<instance_path>/keys/``. A ward may instead be configured
with a real PKCS#12 file. Signatures are PAdES (ETSI.CAdES.detached, SHA-256) with a small visible
stamp in Vietnamese.
"""

from __future__ import annotations

import asyncio
import io
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import keys as asn1_keys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.rw_common import find_inherited_value_in_tree
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from wardportal.kernel.metrics import count_signing_failures
from wardportal.kernel.package_files import FONTS_DIR
from wardportal.kernel.times import VIETNAM_TZ, now_utc
from wardportal.kernel.trust_list import to_asn1
# ensure_root_ca and keys_dir are part of this module's interface too.
from wardportal.kernel.signing_keys import (cert_pem, check_slug, ensure_root_ca, ensure_ward_keys, keys_dir,  # noqa: F401
    keys_lock, write_atomic)

STAMP_FONT = FONTS_DIR / "BeVietnamPro-Regular.ttf"
STAMP_FONT_SIZE = 8
_PYCA_HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}


@dataclass(frozen=True)
class WardSigner:
    """A ward's loaded signing key and certificate, ready for `sign_pdf`."""

    ward_slug: str
    ward_name: str
    signer: signers.SimpleSigner
    cert_sha256: str


class _CachedKeySigner(signers.SimpleSigner):
    """SimpleSigner that keeps the parsed private key instead of re-parsing it for every signature."""

    def __init__(self, pyca_key, **kwargs):
        super().__init__(**kwargs)
        self._pyca_key = pyca_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        """Sign with the cached key (RSA re-validation alone costs ~30 ms per signature otherwise)."""
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        hash_cls = _PYCA_HASHES.get(digest_algorithm)
        if hash_cls and mechanism == "ecdsa" and isinstance(self._pyca_key, ec.EllipticCurvePrivateKey):
            return self._pyca_key.sign(data, ec.ECDSA(hash_cls()))
        if hash_cls and mechanism == "rsassa_pkcs1v15" and isinstance(self._pyca_key, rsa.RSAPrivateKey):
            return self._pyca_key.sign(data, padding.PKCS1v15(), hash_cls())
        return super().sign_raw(data, digest_algorithm)


# ---------------------------------------------------------------- loading signers

# (install, ward, PKCS#12 path) -> (identity of the file the signer was loaded from, signer)
_signer_cache: dict[tuple, tuple[tuple | None, WardSigner]] = {}
_signer_cache_lock = threading.Lock()


def _make_signer(key, cert: x509.Certificate, chain: list[x509.Certificate]) -> _CachedKeySigner:
    """Build a pyHanko signer from pyca key material."""
    key_info = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                          serialization.NoEncryption())
    )
    return _CachedKeySigner(
        key, signing_cert=to_asn1(cert), signing_key=key_info,
        cert_registry=SimpleCertificateStore.from_certs([to_asn1(c) for c in chain]),
    )


def _fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 fingerprint (hex) of a certificate."""
    return cert.fingerprint(hashes.SHA256()).hex()


def _load_configured(instance_path, ward_slug: str, ward_name: str, pkcs12_path, passphrase):
    """Load a ward's configured PKCS#12 and record its certificate and trust root in the keys folder."""
    if isinstance(passphrase, str):
        passphrase = passphrase.encode()
    key, cert, chain = pkcs12.load_key_and_certificates(Path(pkcs12_path).read_bytes(), passphrase)
    if key is None or cert is None:
        raise ValueError(f"{pkcs12_path}: PKCS#12 without a key and certificate")
    chain = list(chain or [])
    # the verifier trusts the top of the configured chain (the leaf itself when no chain came with it)
    # and recognises the ward by the certificate's fingerprint
    ward_dir = keys_dir(instance_path) / "wards" / ward_slug
    anchor = chain[-1] if chain else cert
    with keys_lock(instance_path):
        write_atomic(ward_dir / "configured-cert.pem", cert_pem(cert))
        write_atomic(ward_dir / "trusted-root.pem", cert_pem(anchor))
    return WardSigner(ward_slug, ward_name, _make_signer(key, cert, chain), _fingerprint(cert))


@count_signing_failures("ward_key")
def load_ward_signer(instance_path, ward_slug: str, ward_name: str, pkcs12_path=None, passphrase=None,
                     install_name: str = "Ward Portal", ca_passphrase: str | None = None,
                     crl_url: str = "") -> WardSigner:
    """Return the ward's signer (configured PKCS#12, else the generated key), cached per process.

    A cached signer is used while its certificate file (or the configured PKCS#12) is the one it was loaded
    from: one ``stat`` per call compares the file's identity, so after ``rotate-ward-key`` (which replaces
    ``cert.pem`` by a new file) every running worker signs its next document with the new key, no restart.
    ``crl_url`` goes into a newly generated certificate as its CRL distribution point."""
    check_slug(ward_slug)
    cache_key = (str(Path(instance_path).resolve()), ward_slug, str(pkcs12_path or ""))
    watched = Path(pkcs12_path) if pkcs12_path else keys_dir(instance_path) / "wards" / ward_slug / "cert.pem"
    with _signer_cache_lock:
        cached = _signer_cache.get(cache_key)
        if cached is not None and cached[0] == _file_identity(watched):
            return cached[1]
        if pkcs12_path:
            identity = _file_identity(watched)
            loaded = _load_configured(instance_path, ward_slug, ward_name, pkcs12_path, passphrase)
        else:
            identity, loaded = _load_generated(instance_path, ward_slug, ward_name, install_name, ca_passphrase,
                                               crl_url)
        _signer_cache[cache_key] = (identity, loaded)
        return loaded


def _file_identity(path: Path) -> tuple | None:
    """What tells one version of a key file from the next: device, inode, size, modification time."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _load_generated(instance_path, ward_slug, ward_name, install_name, ca_passphrase, crl_url):
    """The ward's generated key and certificate, read as a matching pair, with the certificate's identity.

    A rotation in another process may replace the pair between the two reads (the key is written first):
    the certificate is read before and after the key, and the pair is read again until both agree."""
    for _attempt in range(5):
        key_path, cert_path = ensure_ward_keys(instance_path, ward_slug, ward_name, install_name,
                                               ca_passphrase, crl_url)
        try:
            identity = _file_identity(cert_path)
            cert, *chain = x509.load_pem_x509_certificates(cert_path.read_bytes())
            key = serialization.load_pem_private_key(key_path.read_bytes(), None)
        except FileNotFoundError:
            continue  # rotated away under us: ensure_ward_keys waits for the new pair
        if identity is not None and identity == _file_identity(cert_path) and \
                key.public_key().public_numbers() == cert.public_key().public_numbers():
            return identity, WardSigner(ward_slug, ward_name, _make_signer(key, cert, chain), _fingerprint(cert))
    raise RuntimeError(f"the signing key of '{ward_slug}' kept changing while it was read")


def clear_signer_cache() -> None:
    """Forget loaded signers (tests; a running worker notices a rotated key by itself)."""
    with _signer_cache_lock:
        _signer_cache.clear()


# ---------------------------------------------------------------- signing

_stamp_style: TextStampStyle | None = None


@dataclass(frozen=True)
class _InMemoryFontFactory(GlyphAccumulatorFactory):
    """Font factory reading the stamp font from memory.

    pyHanko's own factory opens the font file for every signature and never closes it (a ResourceWarning
    each time); the font is small, so keep its bytes and hand each signature a fresh BytesIO.
    """

    font_bytes: bytes = b""

    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
        """A glyph accumulator over the in-memory font."""
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer, font_handle=io.BytesIO(self.font_bytes), font_size=self.font_size,
            ot_script_tag=self.ot_script_tag, ot_language_tag=self.ot_language_tag,
            writing_direction=self.writing_direction, bcp47_lang_code=self.bcp47_lang_code,
            obj_stream=obj_stream,
        )


def _get_stamp_style() -> TextStampStyle:
    """Visible stamp style, built once (Be Vietnam Pro has 1000 units per em, as pyHanko needs)."""
    global _stamp_style
    if _stamp_style is None:
        font = _InMemoryFontFactory(str(STAMP_FONT), font_size=STAMP_FONT_SIZE,
                                    font_bytes=STAMP_FONT.read_bytes())
        _stamp_style = TextStampStyle(
            stamp_text="Đã ký số bởi: %(ward)s\nNgày ký: %(vn_time)s\n%(reason)s",
            text_box_style=TextBoxStyle(font=font, font_size=STAMP_FONT_SIZE, text_color=(0.1, 0.2, 0.6)),
            border_width=1,
        )
    return _stamp_style


def _default_stamp_box(writer: IncrementalPdfFileWriter, page: int) -> tuple[float, float, float, float]:
    """Bottom-right corner of the given page, 36 pt from its edges."""
    page_obj = writer.find_page_for_modification(page)[0].get_object()
    media_box = find_inherited_value_in_tree(page_obj, "/MediaBox", "/Parent")
    x_min, y_min, x_max, _ = (float(v) for v in media_box)
    return (x_max - 36 - 230, y_min + 36, x_max - 36, y_min + 36 + 62)


def outside_event_loop(func, *args, **kwargs):
    """Call one of pyHanko's synchronous functions, which run ``asyncio.run`` inside.

    That fails in a thread whose event loop is running (an async server, a Playwright session); there the
    call goes to a short-lived worker thread with no loop of its own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return func(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(func, *args, **kwargs).result()


@count_signing_failures("ward")
def sign_pdf(pdf_bytes: bytes, signer_info: WardSigner, reason: str, location: str, *,
             visible: bool = True, stamp_box: tuple[float, float, float, float] | None = None,
             page: int = -1) -> bytes:
    """Sign a PDF (PAdES, SHA-256) as the ward, as an incremental update; return the signed bytes.

    The visible stamp goes in `stamp_box` (PDF points) on `page`, by default the bottom-right corner of
    the last page; pass `visible=False` for PDFs whose layout has no free corner.
    """
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    field_name = f"ChuKySo-{secrets.token_hex(4)}"  # unique, so an already signed PDF can be signed again
    field_spec = None
    if visible:
        box = stamp_box or _default_stamp_box(writer, page)
        field_spec = fields.SigFieldSpec(field_name, on_page=page, box=box)
    else:
        field_spec = fields.SigFieldSpec(field_name)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256",
        reason=reason, location=location, name=signer_info.ward_name,
    )
    pdf_signer = signers.PdfSigner(
        meta, signer=signer_info.signer, stamp_style=_get_stamp_style(), new_field_spec=field_spec
    )
    now = now_utc().astimezone(VIETNAM_TZ)
    text_params = {"ward": signer_info.ward_name, "vn_time": now.strftime("%d/%m/%Y %H:%M (GMT+7)"),
                   "reason": reason}
    out = io.BytesIO()
    outside_event_loop(pdf_signer.sign_pdf, writer, output=out, appearance_text_params=text_params)
    return out.getvalue()


# ---------------------------------------------------------------- verification


def is_signed(pdf_bytes: bytes) -> bool:
    """True when the bytes are a readable PDF holding at least one signature."""
    try:
        return bool(PdfFileReader(io.BytesIO(pdf_bytes), strict=False).embedded_signatures)
    except Exception:  # garbage, truncated or encrypted input simply is not a signed PDF
        return False
