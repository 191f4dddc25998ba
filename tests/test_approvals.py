"""Approval workflow: who may approve what, returns, stale drafts, the signed result, the pages."""

import hashlib
import io
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from wardportal.approvals import citizen_signatures, drafts, pdf_signatures
from wardportal.approvals.drafts import Actor, ApprovalError
from wardportal.approvals.models import ResultDraft
from wardportal.dossiers import files as dossier_files, workflow
from wardportal.dossiers.models import Dossier, DossierEvent, StaffNotification
from wardportal.dossiers.status import DossierStatus, TransitionNotAllowed
from wardportal.kernel import file_storage, signature_policy, trust_list
from wardportal.kernel.extensions import db
from wardportal.staff.models import AuditEntry

from .approvals_support import (KEY_LABEL, LEADER_NAME, SOFTHSM_MODULE, TOKEN_LABEL, TOKEN_PIN, enrol_confirmed,
                                issue, png, softhsm, tsa)  # noqa: F401  (fixtures)
from .staff_factories import login, make_staff, settle, unexpiring_session  # noqa: F401
from .test_approval_signing import result_pdf
from .workflow_factories import client, make_dossier  # noqa: F401

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=timezone.utc)


@pytest.fixture
def setup(make):
    """Ward A with an officer, a leader and a dossier in processing; ward B with its own leader."""
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    other = make.ward(slug="xa-tan-lap", name="Xã Tân Lập")
    officer = make_staff(ward, "officer", full_name="Lê Thị Hoa")
    leader = make_staff(ward, "leader", full_name=LEADER_NAME)
    other_leader = make_staff(other, "leader", full_name="Phạm Văn Đức")
    dossier = make_dossier(ward, status=int(DossierStatus.PROCESSING), received_at=NOW,
                           due_date=date(2026, 11, 27))
    return ward, other, officer, leader, other_leader, dossier


def p12_key(name=LEADER_NAME, trusted=True, enrolled_for=None):
    """A leader's PKCS#12 from a test CA, which the install trusts (added to its trust list) unless told not;
    ``enrolled_for`` (leader, ward): enrolled and confirmed as that leader's signing certificate there."""
    ca = issue("CA thử nghiệm")
    if trusted:
        trust_list.add_root(file_storage.files_root(), ca.cert_pem, datetime.now(timezone.utc))
    person = issue(name, ca)
    if enrolled_for:
        enrol_confirmed(*enrolled_for, person)
    return pdf_signatures.FileKey(person.p12(b"mk"), b"mk"), ca


def send(dossier, officer, pdf=None):
    return drafts.send_draft(dossier, Actor(officer), pdf=pdf or result_pdf(), filename="du-thao.pdf", now=NOW)


def test_officer_sends_draft_into_the_leaders_queue_and_history(setup):
    ward, other, officer, leader, _, dossier = setup
    pdf = result_pdf()
    draft = send(dossier, officer, pdf=pdf)
    assert drafts.pending_drafts(ward) == [draft] and drafts.pending_drafts(other) == []
    assert draft.file.kind == "draft" and draft.sha256 == hashlib.sha256(pdf).hexdigest()
    assert dossier.events[-1].action == drafts.DRAFT_SENT and dossier.status == DossierStatus.PROCESSING
    assert workflow.action_label(drafts.DRAFT_SENT) == "Trình lãnh đạo phê duyệt kết quả"
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.target == dossier.code)) == \
        "approval.draft_sent"


def test_who_may_send_and_approve(setup):
    ward, other, officer, leader, other_leader, dossier = setup
    with pytest.raises(ApprovalError):  # a leader is not a one-stop officer
        send(dossier, leader)
    draft = send(dossier, officer)
    key, _ = p12_key()
    for actor in (officer, other_leader):  # an officer, and a leader of ward B, may not approve ward A's draft
        with pytest.raises(ApprovalError):
            drafts.approve_draft(draft, Actor(actor), expected_sha256=draft.sha256, key=key, now=NOW)
        with pytest.raises(ApprovalError):
            drafts.return_draft(draft, Actor(actor), reason="Sai tên", now=NOW)
    assert drafts.draft_in_ward(other, draft.id) is None
    assert drafts.is_leader(leader, ward.id) and not drafts.is_leader(other_leader, ward.id)
    assert db.session.get(ResultDraft, draft.id).status == "pending"


