"""Leader's signature on a SoftHSM2 token, then the ward's seal: two valid signatures for pyHanko and pdfsig,
timestamps from a real RFC 3161 TSA, tamper detection, and citizens' signed uploads."""

import io

import pytest
from fpdf import FPDF

from wardportal.approvals import pdf_signatures as sigs
from wardportal.kernel import signature_policy, signing

from .approvals_support import (EC_KEY_LABEL, EC_LEADER_NAME, KEY_LABEL, LEADER_NAME, SOFTHSM_MODULE,  # noqa: F401
                                TOKEN_LABEL, TOKEN_PIN, issue, pdfsig, png, softhsm, tsa)

WARD = "Phường Phương Lâm"


def result_pdf(text="Giấy xác nhận tình trạng hôn nhân") -> bytes:
    """A one-page A4 result with Vietnamese text."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("VN", "", str(signing.STAMP_FONT))
    pdf.set_font("VN", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def token_key(pin=TOKEN_PIN, token=TOKEN_LABEL):
    return sigs.TokenKey(SOFTHSM_MODULE, token, KEY_LABEL, pin)


def appearance():
    return sigs.LeaderAppearance("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", LEADER_NAME, png())


def doubly_signed(instance_path, tsa_url=None) -> bytes:
    """Leader on the token, then the ward's seal."""
    ward = signing.load_ward_signer(instance_path, "phuong-lam", WARD)
    first = sigs.sign_as_leader(result_pdf(), token_key(), appearance(), ward_name=WARD, tsa_url=tsa_url)
    return sigs.seal_as_ward(first, ward, png((200, 20, 20, 255), (150, 150), circle=True), tsa_url=tsa_url)


def test_leader_signs_with_the_key_on_the_softhsm_token(softhsm, tmp_path):
    """The signature is made by the token's key: the embedded certificate is the one on the token."""
    signed = sigs.sign_as_leader(result_pdf(), token_key(), appearance(), ward_name=WARD)
    result = signature_policy.verify_pdf(signed, tmp_path, extra_trust_roots=[softhsm.ca.cert_pem])
    assert result.valid and result.intact and result.trusted, result.problem
    assert result.signer_name == LEADER_NAME
    assert [s.role for s in result.signatures] == ["personal"]
    assert "PHÓ CHỦ TỊCH phê duyệt" in result.signatures[0].reason


def test_ec_key_on_the_token_signs_through_the_raw_mechanism(softhsm, tmp_path):
    """SoftHSM has no ECDSA-with-SHA256 mechanism: the signer falls back to hashing here, raw ECDSA there."""
    key = sigs.TokenKey(SOFTHSM_MODULE, TOKEN_LABEL, EC_KEY_LABEL, TOKEN_PIN)
    signed = sigs.sign_as_leader(result_pdf(), key, appearance(), ward_name=WARD)
    result = signature_policy.verify_pdf(signed, tmp_path, extra_trust_roots=[softhsm.ca.cert_pem])
    assert result.valid and result.signer_name == EC_LEADER_NAME, result.problem
    path = tmp_path / "ec.pdf"
    path.write_bytes(signed)
    assert "Signature is Valid." in pdfsig(path)


def test_wrong_pin_and_unknown_token_are_refused_clearly(softhsm):
    with pytest.raises(sigs.SigningRefused, match="pin"):
        sigs.sign_as_leader(result_pdf(), token_key(pin="000000"), appearance(), ward_name=WARD)
    with pytest.raises(sigs.SigningRefused, match="token"):
        sigs.sign_as_leader(result_pdf(), token_key(token="khong-co"), appearance(), ward_name=WARD)


def test_two_signatures_valid_for_pyhanko_and_pdfsig(softhsm, tmp_path):
    """Personal signature first, the seal in an incremental update: both valid, named, in their roles."""
    signed = doubly_signed(tmp_path / "instance")
    result = signature_policy.verify_pdf(signed, tmp_path / "instance", extra_trust_roots=[softhsm.ca.cert_pem])
    assert result.valid, result.problem
    assert [(s.signer_name, s.role, s.ok) for s in result.signatures] == [
        (LEADER_NAME, "personal", True), (WARD, "seal", True)]
    assert result.ward_slug == "phuong-lam"
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    report = pdfsig(path)
    assert "Signature #1:" in report and "Signature #2:" in report and "Signature #3:" not in report
    assert report.count("Signature Validation: Signature is Valid.") == 2
    assert "Not total document signed" in report and "Total document signed" in report
    assert LEADER_NAME in report


def test_timestamps_from_a_real_tsa_on_loopback(softhsm, tsa, tmp_path):
    """With a TSA configured each signature carries a trusted RFC 3161 timestamp."""
    signed = doubly_signed(tmp_path / "instance", tsa_url=tsa.url)
    result = signature_policy.verify_pdf(signed, tmp_path / "instance",
                                extra_trust_roots=[softhsm.ca.cert_pem, tsa.root.cert_pem])
    assert result.valid, result.problem
    assert all(s.timestamp_at is not None and s.timestamp_trusted for s in result.signatures)
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    assert pdfsig(path).count("Signature is Valid.") == 2


