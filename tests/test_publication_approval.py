"""Official documents signed for publication by a leader of the ward, then sealed: queue, sign, return."""

import io
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from wardportal.approvals import drafts, pdf_signatures
from wardportal.kernel import file_storage, trust_list
from wardportal.kernel.extensions import db
from wardportal.publications import approval, editing, media
from wardportal.publications.models import Publication, PublicationRevision
from wardportal.publications.signing import signature_status
from wardportal.staff.models import AuditEntry

from .approvals_support import (KEY_LABEL, LEADER_NAME, SOFTHSM_MODULE, TOKEN_LABEL, TOKEN_PIN, enrol_confirmed,
                                issue, png, softhsm)  # noqa: F401  (fixture)
from .apply_support import pdf_bytes
from .publication_support import NOW, actor, document
from .staff_factories import login, make_staff, settle, unexpiring_session  # noqa: F401  (autouse fixture)
from .workflow_factories import client  # noqa: F401  (fixture)


@pytest.fixture
def setup(make):
    """Ward A with an editor and a leader; ward B with its own leader."""
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    other = make.ward(slug="xa-tan-lap", name="Xã Tân Lập")
    editor = make_staff(ward, "editor", full_name="Trần Thị Lan")
    leader = make_staff(ward, "leader", full_name=LEADER_NAME)
    other_leader = make_staff(other, "leader", full_name="Phạm Văn Đức")
    return ward, other, editor, leader, other_leader


def p12_upload(enrolled_for=None):
    """A leader's one-off PKCS#12 and the CA to trust for it (trusted, and the certificate enrolled and
    confirmed, when ``enrolled_for`` (leader, ward) is given)."""
    ca = issue("CA thử nghiệm")
    person = issue(LEADER_NAME, ca)
    if enrolled_for:
        trust_list.add_root(file_storage.files_root(), ca.cert_pem, datetime.now(timezone.utc))
        enrol_confirmed(*enrolled_for, person)
    return person.p12(b"mk"), ca


def test_publishing_an_unsigned_document_waits_for_a_leader_and_is_not_public(setup, client):
    ward, _, editor, leader, _ = setup
    pub = document(ward, editor)
    before = pub.pdf_sha256
    assert pub.status == approval.AWAITING and not pub.sealed_by_ward and pub.pdf_sha256 == before
    assert not pub.is_public(NOW + timedelta(days=1)) and approval.waiting_documents(ward) == [pub]
    assert pub.revisions[0].action == "sent_to_leader"
    pub_id = pub.id
    settle()
    assert client.get(f"/phuong-lam/van-ban/{pub_id}").status_code == 404
    login(client, editor.email)
    page = client.get(f"/phuong-lam/can-bo/cong-bo/{pub_id}/sua").get_data(as_text=True)
    assert "Chờ lãnh đạo ký ban hành" in page and "đang chờ lãnh đạo ký số ban hành" in page
    # the editor cannot sign; the leaders' pages are not theirs
    assert client.get(f"/phuong-lam/can-bo/phe-duyet/van-ban/{pub_id}").status_code in (403, 404)


