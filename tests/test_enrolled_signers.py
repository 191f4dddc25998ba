"""Issue 25, enrolled signers and trust roots: a leader signs only with a certificate they enrolled and a ward
admin confirmed, which chains to the install's trust list now; the province keeps that list and is told when
results would not verify; the demo leader's certificate chains to the install's own root.

Attacks: a self-made PKCS#12 from an untrusted CA ("Nguyễn Văn Giả"), a certificate enrolled but not
confirmed, another leader's certificate, a leader's certificate enrolled in another ward, the token's
certificate before its CA is trusted — each refused before anything is stored, the form kept with the reason.
"""

import datetime as dt
import io
from datetime import date, datetime, timezone

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.pdf_utils.reader import PdfFileReader
from sqlalchemy import select

from wardportal.approvals import drafts, enrolment, pdf_signatures
from wardportal.approvals.drafts import Actor, ApprovalError
from wardportal.approvals.enrolment import SignerRefused
from wardportal.approvals.models import ResultDraft, SigningCertificate
from wardportal.demo.leader import ensure_demo_leader
from wardportal.dossiers import workflow
from wardportal.dossiers.models import Dossier
from wardportal.dossiers.status import DossierStatus
from wardportal.kernel import file_storage, signature_policy, trust_list
from wardportal.kernel.extensions import db
from wardportal.publications.models import Publication
from wardportal.staff.models import AuditEntry, WardMembership

from .approvals_support import (KEY_LABEL, LEADER_NAME, SOFTHSM_MODULE, TOKEN_LABEL, TOKEN_PIN, Issued,
                                enrol_confirmed, issue, pdfsig, softhsm)  # noqa: F401  (fixture)
from .publication_support import document
from .staff_factories import login, make_staff, settle, unexpiring_session  # noqa: F401  (autouse fixture)
from .test_approval_signing import result_pdf
from .workflow_factories import client, make_dossier  # noqa: F401  (fixture)

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=timezone.utc)
ACCOUNT_NAME = "Anh Minh"  # the leader's account name: never printed as the signer's name


@pytest.fixture
def world(make):
    """Ward A (officer, admin, leader, a dossier with a pending draft), ward B with its own leader; one
    trusted CA for leaders' certificates."""
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    other = make.ward(slug="xa-tan-lap", name="Xã Tân Lập")
    officer = make_staff(ward, "officer", full_name="Lê Thị Hoa")
    admin = make_staff(ward, "admin", full_name="Quản Trị Viên")
    leader = make_staff(ward, "leader", full_name=ACCOUNT_NAME)
    other_leader = make_staff(other, "leader", full_name="Phạm Văn Đức")
    dossier = make_dossier(ward, status=int(DossierStatus.PROCESSING), received_at=NOW, due_date=date(2026, 11, 27))
    ca = issue("CA chứng thực công cộng thử nghiệm")
    trust_list.add_root(file_storage.files_root(), ca.cert_pem, datetime.now(timezone.utc))
    draft = drafts.send_draft(dossier, Actor(officer), pdf=result_pdf(), filename="du-thao.pdf", now=NOW)
    return type("World", (), dict(ward=ward, other=other, officer=officer, admin=admin, leader=leader,
                                  other_leader=other_leader, dossier=dossier, ca=ca, draft=draft))


def file_key(person: Issued) -> pdf_signatures.FileKey:
    return pdf_signatures.FileKey(person.p12(b"mk"), b"mk")


def approve(w, key, user=None):
    return drafts.approve_draft(w.draft, Actor(user or w.leader), expected_sha256=w.draft.sha256, key=key, now=NOW)


def checked(page: str, name: str) -> str:
    """The value of the radio button ``name`` the page shows chosen."""
    import re
    return re.search(rf'<input checked[^>]*name="{name}"[^>]*value="([^"]+)"', page).group(1)


def nothing_stored(w):
    """The draft still waits and the dossier has no result."""
    db.session.rollback()
    assert db.session.get(ResultDraft, w.draft.id).status == "pending"
    dossier = db.session.get(Dossier, w.dossier.id)
    assert dossier.status == DossierStatus.PROCESSING and workflow.result_file(dossier) is None


# ---------------------------------------------------------------- the rule, through the domain functions