def test_draft_needs_a_dossier_in_processing_and_an_unsigned_pdf(setup, make):
    ward, _, officer, _, _, dossier = setup
    received = make_dossier(ward, status=int(DossierStatus.RECEIVED), received_at=NOW)
    with pytest.raises(TransitionNotAllowed):
        send(received, officer)
    with pytest.raises(ApprovalError):
        send(dossier, officer, pdf=b"%PDF-1.4 but not really")
    key, _ = p12_key()
    signed = pdf_signatures.sign_as_leader(result_pdf(), key, pdf_signatures.LeaderAppearance("X", "Y"),
                                           ward_name="Z")
    with pytest.raises(ApprovalError):
        send(dossier, officer, pdf=signed)


def test_returned_draft_goes_back_to_the_officer(setup):
    ward, _, officer, leader, _, dossier = setup
    draft = send(dossier, officer)
    with pytest.raises(ApprovalError):
        drafts.return_draft(draft, Actor(leader), reason="  ", now=NOW)
    drafts.return_draft(draft, Actor(leader), reason="Ghi sai ngày sinh", now=NOW)
    assert draft.status == "returned" and draft.return_reason == "Ghi sai ngày sinh"
    assert drafts.pending_drafts(ward) == []
    note = db.session.scalar(select(StaffNotification).where(StaffNotification.staff_id == officer.id))
    assert note.kind == "returned" and "Ghi sai ngày sinh" in note.message
    assert dossier.events[-1].action == drafts.DRAFT_RETURNED_STEP and dossier.events[-1].officer_id == leader.id
    key, _ = p12_key()
    with pytest.raises(ApprovalError):  # a returned draft cannot be approved any more
        drafts.approve_draft(draft, Actor(leader), expected_sha256=draft.sha256, key=key, now=NOW)
    again = send(dossier, officer)  # the officer corrects and sends again
    assert drafts.pending_drafts(ward) == [again]


def test_approving_a_draft_changed_meanwhile_is_refused(setup, app):
    ward, _, officer, leader, _, dossier = setup
    first = send(dossier, officer)
    key, _ = p12_key()
    with pytest.raises(ApprovalError):  # the leader looked at other bytes than those now stored
        drafts.approve_draft(first, Actor(leader), expected_sha256="0" * 64, key=key, now=NOW)
    second = send(dossier, officer, pdf=result_pdf("Bản sửa"))
    assert first.status == "superseded"
    with pytest.raises(ApprovalError):
        drafts.approve_draft(first, Actor(leader), expected_sha256=first.sha256, key=key, now=NOW)
    # the stored file itself altered behind the database's back: refused too
    path = file_storage.path_of(file_storage.uploads_dir(app.instance_path), second.file.stored_name)
    path.write_bytes(result_pdf("Bản bị tráo"))
    with pytest.raises(ApprovalError):
        drafts.approve_draft(second, Actor(leader), expected_sha256=second.sha256, key=key, now=NOW)
    assert dossier.status == DossierStatus.PROCESSING


def test_approval_signs_twice_and_makes_the_result_with_the_deadline_running(setup, app):
    ward, _, officer, leader, _, dossier = setup
    drafts.save_profile(leader, ward, title="CHỦ TỊCH", token_label="", key_label="", signature_png=png())
    admin = make_staff(ward, "admin")
    drafts.save_seal(ward, admin, png((200, 0, 0, 255), (140, 140), circle=True))
    draft = send(dossier, officer)
    due = dossier.due_date
    key, ca = p12_key(enrolled_for=(leader, ward))
    event = drafts.approve_draft(draft, Actor(leader, "10.0.0.9"), expected_sha256=draft.sha256, key=key, now=NOW)
    assert event.action == "mark_ready" and dossier.status == DossierStatus.READY
    assert dossier.due_date == due and not dossier.pauses  # the clock never stopped
    assert draft.status == "approved" and draft.decided_by_id == leader.id
    result = workflow.result_file(dossier)
    assert draft.signed_file_id == result.id
    data = file_storage.read(file_storage.uploads_dir(app.instance_path), result.stored_name)
    verdict = signature_policy.verify_pdf(data, app.instance_path, extra_trust_roots=[ca.cert_pem])
    assert verdict.valid, verdict.problem
    assert [(s.signer_name, s.role) for s in verdict.signatures] == [(LEADER_NAME, "personal"),
                                                                      ("Phường Phương Lâm", "seal")]
    actions = [e.action for e in dossier.events]
    assert actions[-3:] == [drafts.DRAFT_SENT, drafts.DRAFT_APPROVED_STEP, "mark_ready"]
    audit_actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.target == dossier.code)))
    assert {"approval.draft_sent", "approval.draft_approved"} <= audit_actions