def test_leader_signs_with_a_pkcs12_and_the_public_page_shows_two_valid_signers(setup, app, client):
    ward, _, editor, leader, other_leader = setup
    drafts.save_profile(leader, ward, title="PHÓ CHỦ TỊCH", token_label="", key_label="", signature_png=png())
    later = NOW + timedelta(hours=2)
    pub = document(ward, editor, publish=False)
    editing.publish(pub, actor(editor), later)
    assert pub.status == approval.AWAITING
    pub_id, sha = pub.id, pub.pdf_sha256
    p12, ca = p12_upload(enrolled_for=(leader, ward))
    app.config.update(SIGNATURE_TRUST_ROOTS=[ca.cert_pem])
    settle()
    login(client, other_leader.email)
    assert client.get(f"/xa-tan-lap/can-bo/phe-duyet/van-ban/{pub_id}").status_code == 404
    assert client.post(f"/xa-tan-lap/can-bo/phe-duyet/van-ban/{pub_id}/ky",
                       data={"method": "pkcs12", "sha256": sha}).status_code == 404
    assert client.get(f"/phuong-lam/can-bo/phe-duyet/van-ban/{pub_id}").status_code in (403, 404)
    client.post("/can-bo/dang-xuat")
    login(client, leader.email)
    queue = client.get("/phuong-lam/can-bo/phe-duyet/").get_data(as_text=True)
    assert "Văn bản chờ ký ban hành" in queue and "123/QĐ-UBND" in queue
    review = client.get(f"/phuong-lam/can-bo/phe-duyet/van-ban/{pub_id}")
    assert review.status_code == 200 and sha in review.get_data(as_text=True)
    frame = client.get(f"/phuong-lam/can-bo/phe-duyet/van-ban/{pub_id}/tep.pdf")
    assert frame.status_code == 200 and frame.data.startswith(b"%PDF-")
    wrong = client.post(f"/phuong-lam/can-bo/phe-duyet/van-ban/{pub_id}/ky", content_type="multipart/form-data",
                        data={"method": "pkcs12", "sha256": sha, "passphrase": "sai",
                              "pkcs12": (io.BytesIO(p12), "ky.p12")})
    assert wrong.status_code == 400 and "Không mở được tệp .p12" in wrong.get_data(as_text=True)
    done = client.post(f"/phuong-lam/can-bo/phe-duyet/van-ban/{pub_id}/ky", content_type="multipart/form-data",
                       data={"method": "pkcs12", "sha256": sha, "passphrase": "mk",
                             "pkcs12": (io.BytesIO(p12), "ky.p12")})
    assert done.status_code == 302
    db.session.expire_all()
    pub = db.session.get(Publication, pub_id)
    assert pub.status == "published" and pub.sealed_by_ward and pub.signed_by_id == leader.id
    assert pub.pdf_sha256 != sha and pub.is_scheduled(NOW + timedelta(hours=1))  # kept its scheduled time
    status = signature_status(pub)
    assert status.valid and [s.role for s in status.signatures] == ["personal", "seal"]
    assert status.signatures[0].signer_name == LEADER_NAME and all(s.ok for s in status.signatures)
    assert "PHÓ CHỦ TỊCH ký ban hành văn bản" in status.signatures[0].reason
    assert pub.revisions[0].action == "signed"
    assert db.session.scalar(select(AuditEntry.details).where(AuditEntry.action == "publication.signed"))["key"] \
        == "pkcs12"
    # the scheduled moment comes: residents see the badge and both signers
    pub.publish_at = NOW - timedelta(minutes=1)
    db.session.commit()
    page = client.get(f"/phuong-lam/van-ban/{pub_id}").get_data(as_text=True)
    assert "Chữ ký số hợp lệ" in page and LEADER_NAME in page and "chữ ký số của cơ quan" in page
    assert approval.waiting_documents(ward) == []


def test_leader_signs_with_the_token(setup, app, softhsm, client):  # noqa: F811
    ward, _, editor, leader, _ = setup
    app.config.update(PKCS11_MODULE_PATH=SOFTHSM_MODULE, SIGNATURE_TRUST_ROOTS=[softhsm.ca.cert_pem])
    drafts.save_profile(leader, ward, title="CHỦ TỊCH", token_label=TOKEN_LABEL, key_label=KEY_LABEL,
                        signature_png=None)
    enrol_confirmed(leader, ward, softhsm.leader)
    pub = document(ward, editor)
    pub_id, sha = pub.id, pub.pdf_sha256
    settle()
    login(client, leader.email)
    wrong = client.post(f"/phuong-lam/can-bo/phe-duyet/van-ban/{pub_id}/ky",
                        data={"method": "token", "pin": "111111", "sha256": sha})
    assert wrong.status_code == 400 and "Mã PIN không đúng" in wrong.get_data(as_text=True)
    assert client.post(f"/phuong-lam/can-bo/phe-duyet/van-ban/{pub_id}/ky",
                       data={"method": "token", "pin": TOKEN_PIN, "sha256": sha}).status_code == 302
    db.session.expire_all()
    pub = db.session.get(Publication, pub_id)
    status = signature_status(pub)
    assert pub.status == "published" and status.valid and len(status.signatures) == 2
    texts = [str(v) for v in db.session.scalars(select(AuditEntry.details))] + \
        [str(v) for v in db.session.scalars(select(PublicationRevision.snapshot))]
    assert not any(TOKEN_PIN in t for t in texts)  # the PIN is never stored