def test_a_self_made_certificate_is_refused_at_enrolment_and_at_signing(world):
    w = world
    fake_ca = issue("Ward Portal root – giả")  # copies the install root's name, not its key
    fake = issue("Nguyễn Văn Giả", fake_ca)
    with pytest.raises(ApprovalError, match="danh sách tin cậy"):
        enrolment.enrol(w.leader, w.ward, fake.cert.public_bytes(serialization.Encoding.DER))
    db.session.rollback()
    assert db.session.scalar(select(SigningCertificate.id)) is None
    with pytest.raises(SignerRefused, match="chưa được đăng ký"):
        approve(w, file_key(fake))
    nothing_stored(w)


def test_an_enrolled_certificate_signs_only_once_confirmed_and_shows_its_own_name(world, app):
    w = world
    person = issue(LEADER_NAME, w.ca)
    enrolled = enrolment.enrol(w.leader, w.ward, person.cert.public_bytes(serialization.Encoding.DER))
    assert enrolled.state == "pending" and enrolled.common_name == LEADER_NAME
    with pytest.raises(SignerRefused, match="chờ quản trị"):
        approve(w, file_key(person))
    nothing_stored(w)
    with pytest.raises(ApprovalError):  # a leader cannot confirm their own certificate
        enrolment.confirm(db.session.get(SigningCertificate, enrolled.id), w.leader)
    db.session.rollback()
    enrolment.confirm(db.session.get(SigningCertificate, enrolled.id), w.admin)
    fingerprint, appearance = drafts.enrolled_signature(w.leader, w.ward, file_key(person))
    assert appearance.name == LEADER_NAME and fingerprint == enrolled.fingerprint
    approve(w, file_key(person))
    result = workflow.result_file(db.session.get(Dossier, w.dossier.id))
    data = file_storage.read(file_storage.current_uploads(), result.stored_name)
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    assert signature.sig_object["/Name"] == LEADER_NAME != ACCOUNT_NAME  # the certificate's name, not the account's
    verdict = signature_policy.verify_pdf(data, file_storage.files_root())
    assert verdict.valid, verdict.problem
    assert [s.signer_name for s in verdict.signatures] == [LEADER_NAME, "Phường Phương Lâm"]


def test_another_leaders_or_another_wards_certificate_is_refused(world):
    w = world
    theirs = issue("Phạm Văn Đức", w.ca)
    enrol_confirmed(w.other_leader, w.other, theirs)
    with pytest.raises(SignerRefused, match="chưa được đăng ký"):  # ward B's leader's certificate, in ward A
        approve(w, file_key(theirs))
    nothing_stored(w)
    with pytest.raises(ApprovalError, match="cán bộ khác"):  # and it cannot be enrolled by someone else
        enrolment.enrol(w.leader, w.ward, theirs.cert.public_bytes(serialization.Encoding.DER))
    db.session.rollback()
    # the same leader, enrolled in ward B only, cannot sign in ward A with it
    mine = issue(LEADER_NAME, w.ca)
    db.session.add(WardMembership(staff_id=w.leader.id, ward_id=w.other.id, role="leader"))
    db.session.commit()
    enrol_confirmed(w.leader, w.other, mine)
    with pytest.raises(SignerRefused, match="chưa được đăng ký"):
        approve(w, file_key(mine))
    nothing_stored(w)


def test_a_withdrawn_refused_or_no_longer_trusted_certificate_stops_signing(world):
    w = world
    person = issue(LEADER_NAME, w.ca)
    enrolled = enrol_confirmed(w.leader, w.ward, person, admin=w.admin)
    trust_list.remove_root(file_storage.files_root(), signature_policy.fingerprint(w.ca.cert))
    with pytest.raises(SignerRefused, match="danh sách tin cậy"):  # confirmed, but its CA left the list
        approve(w, file_key(person))
    nothing_stored(w)
    trust_list.add_root(file_storage.files_root(), w.ca.cert_pem, datetime.now(timezone.utc))
    enrolment.refuse(db.session.get(SigningCertificate, enrolled.id), w.admin, reason="Không phải của ông Minh")
    with pytest.raises(SignerRefused, match="từ chối"):
        approve(w, file_key(person))
    nothing_stored(w)


def test_a_certificate_without_a_name_or_a_garbage_file_is_refused(world):
    w = world
    with pytest.raises(ApprovalError, match="không phải là chứng thư"):
        enrolment.certificate_from_file(b"not a certificate at all", "")
    person = issue(LEADER_NAME, w.ca)
    with pytest.raises(ApprovalError, match="không phải là chứng thư"):  # a .p12 with the wrong passphrase
        enrolment.certificate_from_file(person.p12(b"mk"), "sai")
    der = enrolment.certificate_from_file(person.p12(b"mk"), "mk")  # only the certificate comes out
    assert der == person.cert.public_bytes(serialization.Encoding.DER)
    assert enrolment.certificate_from_file(person.cert_pem, "") == der


