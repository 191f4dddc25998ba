"""The one verification policy: revocation with timestamps, the published CRL, a trust-list change re-checking
stored verdicts, the applicant as the expected signer, and the per-file cache."""

import datetime as dt
import io
import time

import pytest
from cryptography import x509
from pyhanko.pdf_utils.reader import PdfFileReader

from wardportal.approvals import citizen_signatures, drafts, pdf_signatures
from wardportal.approvals.drafts import ApprovalError
from wardportal.dossiers import files as dossier_files, receipts
from wardportal.dossiers.status import DossierStatus
from wardportal.kernel import file_storage, revocation, signature_policy, signing, trust_list
from wardportal.kernel.extensions import db

from .approvals_support import issue, tsa  # noqa: F401  (fixture)
from .staff_factories import make_staff, settle, unexpiring_session  # noqa: F401
from .test_approval_signing import result_pdf
from .workflow_factories import client, make_dossier  # noqa: F401

BASE = "https://phuong.example.vn"


def _sealed(ward, tsa_url=None) -> bytes:
    """A result sealed by the ward's generated key, with an RFC 3161 timestamp when a TSA is given."""
    return pdf_signatures.seal_as_ward(result_pdf(), receipts.ward_signer(ward), None, tsa_url=tsa_url)


def test_ward_certificates_name_the_published_crl(app, make, client):
    """A generated seal certificate points at /pki/goc.crl under the public address; the route serves a CRL
    signed by the install root, public and cacheable."""
    app.config["PUBLIC_BASE_URL"] = BASE
    ward = make.ward(slug="phuong-crl")
    cert_path = file_storage.files_root() / "keys" / "wards" / ward.slug / "cert.pem"
    receipts.ward_signer(ward)
    cert = x509.load_pem_x509_certificates(cert_path.read_bytes())[0]
    points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert [name.value for point in points for name in point.full_name] == [f"{BASE}/pki/goc.crl"]
    settle()
    response = client.get("/pki/goc.crl")
    assert response.status_code == 200 and response.mimetype == "application/pkix-crl"
    assert "no-store" not in response.headers["Cache-Control"] and "max-age=3600" in response.headers["Cache-Control"]
    crl = x509.load_der_x509_crl(response.data)
    root = x509.load_pem_x509_certificate((file_storage.files_root() / "keys" / "root-ca.pem").read_bytes())
    assert crl.is_signature_valid(root.public_key()) and crl.issuer == root.subject
    assert len(crl) == 0


def test_compromised_key_revoked_later_signatures_fail_earlier_timestamped_ones_pass(app, make, runner, tsa):
    """rotate-ward-key --compromised --since T: a seal timestamped before T still verifies; one timestamped
    after T, or one without a timestamp (its time is only the signer's word), does not."""
    app.config.update(PUBLIC_BASE_URL=BASE, SIGNATURE_TRUST_ROOTS=[tsa.root.cert_pem])
    ward = make.ward(slug="phuong-lo-khoa")
    before_stamped, before_plain = _sealed(ward, tsa.url), _sealed(ward)
    context = signature_policy.current_context()
    assert signature_policy.verify(before_stamped, context).valid and signature_policy.verify(before_plain, context).valid
    time.sleep(1.2)
    compromise = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(seconds=1)
    time.sleep(2.2)
    after_stamped = _sealed(ward, tsa.url)
    since = compromise.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%Y-%m-%d %H:%M:%S")
    settle()
    refused = runner.invoke(args=["rotate-ward-key", "--ward", ward.slug, "--since", since[:16]])
    assert refused.exit_code != 0 and "--since needs --compromised" in refused.output
    # the CLI takes minutes; the test revokes at the second it recorded, through the same operations
    result = runner.invoke(args=["rotate-ward-key", "--ward", ward.slug, "--compromised"])
    assert result.exit_code == 0, result.output
    retired = sorted((file_storage.files_root() / "keys" / "wards" / ward.slug / "retired").glob("*-cert.pem"))
    old = x509.load_pem_x509_certificates(retired[-1].read_bytes())[0]
    revocation.revoke(file_storage.files_root(), old, since=compromise, passphrase=None)
    signing.clear_signer_cache()
    context = signature_policy.current_context()
    assert signature_policy.verify(before_stamped, context).valid
    for document in (before_plain, after_stamped):
        verdict = signature_policy.verify(document, context)
        assert not verdict.valid and "thu hồi" in verdict.problem
    crl = x509.load_der_x509_crl(revocation.stored_crls(file_storage.files_root())[0])
    entry = crl.get_revoked_certificate_by_serial_number(old.serial_number)
    assert entry is not None and entry.revocation_date_utc == compromise
    # the new key signs valid seals again
    assert signature_policy.verify(_sealed(ward), signature_policy.current_context()).valid