def test_a_returned_document_is_a_draft_again_with_the_reason_for_the_editor(setup, client):
    ward, _, editor, leader, _ = setup
    pub = document(ward, editor)
    pub_id = pub.id
    settle()
    login(client, leader.email)
    empty = client.post(f"/phuong-lam/can-bo/phe-duyet/van-ban/{pub_id}/tra-lai", data={"reason": " "})
    assert empty.status_code == 400
    assert client.post(f"/phuong-lam/can-bo/phe-duyet/van-ban/{pub_id}/tra-lai",
                       data={"reason": "Sai số hiệu văn bản"}).status_code == 302
    db.session.expire_all()
    pub = db.session.get(Publication, pub_id)
    assert pub.status == "draft" and pub.publish_at is None and pub.return_reason == "Sai số hiệu văn bản"
    assert pub.revisions[0].action == "returned"
    client.post("/can-bo/dang-xuat")
    login(client, editor.email)
    page = client.get(f"/phuong-lam/can-bo/cong-bo/{pub_id}/sua").get_data(as_text=True)
    assert "Lãnh đạo đã trả lại văn bản" in page and "Sai số hiệu văn bản" in page
    # sent again: the reason is cleared and it waits once more
    editing.publish(db.session.get(Publication, pub_id), actor(editor))
    pub = db.session.get(Publication, pub_id)
    assert pub.status == approval.AWAITING and pub.return_reason == ""


def test_a_pdf_changed_between_queueing_and_signing_is_refused(setup):
    ward, _, editor, leader, _ = setup
    pub = document(ward, editor)
    opened = pub.pdf_sha256
    ca = issue("CA thử nghiệm")
    key = pdf_signatures.FileKey(issue(LEADER_NAME, ca).p12(b"mk"), b"mk")
    editing.save(ward, pub, "document", {**editing.snapshot(pub), "issued_on": pub.issued_on},
                 actor(editor), pdf=io.BytesIO(pdf_bytes("ban sua")), pdf_name="quyet-dinh.pdf")
    assert pub.status == approval.AWAITING and pub.pdf_sha256 != opened
    with pytest.raises(approval.SigningError):
        approval.sign_document(pub, actor(leader), expected_sha256=opened, key=key)
    # the file on disk changed under the row: refused as well, nothing stored
    path = file_storage.path_of(file_storage.current_uploads(), pub.pdf_name)
    path.write_bytes(path.read_bytes() + b"\n%tampered\n")
    with pytest.raises(approval.SigningError):
        approval.sign_document(pub, actor(leader), expected_sha256=pub.pdf_sha256, key=key)
    pub = db.session.get(Publication, pub.id)
    assert pub.status == approval.AWAITING and not pub.sealed_by_ward and pub.signed_by_id is None


def test_only_a_leader_of_the_ward_signs(setup):
    ward, _, editor, leader, other_leader = setup
    pub = document(ward, editor)
    ca = issue("CA thử nghiệm")
    key = pdf_signatures.FileKey(issue(LEADER_NAME, ca).p12(b"mk"), b"mk")
    for someone in (editor, other_leader):
        with pytest.raises(approval.SigningError):
            approval.sign_document(pub, actor(someone), expected_sha256=pub.pdf_sha256, key=key)
    assert approval.waiting_document(ward, pub.id) is pub


def test_a_ward_without_leaders_still_seals_on_publish(make):
    ward = make.ward(slug="xa-vang", name="Xã Vắng")
    editor = make_staff(ward, "editor")
    pub = document(ward, editor)
    assert pub.status == "published" and pub.sealed_by_ward and pub.is_public(NOW)
    status = signature_status(pub)
    assert status.valid and [s.role for s in status.signatures] == ["seal"]


def test_documents_arriving_signed_and_notices_do_not_wait(setup):
    ward, _, editor, _, _ = setup
    sealed_elsewhere = document(ward, make_staff(ward, "editor"), publish=False)
    editing.publish(sealed_elsewhere, actor(editor))
    signed = media.read_pdf(sealed_elsewhere)
    assert sealed_elsewhere.status == approval.AWAITING
    # a PDF that arrives signed goes out as it is, even from the waiting state
    editing.save(ward, sealed_elsewhere, "document", {**editing.snapshot(sealed_elsewhere),
                                                      "issued_on": sealed_elsewhere.issued_on},
                 actor(editor), pdf=io.BytesIO(_sealed(ward, signed)), pdf_name="da-ky.pdf")
    assert sealed_elsewhere.signed_on_arrival and sealed_elsewhere.status == "published"
    from .publication_support import notice
    note = notice(ward, editor, publish_at=NOW)
    assert note.status == "published" and note.is_public(NOW)


def _sealed(ward, data: bytes) -> bytes:
    """The PDF sealed by the ward, as a document signed elsewhere would arrive."""
    from wardportal.dossiers import receipts
    from wardportal.kernel import signing
    return signing.sign_pdf(data, receipts.ward_signer(ward), reason="Ký", location=ward.name, visible=False)