# ---------------------------------------------------------------- the pages


def test_leader_enrols_a_pkcs12_on_the_profile_page_and_the_admin_confirms_it(world, client):
    w = world
    person = issue(LEADER_NAME, w.ca)
    stranger = issue("Nguyễn Văn Giả", issue("CA lạ"))
    settle()
    login(client, w.leader.email)
    assert "Đăng ký chứng thư số" in client.get("/phuong-lam/can-bo/chu-ky-so").get_data(as_text=True)
    refused = client.post("/phuong-lam/can-bo/chu-ky-so/chung-thu", content_type="multipart/form-data", data={
        "source": "file", "passphrase": "mk", "certificate": (io.BytesIO(stranger.p12(b"mk")), "gia.p12")})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "danh sách tin cậy" in page and checked(page, "source") == "file"
    assert "mk" not in page.split('name="passphrase"')[1][:80]  # the passphrase is never sent back
    done = client.post("/phuong-lam/can-bo/chu-ky-so/chung-thu", content_type="multipart/form-data", data={
        "source": "file", "passphrase": "mk", "certificate": (io.BytesIO(person.p12(b"mk")), "ky.p12")})
    assert done.status_code == 302
    stored = db.session.scalar(select(SigningCertificate))
    assert stored.certificate_der == person.cert.public_bytes(serialization.Encoding.DER)  # no key, no p12
    assert "Chờ quản trị xác nhận" in client.get("/phuong-lam/can-bo/chu-ky-so").get_data(as_text=True)
    assert client.get("/phuong-lam/can-bo/chung-thu-lanh-dao").status_code == 404  # admins' page only
    client.post("/can-bo/dang-xuat")
    login(client, w.admin.email)
    listing = client.get("/phuong-lam/can-bo/chung-thu-lanh-dao").get_data(as_text=True)
    assert LEADER_NAME in listing and "khác họ tên của tài khoản" in listing and stored.fingerprint in listing
    assert client.get("/xa-tan-lap/can-bo/chung-thu-lanh-dao").status_code == 404
    assert client.post(f"/phuong-lam/can-bo/chung-thu-lanh-dao/{stored.id}/xac-nhan").status_code == 302
    db.session.expire_all()
    assert db.session.get(SigningCertificate, stored.id).state == "confirmed"
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"approval.certificate_enrolled", "approval.certificate_confirmed"} <= actions


def test_leader_enrols_from_the_token_and_signs_with_it(world, app, client, softhsm):  # noqa: F811
    """Reading the token's certificate needs no PIN; it is refused until its CA is trusted."""
    w = world
    app.config.update(PKCS11_MODULE_PATH=SOFTHSM_MODULE)
    drafts.save_profile(w.leader, w.ward, title="CHỦ TỊCH", token_label=TOKEN_LABEL, key_label=KEY_LABEL,
                        signature_png=None)
    settle()
    login(client, w.leader.email)
    untrusted = client.post("/phuong-lam/can-bo/chu-ky-so/chung-thu", data={"source": "token"})
    assert untrusted.status_code == 400 and "danh sách tin cậy" in untrusted.get_data(as_text=True)
    app.config.update(SIGNATURE_TRUST_ROOTS=[softhsm.ca.cert_pem])
    assert client.post("/phuong-lam/can-bo/chu-ky-so/chung-thu", data={"source": "token"}).status_code == 302
    stored = db.session.scalar(select(SigningCertificate))
    assert stored.fingerprint == signature_policy.fingerprint(softhsm.leader.cert)
    url = f"/phuong-lam/can-bo/phe-duyet/{w.draft.id}/ky"
    pending = client.post(url, data={"method": "token", "pin": TOKEN_PIN, "sha256": w.draft.sha256})
    assert pending.status_code == 400 and "chờ quản trị" in pending.get_data(as_text=True)
    nothing_stored(w)
    enrolment.confirm(db.session.get(SigningCertificate, stored.id), w.admin)
    settle()
    assert client.post(url, data={"method": "token", "pin": TOKEN_PIN, "sha256": w.draft.sha256}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Dossier, w.dossier.id).status == DossierStatus.READY