def test_signed_declaration_required_by_the_procedure(setup, make, app):
    ward, _, officer, _, _, _ = setup
    procedure = make.procedure(ward, code="1.000656")
    dossier = make_dossier(ward, procedure, status=int(DossierStatus.PROCESSING), received_at=NOW)
    citizen_signatures.set_required_signed_forms(procedure, [0])
    db.session.commit()
    with pytest.raises(ApprovalError, match="chữ ký số hợp lệ"):
        send(dossier, officer)
    db.session.rollback()  # a refused step leaves the session to its caller, as the views do
    citizens_ca = issue("CA công dân")
    app.config["SIGNATURE_TRUST_ROOTS"] = [citizens_ca.cert_pem]
    person = issue(dossier.applicant_name, citizens_ca)
    signed_form = pdf_signatures.sign_as_leader(result_pdf("Tờ khai"), pdf_signatures.FileKey(
        person.p12(b"x"), b"x"), pdf_signatures.LeaderAppearance("", dossier.applicant_name), ward_name="")
    stored = dossier_files.store_bytes(dossier, signed_form, original_name="to-khai.pdf",
                                      content_type="application/pdf", kind="attachment", document_index=0)
    db.session.commit()
    check = citizen_signatures.checks_for_file(stored.id)
    assert (check.state, check.signer_name, check.issuer_name) == ("intact", dossier.applicant_name, "CA công dân")
    assert send(dossier, officer).status == "pending"


# ---------------------------------------------------------------- pages


@pytest.fixture
def token_app(app, softhsm):
    """The app reaching the SoftHSM token, trusting the test CA."""
    app.config.update(PKCS11_MODULE_PATH=SOFTHSM_MODULE, SIGNATURE_TRUST_ROOTS=[softhsm.ca.cert_pem])
    return app


def test_leader_pages_queue_review_approve_with_token(setup, token_app, client, softhsm):  # noqa: F811
    ward, _, officer, leader, other_leader, dossier = setup
    drafts.save_profile(leader, ward, title="PHÓ CHỦ TỊCH", token_label=TOKEN_LABEL, key_label=KEY_LABEL,
                        signature_png=png())
    enrol_confirmed(leader, ward, softhsm.leader)
    draft = send(dossier, officer)
    draft_id, sha, code = draft.id, draft.sha256, dossier.code
    settle()
    login(client, officer.email)
    assert client.get(f"/phuong-lam/can-bo/phe-duyet/").status_code == 404  # officers have no queue
    page = client.get(f"/phuong-lam/can-bo/ho-so/{dossier.id}")
    assert "Chờ phê duyệt" in page.get_data(as_text=True)
    client.post("/can-bo/dang-xuat")
    login(client, other_leader.email)
    assert client.get(f"/phuong-lam/can-bo/phe-duyet/{draft_id}").status_code == 404
    assert client.get(f"/xa-tan-lap/can-bo/phe-duyet/{draft_id}").status_code == 404
    client.post("/can-bo/dang-xuat")
    login(client, leader.email)
    queue = client.get("/phuong-lam/can-bo/phe-duyet/").get_data(as_text=True)
    assert code in queue
    review = client.get(f"/phuong-lam/can-bo/phe-duyet/{draft_id}")
    assert review.status_code == 200 and sha in review.get_data(as_text=True)
    wrong = client.post(f"/phuong-lam/can-bo/phe-duyet/{draft_id}/ky",
                        data={"method": "token", "pin": "111111", "sha256": sha})
    assert wrong.status_code == 400 and "Mã PIN không đúng" in wrong.get_data(as_text=True)
    done = client.post(f"/phuong-lam/can-bo/phe-duyet/{draft_id}/ky",
                       data={"method": "token", "pin": TOKEN_PIN, "sha256": sha})
    assert done.status_code == 302
    assert db.session.scalar(select(Dossier.status).where(Dossier.id == dossier.id)) == DossierStatus.READY
    # the PIN went nowhere: not in events, audit or drafts
    texts = [str(v) for v in db.session.scalars(select(AuditEntry.details))] + \
        [str(v) for v in db.session.scalars(select(DossierEvent.details))]
    assert not any(TOKEN_PIN in t for t in texts)


