"""Issue 27: staff and leaders preview a dossier's PDFs and images in the page, sandboxed; the leader's review
page lists every file of the dossier (what the applicant sent, the e-form declaration, the receipt, the draft).
"""

from datetime import date, datetime, timezone

from wardportal.approvals import drafts
from wardportal.approvals.drafts import Actor
from wardportal.dossiers.status import DossierStatus

from .staff_factories import login, make_staff, settle
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)
from .staff_routes import photo
from .test_approval_signing import result_pdf
from .workflow_factories import client, make_dossier, stored_file  # noqa: F401  (client fixture)

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=timezone.utc)


def dossier_with_every_kind_of_file(app, make):
    """A dossier in processing with an applicant's PDF and photo, its declaration, its receipt and a draft."""
    ward = make.ward(slug="phuong-lam")
    officer = make_staff(ward, "officer", full_name="Lê Thị Hoa")
    leader = make_staff(ward, "leader", full_name="Trần Văn Lãnh")
    dossier = make_dossier(ward, status=int(DossierStatus.PROCESSING), received_at=NOW, due_date=date(2026, 11, 27))
    files = [stored_file(app, dossier),
             stored_file(app, dossier, data=photo(), kind="supplement", name="can-cuoc.jpg",
                         content_type="image/jpeg", document_index=None),
             stored_file(app, dossier, kind="declaration", name="to-khai.pdf", document_index=None),
             stored_file(app, dossier, kind="receipt", name="phieu-tiep-nhan.pdf", document_index=None)]
    draft = drafts.send_draft(dossier, Actor(officer), pdf=result_pdf(), filename="du-thao.pdf", now=NOW)
    files.append(draft.file)
    settle(ward, officer, leader, dossier, draft, *files)  # no lazy load (and write lock) left for the browser
    return ward, officer, leader, dossier, draft, files


def _assert_previewed(client, file_url, content_type):
    with client.get(file_url) as response:
        assert response.status_code == 200 and response.mimetype == content_type, file_url
        assert response.headers["Content-Disposition"].startswith("inline"), file_url
        assert "sandbox" in response.headers["Content-Security-Policy"], file_url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    with client.get(file_url + "?tai=1") as download:
        assert download.headers["Content-Disposition"].startswith("attachment"), file_url


def test_leader_sees_and_previews_every_file_of_the_dossier(app, make, client):
    _ward, _officer, leader, _dossier, draft, files = dossier_with_every_kind_of_file(app, make)
    login(client, leader.email)
    page = client.get(f"/phuong-lam/can-bo/phe-duyet/{draft.id}").get_data(as_text=True)
    for label in ("Thành phần hồ sơ", "Bổ sung", "Tờ khai điện tử", "Phiếu tiếp nhận", "Dự thảo kết quả"):
        assert label in page, label
    for f in files:
        file_url = f"/phuong-lam/can-bo/phe-duyet/{draft.id}/tep/{f.id}"
        preview = (f'<img class="file-preview" src="{file_url}"' if f.content_type.startswith("image/")
                   else f'<iframe class="file-preview-frame" src="{file_url}"')
        assert preview in page, f.kind
        _assert_previewed(client, file_url, f.content_type)


def test_officer_previews_every_file_of_the_dossier(app, make, client):
    _ward, officer, _leader, dossier, _draft, files = dossier_with_every_kind_of_file(app, make)
    login(client, officer.email)
    page = client.get(f"/phuong-lam/can-bo/ho-so/{dossier.id}").get_data(as_text=True)
    for f in files:
        file_url = f"/phuong-lam/can-bo/ho-so/{dossier.id}/tep/{f.id}"
        preview = (f'<img class="file-preview" src="{file_url}"' if f.content_type.startswith("image/")
                   else f'<iframe class="file-preview-frame" src="{file_url}"')
        assert preview in page, f.kind
        _assert_previewed(client, file_url, f.content_type)