def test_rotate_refuses_a_future_or_malformed_since(app, make, runner):
    ward = make.ward(slug="phuong-ngay")
    settle()
    for since in ("2999-01-01 00:00", "hôm qua"):
        result = runner.invoke(args=["rotate-ward-key", "--ward", ward.slug, "--compromised", "--since", since])
        assert result.exit_code != 0


@pytest.fixture
def declaration(make):
    """A dossier in processing whose procedure requires the applicant's signed declaration (document 0)."""
    ward = make.ward(slug="phuong-to-khai")
    procedure = make.procedure(ward, code="1.000656")
    dossier = make_dossier(ward, procedure, status=int(DossierStatus.PROCESSING))
    citizen_signatures.set_required_signed_forms(procedure, [0])
    db.session.commit()
    return ward, dossier


def _store_signed(dossier, signer_name, ca, subject_id=None):
    person = issue(signer_name, ca)
    signed = pdf_signatures.sign_as_leader(result_pdf("Tờ khai"), pdf_signatures.FileKey(person.p12(b"x"), b"x"),
                                           pdf_signatures.LeaderAppearance("", signer_name), ward_name="")
    stored = dossier_files.store_bytes(dossier, signed, original_name="to-khai.pdf", content_type="application/pdf",
                                       kind="attachment", document_index=0)
    db.session.commit()
    return stored


def test_trust_list_change_redoes_a_stored_verdict(app, declaration):
    """Stored while its CA was unknown: "untrusted"; once an administrator adds the CA, the dossier shows the
    declaration intact and signed by the applicant, without anyone uploading it again."""
    _ward, dossier = declaration
    citizens_ca = issue("CA công dân mới")
    stored = _store_signed(dossier, dossier.applicant_name, citizens_ca)
    assert citizen_signatures.checks_for_file(stored.id).state == "untrusted"
    assert citizen_signatures.missing_signed_forms(dossier)
    trust_list.add_root(file_storage.files_root(), citizens_ca.cert_pem, dt.datetime.now(dt.timezone.utc))
    checks = citizen_signatures.checks_for(dossier)
    assert (checks[stored.id].state, checks[stored.id].by_applicant) == ("intact", True)
    assert citizen_signatures.missing_signed_forms(dossier) == []
    db.session.expire_all()
    row = citizen_signatures.checks_for_file(stored.id)
    assert row.state == "intact" and row.trust_digest == signature_policy.current_context().digest


def test_a_declaration_signed_by_someone_else_is_not_the_applicants(app, declaration, make):
    """A valid, trusted signature of another person does not stand for the applicant's."""
    ward, dossier = declaration
    citizens_ca = issue("CA công dân")
    app.config["SIGNATURE_TRUST_ROOTS"] = [citizens_ca.cert_pem]
    stored = _store_signed(dossier, "Người Khác Hẳn", citizens_ca)
    check = citizen_signatures.checks_for_file(stored.id)
    assert (check.state, check.by_applicant) == ("intact", False)
    officer = make_staff(ward, "officer")
    with pytest.raises(ApprovalError, match="chữ ký số hợp lệ"):
        drafts.send_draft(dossier, drafts.Actor(officer), pdf=result_pdf(), filename="du-thao.pdf")