def test_leader_returns_a_draft_through_the_page(setup, client):
    ward, _, officer, leader, _, dossier = setup
    draft = send(dossier, officer)
    draft_id = draft.id
    settle()
    login(client, leader.email)
    empty = client.post(f"/phuong-lam/can-bo/phe-duyet/{draft_id}/tra-lai", data={"reason": ""})
    assert empty.status_code == 400 and "Nêu lý do trả lại" in empty.get_data(as_text=True)
    assert client.post(f"/phuong-lam/can-bo/phe-duyet/{draft_id}/tra-lai",
                       data={"reason": "Thiếu số quyết định"}).status_code == 302
    assert db.session.scalar(select(ResultDraft.status).where(ResultDraft.id == draft_id)) == "returned"


def test_officer_generates_a_draft_from_the_procedure_template(setup, client, app):
    ward, _, officer, _, _, dossier = setup
    settle()
    login(client, officer.email)
    page = client.get(f"/phuong-lam/can-bo/ho-so/{dossier.id}").get_data(as_text=True)
    assert "Soạn dự thảo từ mẫu của thủ tục" in page and dossier.applicant_name in page
    refused = client.post(f"/phuong-lam/can-bo/ho-so/{dossier.id}/du-thao/soan", data={"title": "", "body": ""})
    assert refused.status_code == 400 and "Nhập tên văn bản" in refused.get_data(as_text=True)
    made = client.post(f"/phuong-lam/can-bo/ho-so/{dossier.id}/du-thao/soan",
                       data={"title": "Giấy xác nhận", "body": "Xác nhận ông Trần Văn Bình cư trú tại phường."})
    assert made.status_code == 302
    draft = db.session.scalar(select(ResultDraft).where(ResultDraft.dossier_id == dossier.id))
    data = file_storage.read(file_storage.uploads_dir(app.instance_path), draft.file.stored_name)
    assert data.startswith(b"%PDF-") and draft.origin == "template"
    upload = client.post(f"/phuong-lam/can-bo/ho-so/{dossier.id}/du-thao",
                         data={"draft": (io.BytesIO(b"not a pdf"), "x.pdf")},
                         content_type="multipart/form-data")
    assert upload.status_code == 400 and "PDF" in upload.get_data(as_text=True)