def test_flipped_byte_breaks_both_signatures(softhsm, tmp_path):
    signed = bytearray(doubly_signed(tmp_path / "instance"))
    at = signed.index(b"stream", 200) + 40  # inside the first page's content stream
    signed[at] ^= 0x01
    result = signature_policy.verify_pdf(bytes(signed), tmp_path / "instance", extra_trust_roots=[softhsm.ca.cert_pem])
    assert not result.valid and not result.intact
    path = tmp_path / "tampered.pdf"
    path.write_bytes(bytes(signed))
    report = pdfsig(path)
    assert "Signature is Valid." not in report and "Digest Mismatch" in report


def test_page_added_after_the_seal_is_detected(softhsm, tmp_path):
    """An incremental update after both signatures (new content) is a modification, not a valid document."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils import generic

    signed = doubly_signed(tmp_path / "instance")
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = writer.find_page_for_modification(0)[0]
    stream = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 24 Tf 50 50 Td (SUA) Tj ET"))
    page_obj = page.get_object()
    page_obj[generic.pdf_name("/Contents")] = stream
    writer.update_container(page_obj)
    out = io.BytesIO()
    writer.write(out)
    result = signature_policy.verify_pdf(out.getvalue(), tmp_path / "instance", extra_trust_roots=[softhsm.ca.cert_pem])
    assert not result.valid and result.modified_after_signing


def test_pkcs12_given_for_one_signature(tmp_path):
    ca = issue("Test CA 2")
    leader = issue("Lê Thị Hạnh", ca)
    signed = sigs.sign_as_leader(result_pdf(), sigs.FileKey(leader.p12(b"mat-khau"), b"mat-khau"),
                                 sigs.LeaderAppearance("CHỦ TỊCH", "Lê Thị Hạnh", None), ward_name=WARD)
    result = signature_policy.verify_pdf(signed, tmp_path, extra_trust_roots=[ca.cert_pem])
    assert result.valid and result.signer_name == "Lê Thị Hạnh"
    with pytest.raises(sigs.SigningRefused):
        sigs.sign_as_leader(result_pdf(), sigs.FileKey(leader.p12(b"mat-khau"), b"sai"),
                            sigs.LeaderAppearance("CHỦ TỊCH", "Lê Thị Hạnh"), ward_name=WARD)
    with pytest.raises(sigs.SigningRefused):
        sigs.sign_as_leader(result_pdf(), sigs.FileKey(b"not a p12", b""),
                            sigs.LeaderAppearance("CHỦ TỊCH", "Lê Thị Hạnh"), ward_name=WARD)


def citizen_signed(ca, name="Trần Thị Mai"):
    person = issue(name, ca)
    return sigs.sign_as_leader(result_pdf("Tờ khai"), sigs.FileKey(person.p12(b"x"), b"x"),
                               sigs.LeaderAppearance("", name), ward_name="")


def test_citizen_signed_upload_valid_modified_untrusted(tmp_path):
    """The officers' badge is the kernel policy's verdict: bytes appended after the signed revision are
    "modified" here as on the public verifier, and a trusted signer is the applicant only by ID or name."""
    citizens_ca = issue("CA công dân (thử nghiệm)")
    signed = citizen_signed(citizens_ca)
    trusted = signature_policy.trust_context(tmp_path, [citizens_ca.cert_pem])
    verdict = sigs.check_upload(signed, trusted, ("", "TRẦN THỊ  MAI"))
    assert verdict == sigs.UploadSignature("intact", "Trần Thị Mai", "CA công dân (thử nghiệm)", verdict.signed_at,
                                           by_applicant=True)
    assert not sigs.check_upload(signed, trusted, ("", "Nguyễn Văn Khác")).by_applicant
    tampered = bytearray(signed)
    tampered[tampered.index(b"stream", 200) + 30] ^= 0x01
    assert sigs.check_upload(bytes(tampered), trusted).state == "modified"
    appended = signed + b"\n%% a second page could follow here\n"
    assert sigs.check_upload(appended, trusted).state == "modified"
    assert not signature_policy.verify(appended, trusted).valid
    other_ca = issue("CA lạ")
    assert sigs.check_upload(citizen_signed(other_ca), trusted).state == "untrusted"
    assert sigs.check_upload(signed, signature_policy.trust_context(tmp_path / "empty")).state == "untrusted"
    assert sigs.check_upload(result_pdf(), trusted).state == "unsigned"
    assert sigs.check_upload(b"rubbish", trusted).state == "unsigned"


def test_signature_images_must_be_transparent_pngs():
    assert sigs.clean_png(png()).startswith(b"\x89PNG")
    opaque = io.BytesIO()
    from PIL import Image
    Image.new("RGB", (50, 20), (255, 255, 255)).save(opaque, format="PNG")
    for bad in (opaque.getvalue(), b"GIF89a", b""):
        with pytest.raises(ValueError):
            sigs.clean_png(bad)