def test_an_unenrolled_token_is_refused_at_signing_keeping_the_form(world, app, client, softhsm):  # noqa: F811
    w = world
    app.config.update(PKCS11_MODULE_PATH=SOFTHSM_MODULE, SIGNATURE_TRUST_ROOTS=[softhsm.ca.cert_pem])
    drafts.save_profile(w.leader, w.ward, title="CHỦ TỊCH", token_label=TOKEN_LABEL, key_label=KEY_LABEL,
                        signature_png=None)
    settle()
    login(client, w.leader.email)
    refused = client.post(f"/phuong-lam/can-bo/phe-duyet/{w.draft.id}/ky",
                          data={"method": "token", "pin": TOKEN_PIN, "sha256": w.draft.sha256})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "chưa được đăng ký cho bạn" in page and LEADER_NAME in page
    assert checked(page, "method") == "token" and TOKEN_PIN not in page
    nothing_stored(w)


def test_publication_signing_refuses_an_unenrolled_pkcs12_before_storing(world, client):
    w = world
    editor = make_staff(w.ward, "editor")
    pub = document(w.ward, editor)
    pub_id, sha, before = pub.id, pub.pdf_sha256, pub.pdf_name
    fake = issue("Nguyễn Văn Giả", w.ca)  # even from a trusted CA: not enrolled
    settle()
    login(client, w.leader.email)
    refused = client.post(f"/phuong-lam/can-bo/phe-duyet/van-ban/{pub_id}/ky", content_type="multipart/form-data",
                          data={"method": "pkcs12", "sha256": sha, "passphrase": "mk",
                                "pkcs12": (io.BytesIO(fake.p12(b"mk")), "gia.p12")})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "chưa được đăng ký cho bạn" in page and checked(page, "method") == "pkcs12"
    db.session.expire_all()
    pub = db.session.get(Publication, pub_id)
    assert pub.status == "awaiting_signature" and pub.pdf_name == before and not pub.sealed_by_ward


# ---------------------------------------------------------------- the trust-list page


def expired_ca() -> bytes:
    """A CA certificate whose validity ended yesterday (PEM)."""
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CA đã hết hạn")])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(7).not_valid_before(now - dt.timedelta(days=400)).not_valid_after(now - dt.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM)


def test_trust_page_adds_and_removes_roots_and_warns_when_results_would_not_verify(world, app, client, tmp_path):
    w = world
    province = make_staff(None, None, province_admin=True, full_name="Quản trị tỉnh")
    person = issue(LEADER_NAME, w.ca)
    enrol_confirmed(w.leader, w.ward, person, admin=w.admin)
    ca_fp = signature_policy.fingerprint(w.ca.cert)
    trust_list.remove_root(file_storage.files_root(), ca_fp)  # the leader's CA leaves the list
    old = tmp_path / "het-han.pem"
    old.write_bytes(expired_ca())
    app.config["SIGNATURE_TRUST_ROOTS"] = [str(old)]
    settle()
    login(client, w.leader.email)
    assert client.get("/can-bo/tinh/goc-tin-cay").status_code == 404  # province administrators only
    client.post("/can-bo/dang-xuat")
    login(client, province.email)
    page = client.get("/can-bo/tinh/goc-tin-cay").get_data(as_text=True)
    warnings = page[page.index('id="canh-bao"'):page.index("</ul>", page.index('id="canh-bao"'))]
    assert f"Chứng thư số của {ACCOUNT_NAME} (Phường Phương Lâm) không còn ký được" in warnings
    assert "danh sách tin cậy" in warnings
    assert "Gốc tin cậy “Common Name: CA đã hết hạn” đã hết hạn" in warnings
    assert "Cấu hình SIGNATURE_TRUST_ROOTS" in page
    # with no setting and no added root, the missing national roots are named too
    app.config["SIGNATURE_TRUST_ROOTS"] = []
    page = client.get("/can-bo/tinh/goc-tin-cay").get_data(as_text=True)
    assert "Chưa có gốc tin cậy nào ngoài gốc của cổng" in page
    # a file that is not a CA certificate is refused; the leader's CA is added back, and the warnings go
    refused = client.post("/can-bo/tinh/goc-tin-cay", content_type="multipart/form-data",
                          data={"root": (io.BytesIO(person.cert_pem), "la.pem")})
    assert refused.status_code == 400 and "không phải của một tổ chức chứng thực" in refused.get_data(as_text=True)
    der = w.ca.cert.public_bytes(serialization.Encoding.DER)
    assert client.post("/can-bo/tinh/goc-tin-cay", content_type="multipart/form-data",
                       data={"root": (io.BytesIO(der), "ca.cer")}).status_code == 302
    page = client.get("/can-bo/tinh/goc-tin-cay").get_data(as_text=True)
    assert ca_fp in page and "Tỉnh thêm trên trang này" in page and 'id="canh-bao"' not in page
    assert enrolment.check_signer(w.leader, w.ward, person.cert.public_bytes(serialization.Encoding.DER))
    assert client.post(f"/can-bo/tinh/goc-tin-cay/{ca_fp}/xoa").status_code == 302
    assert ca_fp not in client.get("/can-bo/tinh/goc-tin-cay").get_data(as_text=True)
    actions = list(db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("trust.%"))))
    assert sorted(actions) == ["trust.root_added", "trust.root_removed"]