def test_verdicts_are_cached_by_content_and_trust_digest(app, make, monkeypatch):
    """A document viewed again is not validated again; a trust-list change validates it anew."""
    ward = make.ward(slug="phuong-bo-nho")
    sealed = _sealed(ward)
    settle()
    calls = []
    original = signature_policy._verify_uncached
    monkeypatch.setattr(signature_policy, "_verify_uncached", lambda *a: calls.append(1) or original(*a))
    signature_policy.clear_cache()
    for _ in range(3):
        assert signature_policy.verify(sealed, signature_policy.current_context()).valid
    assert len(calls) == 1
    trust_list.add_root(file_storage.files_root(), issue("CA bổ sung").cert_pem, dt.datetime.now(dt.timezone.utc))
    assert signature_policy.verify(sealed, signature_policy.current_context()).valid
    assert len(calls) == 2
    assert len(PdfFileReader(io.BytesIO(sealed)).embedded_signatures) == 1


def test_trust_misconfiguration_is_named_in_one_line_at_start(tmp_path, caplog):
    """A missing file, a non-certificate and a leaf certificate in SIGNATURE_TRUST_ROOTS: one line each."""
    from wardportal import create_app

    garbage, leaf = tmp_path / "rac.pem", tmp_path / "la.pem"
    garbage.write_bytes(b"not a certificate")
    leaf.write_bytes(issue("Một người", issue("CA nào đó")).cert_pem)
    settings = {"SECRET_KEY": "k" * 40, "FILES_PATH": str(tmp_path / "files"),
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite'}",
                "SIGNATURE_TRUST_ROOTS": [str(tmp_path / "khong-co.pem"), str(garbage), str(leaf)]}
    with caplog.at_level("WARNING"):
        create_app(settings)
    lines = [r.getMessage() for r in caplog.records if "SIGNATURE_TRUST_ROOTS" in r.getMessage()]
    assert lines == [f"SIGNATURE_TRUST_ROOTS: cannot read {tmp_path / 'khong-co.pem'} (No such file or directory)",
                     f"SIGNATURE_TRUST_ROOTS: {garbage} is not a PEM or DER certificate",
                     f"SIGNATURE_TRUST_ROOTS: {leaf} holds a certificate that is not a CA's"]
    assert any("PUBLIC_BASE_URL is not set" in r.getMessage() for r in caplog.records)


def test_a_result_in_a_ward_with_enrolled_leaders_needs_one_of_their_signatures(app, make):
    """The ward's seal alone, or a seal over a trusted but unenrolled person's signature, does not make the
    result of a ward whose leaders enrolled certificates; a seal over an enrolled leader's signature does."""
    from wardportal.dossiers import workflow

    from .approvals_support import enrol_confirmed

    ward = make.ward(slug="phuong-co-lanh-dao")
    leader = make_staff(ward, "leader", full_name="Nguyễn Văn Minh")
    ca = issue("CA lãnh đạo")
    trust_list.add_root(file_storage.files_root(), ca.cert_pem, dt.datetime.now(dt.timezone.utc))
    enrolled, stranger = issue("Nguyễn Văn Minh", ca), issue("Người Ngoài", ca)
    enrol_confirmed(leader, ward, enrolled)
    db.session.commit()

    def signed_by(person):
        first = pdf_signatures.sign_as_leader(result_pdf(), pdf_signatures.FileKey(person.p12(b"x"), b"x"),
                                              pdf_signatures.LeaderAppearance("CHỦ TỊCH", "x"), ward_name=ward.name)
        return pdf_signatures.seal_as_ward(first, receipts.ward_signer(ward), None)

    for refused in (_sealed(ward), signed_by(stranger)):
        dossier = make_dossier(ward, status=int(DossierStatus.PROCESSING))
        with pytest.raises(workflow.WorkflowError, match="lãnh đạo đã đăng ký"):
            workflow.mark_ready(dossier, leader, result_pdf=refused)
        db.session.rollback()
    dossier = make_dossier(ward, status=int(DossierStatus.PROCESSING))
    assert workflow.mark_ready(dossier, leader, result_pdf=signed_by(enrolled)).details["signed_by_ward"] is False
