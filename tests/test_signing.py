"""PDF signing: key generation, PAdES signatures checked by pyHanko and by poppler's pdfsig, tampering."""

import datetime as dt
import io
import os
import re
import stat
import subprocess
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import get_context

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from fpdf import FPDF

from wardportal.dossiers.slips import FONT_DIR
from wardportal.kernel import signature_policy, signing

WARD_SLUG = "phuong-lam"
WARD_NAME = "UBND Phường Phương Lâm"


def make_pdf(pages: int = 1) -> bytes:
    """A small unsigned PDF with Vietnamese text."""
    pdf = FPDF()
    pdf.add_font("VN", "", str(FONT_DIR / "BeVietnamPro-Regular.ttf"))
    pdf.set_font("VN", size=12)
    for number in range(pages):
        pdf.add_page()
        pdf.cell(text=f"Giấy khai sinh — trang {number + 1}")
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def keys_instance(tmp_path_factory):
    """An instance folder whose install CA and ward key are generated once for the module."""
    return tmp_path_factory.mktemp("signing-instance")


@pytest.fixture(scope="module")
def ward_signer(keys_instance):
    """The generated signer of one ward."""
    signing.clear_signer_cache()
    return signing.load_ward_signer(keys_instance, WARD_SLUG, WARD_NAME, install_name="Phú Thọ")


@pytest.fixture(scope="module")
def signed_pdf(ward_signer):
    """A PDF signed by the ward."""
    return signing.sign_pdf(make_pdf(), ward_signer, reason="Xác nhận tiếp nhận hồ sơ", location="Phương Lâm")


def pdfsig(tmp_path, pdf_bytes: bytes) -> str:
    """Output of poppler's pdfsig on the bytes (certificate trust not checked: it has its own NSS store)."""
    path = tmp_path / "checked.pdf"
    path.write_bytes(pdf_bytes)
    run = subprocess.run(["pdfsig", "-nocert", str(path)], capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stderr
    return run.stdout


def byte_range(pdf_bytes: bytes) -> list[int]:
    """The /ByteRange of the (first) signature."""
    match = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf_bytes)
    return [int(n) for n in match.groups()]