# ---------------------------------------------------------------- the demo leader


def test_the_demo_leaders_certificate_chains_to_the_install_root_and_its_results_verify(make, app, client, tmp_path):
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    officer = make_staff(ward, "officer")
    app.config["PUBLIC_BASE_URL"] = "https://congdichvu.example.vn"
    leader_info = ensure_demo_leader(ward)
    assert str(leader_info.pkcs12_path).startswith(app.instance_path)
    assert "static" not in leader_info.pkcs12_path.parts
    assert ensure_demo_leader(ward) == leader_info  # a refresh keeps the account, the file and the passphrase
    data = leader_info.pkcs12_path.read_bytes()
    key, cert, chain = pkcs12.load_key_and_certificates(data, leader_info.passphrase.encode())
    der = cert.public_bytes(serialization.Encoding.DER)
    assert signature_policy.certificate_problem(der, signature_policy.current_context()) is None
    points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert points[0].full_name[0].value == "https://congdichvu.example.vn/pki/goc.crl"
    enrolled = db.session.scalar(select(SigningCertificate))
    assert enrolled.state == "confirmed" and enrolled.certificate_der == der
    leader = enrolled.staff
    assert drafts.is_leader(leader, ward.id) and leader.email == leader_info.email
    # a fresh demo's result signed by the demo leader, then sealed, verifies
    dossier = make_dossier(ward, status=int(DossierStatus.PROCESSING), received_at=NOW)
    draft = drafts.send_draft(dossier, Actor(officer), pdf=result_pdf(), filename="du-thao.pdf", now=NOW)
    drafts.approve_draft(draft, Actor(leader), expected_sha256=draft.sha256,
                         key=pdf_signatures.FileKey(data, leader_info.passphrase.encode()), now=NOW)
    signed = file_storage.read(file_storage.current_uploads(), workflow.result_file(dossier).stored_name)
    verdict = signature_policy.verify_pdf(signed, file_storage.files_root())
    assert verdict.valid and verdict.trusted, verdict.problem
    assert [(s.signer_name, s.role) for s in verdict.signatures] == [(leader.full_name, "personal"),
                                                                      ("Phường Phương Lâm", "seal")]
    page = client.post("/xac-thuc-van-ban", data={"document": (io.BytesIO(signed), "ket-qua.pdf")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Chữ ký số hợp lệ" in page
    path = tmp_path / "ket-qua.pdf"
    path.write_bytes(signed)
    assert pdfsig(path).count("Signature Validation: Signature is Valid.") == 2


def test_a_key_whose_certificate_changed_after_the_check_does_not_sign(world, app, softhsm):  # noqa: F811
    """The certificate is compared again where the key signs (the PKCS#12 opened, the token's session)."""
    w = world
    appearance = pdf_signatures.LeaderAppearance("CHỦ TỊCH", LEADER_NAME)
    token = pdf_signatures.TokenKey(SOFTHSM_MODULE, TOKEN_LABEL, KEY_LABEL, TOKEN_PIN)
    for key in (file_key(issue(LEADER_NAME, w.ca)), token):
        with pytest.raises(pdf_signatures.SigningRefused, match="changed"):
            pdf_signatures.sign_as_leader(result_pdf(), key, appearance, ward_name="X", certificate="0" * 64)
    right = signature_policy.fingerprint(softhsm.leader.cert)
    assert pdf_signatures.sign_as_leader(result_pdf(), token, appearance, ward_name="X", certificate=right)