def test_verification_page_names_both_signers_and_the_tsa_time(setup, app, client, tsa):
    """With a TSA configured, the public verification page lists both signatures with trusted timestamps."""
    ward, _, officer, leader, _, dossier = setup
    draft = send(dossier, officer)
    key, ca = p12_key(enrolled_for=(leader, ward))
    app.config.update(SIGNING_TSA_URL=tsa.url, SIGNATURE_TRUST_ROOTS=[ca.cert_pem, tsa.root.cert_pem])
    drafts.approve_draft(draft, Actor(leader), expected_sha256=draft.sha256, key=key, now=NOW)
    data = file_storage.read(file_storage.uploads_dir(app.instance_path), workflow.result_file(dossier).stored_name)
    page = client.post("/xac-thuc-van-ban", data={"document": (io.BytesIO(data), "ket-qua.pdf")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Chữ ký số hợp lệ" in page
    listing = page[page.index('class="signature-list"'):]
    assert LEADER_NAME in listing and "chữ ký số cá nhân của người có thẩm quyền" in listing
    assert "Phường Phương Lâm" in listing and "chữ ký số của cơ quan (con dấu)" in listing
    assert listing.count("Dấu thời gian tin cậy (RFC 3161)") == 2 and "không được tin cậy" not in listing


def test_unreachable_tsa_refuses_the_signature_and_keeps_the_draft(setup, app):
    ward, _, officer, leader, _, dossier = setup
    draft = send(dossier, officer)
    key, _ = p12_key(enrolled_for=(leader, ward))
    app.config["SIGNING_TSA_URL"] = "http://127.0.0.1:9/"
    with pytest.raises(pdf_signatures.SigningRefused, match="tsa"):
        drafts.approve_draft(draft, Actor(leader), expected_sha256=draft.sha256, key=key, now=NOW)
    db.session.rollback()
    assert db.session.get(ResultDraft, draft.id).status == "pending"
    assert db.session.get(Dossier, dossier.id).status == DossierStatus.PROCESSING


def test_officers_see_citizens_signatures_beside_the_files(setup, app, client):
    """Valid, modified after signing, untrusted CA: each said plainly on the desk's dossier page."""
    ward, _, officer, _, _, dossier = setup
    citizens_ca, stranger_ca = issue("CA công dân"), issue("CA lạ")
    app.config["SIGNATURE_TRUST_ROOTS"] = [citizens_ca.cert_pem]

    def signed_by(ca, name):
        person = issue(name, ca)
        return pdf_signatures.sign_as_leader(result_pdf("Tờ khai"), pdf_signatures.FileKey(person.p12(b"x"), b"x"),
                                             pdf_signatures.LeaderAppearance("", name), ward_name="")

    tampered = bytearray(signed_by(citizens_ca, "Ngô Thị Lan"))
    tampered[tampered.index(b"stream", 200) + 30] ^= 0x01
    for name, data in (("hop-le.pdf", signed_by(citizens_ca, "Trần Văn Bình")), ("bi-sua.pdf", bytes(tampered)),
                       ("la.pdf", signed_by(stranger_ca, "Đỗ Văn Tâm"))):
        dossier_files.store_bytes(dossier, data, original_name=name, content_type="application/pdf",
                                 kind="attachment", document_index=0)
    db.session.commit()
    settle()
    login(client, officer.email)
    page = client.get(f"/phuong-lam/can-bo/ho-so/{dossier.id}").get_data(as_text=True)
    assert "Có chữ ký số của Trần Văn Bình, chứng thư do CA công dân cấp: còn nguyên vẹn, hợp lệ." in page
    assert "chứng thư do CA công dân cấp: tài liệu đã bị sửa sau khi ký." in page
    assert "Có chữ ký số của Đỗ Văn Tâm, chứng thư do CA lạ cấp: tổ chức cấp chứng thư không thuộc danh sách" in page


def test_profile_and_seal_pages_keep_transparent_pngs_only(setup, client, make):
    ward, _, _, leader, _, _ = setup
    admin = make_staff(ward, "admin")
    procedure = make.procedure(ward, code="1.000893")
    settle()
    login(client, leader.email)
    bad = client.post("/phuong-lam/can-bo/chu-ky-so", data={"title": "CHỦ TỊCH", "signature": (
        io.BytesIO(b"GIF89a....."), "chu-ky.gif")}, content_type="multipart/form-data")
    assert bad.status_code == 400 and "PNG nền trong suốt" in bad.get_data(as_text=True)
    good = client.post("/phuong-lam/can-bo/chu-ky-so", data={
        "title": "CHỦ TỊCH", "token_label": TOKEN_LABEL, "key_label": KEY_LABEL,
        "signature": (io.BytesIO(png()), "chu-ky.png")}, content_type="multipart/form-data")
    assert good.status_code == 302
    profile = drafts.leader_profile(leader, ward)
    assert profile.signature_png.startswith(b"\x89PNG") and profile.token_label == TOKEN_LABEL
    assert client.get("/phuong-lam/can-bo/con-dau").status_code == 404  # leaders do not manage the seal
    client.post("/can-bo/dang-xuat")
    login(client, admin.email)
    assert client.post("/phuong-lam/can-bo/con-dau", data={"seal": (io.BytesIO(png()), "dau.png")},
                       content_type="multipart/form-data").status_code == 302
    assert client.get("/phuong-lam/can-bo/con-dau/hinh").data.startswith(b"\x89PNG")
    assert client.post(f"/phuong-lam/can-bo/con-dau/thu-tuc/{procedure.id}",
                       data={"documents": ["0"]}).status_code == 302
    assert citizen_signatures.required_signed_forms(procedure.id) == [0]


def test_with_leaders_the_desk_cannot_mark_ready_directly(setup, app, client, make):
    """A ward with leaders makes results only through approval; without leaders the desk path stays."""
    ward, _, officer, leader, _, dossier = setup
    other = make.ward(slug="xa-vo-lanh-dao", name="Xã Không Lãnh Đạo")
    with pytest.raises(workflow.WorkflowError, match="lãnh đạo"):
        workflow.mark_ready(dossier, officer, result_pdf=result_pdf(), now=NOW)
    settle()
    login(client, officer.email)
    page = client.get(f"/phuong-lam/can-bo/ho-so/{dossier.id}").get_data(as_text=True)
    assert 'id="action-mark_ready"' not in page and "Soạn dự thảo từ mẫu của thủ tục" in page
    other_officer = make_staff(other, "officer")
    leaderless = make_dossier(other, status=int(DossierStatus.PROCESSING), received_at=NOW)
    assert workflow.mark_ready(leaderless, other_officer, result_pdf=result_pdf(), now=NOW).action == "mark_ready"
    app.config["RESULTS_NEED_APPROVAL"] = False
    assert workflow.mark_ready(dossier, officer, result_pdf=result_pdf(), now=NOW).action == "mark_ready"


def test_online_upload_of_a_required_signed_declaration_is_checked(app, make):
    """Unsigned, untrusted or altered declarations are refused at upload (nothing kept); a valid one passes."""
    from wardportal.dossiers import submissions

    ward = make.ward(slug="phuong-lam")
    procedure = make.procedure(ward, code="1.000656")
    citizen_signatures.set_required_signed_forms(procedure, [0])
    db.session.commit()
    citizens_ca = issue("CA công dân")
    app.config["SIGNATURE_TRUST_ROOTS"] = [citizens_ca.cert_pem]
    draft, _ = submissions.start_draft(ward, procedure)
    uploads = file_storage.uploads_dir(app.instance_path)
    person = issue("Trần Văn Bình", citizens_ca)
    signed = pdf_signatures.sign_as_leader(result_pdf("Tờ khai"), pdf_signatures.FileKey(person.p12(b"x"), b"x"),
                                           pdf_signatures.LeaderAppearance("", "Trần Văn Bình"), ward_name="")
    stranger = issue("Đỗ Văn Tâm", issue("CA lạ"))
    untrusted = pdf_signatures.sign_as_leader(result_pdf("Tờ khai"), pdf_signatures.FileKey(
        stranger.p12(b"x"), b"x"), pdf_signatures.LeaderAppearance("", "Đỗ Văn Tâm"), ward_name="")
    for data, words in ((result_pdf("Tờ khai"), "chưa được ký số"), (untrusted, "không do tổ chức chứng thực")):
        with pytest.raises(file_storage.FileRefused) as refused:
            submissions.add_draft_file(draft, 0, io.BytesIO(data), "to-khai.pdf")
        assert words in str(refused.value.message)
    assert [p for p in uploads.rglob("*") if p.is_file()] == []  # refused files are not kept
    submissions.add_draft_file(draft, 0, io.BytesIO(signed), "to-khai.pdf")
    submissions.add_draft_file(draft, 1, io.BytesIO(result_pdf("Giấy chứng sinh")), "giay-chung-sinh.pdf")
    assert len(draft.files) == 2


def test_two_leaders_approving_at_once_make_one_result(setup, app, make):
    """Both sign in parallel; the compare-and-set on the draft lets exactly one signed copy through."""
    import threading

    ward, _, officer, leader, _, dossier = setup
    deputy = make_staff(ward, "leader", full_name="Hoàng Thị Thu")
    draft = send(dossier, officer)
    draft_id, sha, dossier_id = draft.id, draft.sha256, dossier.id
    keys = {user.id: p12_key(user.full_name, enrolled_for=(user, ward))[0] for user in (leader, deputy)}
    db.session.commit()
    outcomes, barrier = [], threading.Barrier(2)

    def approve(user_id):
        with app.app_context():
            from wardportal.staff.models import StaffUser
            user = db.session.get(StaffUser, user_id)
            mine = db.session.get(ResultDraft, draft_id)
            list(user.memberships)
            mine.dossier.ward, mine.file  # load what the checks read, then let the other thread in
            db.session.commit()  # outside requests transactions take SQLite's write lock: release it
            barrier.wait(timeout=60)
            try:
                drafts.approve_draft(mine, Actor(user), expected_sha256=sha, key=keys[user_id], now=NOW)
                outcomes.append("approved")
            except ApprovalError:  # normally the compare-and-set after signing ("handled while signing")
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=approve, args=(u.id,)) for u in (leader, deputy)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    db.session.expire_all()
    assert sorted(outcomes) == ["approved", "refused"]
    results = [f for f in db.session.get(Dossier, dossier_id).files if f.kind == "result"]
    assert len(results) == 1 and db.session.get(Dossier, dossier_id).status == DossierStatus.READY