def append_page(pdf_bytes: bytes) -> bytes:
    """Add a blank page as an incremental update, as a forger would after signing."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
    media_box = generic.ArrayObject([generic.NumberObject(n) for n in (0, 0, 595, 842)])
    writer.insert_page(generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Page"), pdf_name("/MediaBox"): media_box,
        pdf_name("/Resources"): generic.DictionaryObject(),
    }))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_generated_keys_are_private_and_describe_the_ward(keys_instance, ward_signer):
    """The CA and ward keys are 0600; the ward certificate names the ward and carries its slug."""
    keys = keys_instance / "keys"
    for key_file in (keys / "root-ca.key.pem", keys / "wards" / WARD_SLUG / "key.pem"):
        assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    cert, root = x509.load_pem_x509_certificates((keys / "wards" / WARD_SLUG / "cert.pem").read_bytes())
    subject = cert.subject
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == WARD_NAME
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == WARD_NAME
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)[0].value == WARD_SLUG
    assert cert.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Ward Portal root – Phú Thọ"
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_key_generation_is_idempotent_and_signers_are_cached(keys_instance, ward_signer):
    """Asking again neither rewrites the keys nor reloads them."""
    cert_path = keys_instance / "keys" / "wards" / WARD_SLUG / "cert.pem"
    before = cert_path.read_bytes()
    signing.ensure_ward_keys(keys_instance, WARD_SLUG, WARD_NAME)
    assert cert_path.read_bytes() == before
    assert signing.load_ward_signer(keys_instance, WARD_SLUG, WARD_NAME) is ward_signer


def _generate_in_child(instance_path: str) -> bytes:
    """Run key generation in a separate process and return the ward certificate it ended with."""
    _key, cert_path = signing.ensure_ward_keys(instance_path, "phuong-tho-son", "UBND Phường Thọ Sơn")
    return cert_path.read_bytes()


def test_two_processes_generating_at_once_agree_on_one_key(tmp_path):
    """Concurrent first use by two workers yields a single CA and ward certificate."""
    with ProcessPoolExecutor(max_workers=2, mp_context=get_context("fork")) as pool:
        results = list(pool.map(_generate_in_child, [str(tmp_path)] * 4))
    assert len(set(results)) == 1
    on_disk = (tmp_path / "keys" / "wards" / "phuong-tho-son" / "cert.pem").read_bytes()
    assert results[0] == on_disk
    assert not list((tmp_path / "keys").rglob(".tmp-*"))


def test_bad_slug_is_refused(keys_instance):
    """A slug cannot point outside the keys folder."""
    with pytest.raises(ValueError):
        signing.load_ward_signer(keys_instance, "../etc", "UBND")


def test_signature_validates_with_pyhanko(keys_instance, signed_pdf):
    """A fresh signature is valid, intact, trusted and attributed to the ward."""
    result = signature_policy.verify_pdf(signed_pdf, keys_instance)
    assert signing.is_signed(signed_pdf)
    assert result.signed and result.valid and result.intact and result.trusted
    assert not result.modified_after_signing
    assert result.signer_name == WARD_NAME
    assert result.ward_slug == WARD_SLUG
    assert abs(result.signed_at - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=5)
    assert result.problem is None


def test_signature_validates_with_pdfsig(tmp_path, signed_pdf):
    """Poppler, an independent verifier, finds a valid PAdES signature over the whole file."""
    report = pdfsig(tmp_path, signed_pdf)
    assert "Signature #1:" in report
    assert "Signature Validation: Signature is Valid." in report
    assert "  - Total document signed" in report
    assert "Signature Type: ETSI.CAdES.detached" in report
    assert "Signing Hash Algorithm: SHA-256" in report
    assert f"Signer Certificate Common Name: {WARD_NAME}" in report


def test_flipped_byte_in_signed_range_is_caught(tmp_path, keys_instance, signed_pdf):
    """One changed bit in the signed bytes breaks the signature for pyHanko and pdfsig."""
    start, length, _, _ = byte_range(signed_pdf)
    position = signed_pdf.index(b"stream", start + 100) + 40  # inside a content stream, still parseable
    assert position < start + length
    tampered = bytearray(signed_pdf)
    tampered[position] ^= 0x01
    result = signature_policy.verify_pdf(bytes(tampered), keys_instance)
    assert result.signed and not result.valid and not result.intact
    assert "thay đổi" in result.problem
    assert "Signature Validation: Digest Mismatch." in pdfsig(tmp_path, bytes(tampered))


def test_page_appended_after_signing_is_caught(tmp_path, keys_instance, signed_pdf):
    """An incremental update adding a page leaves the signature intact but the document modified."""
    extended = append_page(signed_pdf)
    result = signature_policy.verify_pdf(extended, keys_instance)
    assert result.signed and result.intact and not result.valid
    assert result.modified_after_signing
    report = pdfsig(tmp_path, extended)
    assert "Not total document signed" in report
    assert "  - Total document signed" not in report


def test_signature_by_another_install_is_untrusted(tmp_path, keys_instance):
    """A certificate from another install's CA (same ward name) is not one of this install's wards."""
    stranger = signing.load_ward_signer(tmp_path / "other", WARD_SLUG, WARD_NAME)
    forged = signing.sign_pdf(make_pdf(), stranger, reason="Giả mạo", location="Nơi khác")
    result = signature_policy.verify_pdf(forged, keys_instance)
    assert result.signed and result.intact and not result.trusted and not result.valid
    assert result.ward_slug is None
    assert "danh sách tin cậy" in result.problem
    # trusting that install's root explicitly makes it acceptable
    other_root = tmp_path / "other" / "keys" / "root-ca.pem"
    assert signature_policy.verify_pdf(forged, keys_instance, extra_trust_roots=[other_root]).valid


@pytest.mark.parametrize("data", [b"", b"not a pdf at all", b"%PDF-1.7\n%%EOF", make_pdf()])
def test_unsigned_or_garbage_input_is_not_valid(keys_instance, data):
    """Unsigned PDFs and garbage are reported as unsigned, never raising."""
    result = signature_policy.verify_pdf(data, keys_instance)
    assert not result.signed and not result.valid and result.problem
    assert not signing.is_signed(data)


def test_truncated_signed_pdf_is_not_valid(keys_instance, signed_pdf):
    """A signed PDF cut short is refused without an exception."""
    assert not signature_policy.verify_pdf(signed_pdf[: len(signed_pdf) // 2], keys_instance).valid


def test_second_signature_keeps_both_valid(keys_instance, ward_signer, signed_pdf):
    """Signing an already signed PDF again (invisible) is an allowed update."""
    twice = signing.sign_pdf(signed_pdf, ward_signer, reason="Trả kết quả", location="Phương Lâm",
                             visible=False)
    assert twice.startswith(signed_pdf)
    result = signature_policy.verify_pdf(twice, keys_instance)
    assert result.valid, result.problem


def _pkcs12_with_chain(passphrase: bytes) -> bytes:
    """A PKCS#12 of an RSA signing key issued by an outside CA, the CA included."""
    now = dt.datetime.now(dt.timezone.utc)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CA Chuyên dùng Chính phủ (thử)")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(1)
          .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "UBND Phường Vân Phú")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(2)
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                           critical=True)
            .sign(ca_key, hashes.SHA256()))
    return pkcs12.serialize_key_and_certificates(
        b"van-phu", key, leaf, [ca], serialization.BestAvailableEncryption(passphrase))


def test_configured_pkcs12_replaces_generated_key(tmp_path, keys_instance):
    """A ward's real PKCS#12 signs, and its signatures are recognised as that ward's."""
    p12 = tmp_path / "van-phu.p12"
    p12.write_bytes(_pkcs12_with_chain(b"mat-khau"))
    with pytest.raises(ValueError):
        signing.load_ward_signer(keys_instance, "van-phu", "UBND Phường Vân Phú", p12, "sai-mat-khau")
    signer = signing.load_ward_signer(keys_instance, "van-phu", "UBND Phường Vân Phú", p12, "mat-khau")
    signed = signing.sign_pdf(make_pdf(), signer, reason="Trả kết quả", location="Vân Phú")
    result = signature_policy.verify_pdf(signed, keys_instance)
    assert result.valid, result.problem
    assert result.ward_slug == "van-phu"
    assert result.signer_name == "UBND Phường Vân Phú"
    assert "Signature Validation: Signature is Valid." in pdfsig(tmp_path, signed)


def test_signing_and_verifying_work_inside_a_running_event_loop(tmp_path):
    """pyHanko's sync API calls asyncio.run; under a running loop (an async server) it must still work."""
    import asyncio

    signer = signing.load_ward_signer(tmp_path, "phuong-lam", "UBND Phường Phương Lâm")

    async def inside_loop():
        signed = signing.sign_pdf(make_pdf(), signer, "Tiếp nhận hồ sơ", "Phường Phương Lâm")
        return signature_policy.verify_pdf(signed, tmp_path)

    # A thread of its own: the test session itself may already have a loop running (Playwright).
    with ThreadPoolExecutor(max_workers=1) as pool:
        result = pool.submit(asyncio.run, inside_loop()).result()
    assert result.valid and result.ward_slug == "phuong-lam"
