"""The whole online application without JavaScript: steps, check your answers, submit, confirmation."""

import re

from wardportal.dossiers.models import ApplicationDraft, Dossier, DossierFile
from wardportal.kernel import file_storage
from wardportal.kernel.extensions import db

from .apply_support import client  # noqa: F401  (fixture: ends the test's transactions)
from .apply_support import APPLICANT, fill_draft, start_draft, stored_files


def _submit(client, base):
    """Post the final submit from the check-your-answers page."""
    response = client.post(f"{base}/nop")
    db.session.rollback()  # end the test's own read snapshot, so it sees what the request committed
    return response


def test_guide_links_to_start_and_start_page_opens(client, make):
    """The guide of an online procedure links to the start page, which lists the papers to prepare."""
    ward = make.ward()
    procedure = make.procedure(ward)
    guide = client.get(f"/{ward.slug}/thu-tuc/{procedure.code}").get_data(as_text=True)
    assert f"/{ward.slug}/thu-tuc/{procedure.code}/nop-ho-so" in guide
    page = client.get(f"/{ward.slug}/thu-tuc/{procedure.code}/nop-ho-so").get_data(as_text=True)
    assert "Giấy chứng sinh" in page and "Bắt đầu" in page


def test_no_js_round_trip_creates_one_dossier_with_files_and_receipt(client, make, app, instance_path):
    """Applicant → documents → delivery → review → submit gives a dossier, its files and a receipt."""
    ward = make.ward(unit_code="H40.25")
    procedure = make.procedure(ward, processing_days=3)
    token = start_draft(client, ward, procedure)
    base = fill_draft(client, ward, token)
    review = client.get(f"{base}/kiem-tra").get_data(as_text=True)
    assert APPLICANT["full_name"] in review and "giay-to-0.pdf" in review and "Đồng ý và nộp hồ sơ" in review

    response = _submit(client, base)
    assert response.status_code == 302
    dossier = db.session.scalar(db.select(Dossier))
    assert response.headers["Location"].endswith(f"/{ward.slug}/ho-so/{dossier.tracking_token}/da-nop")
    assert re.fullmatch(r"H40\.25-\d{6}-0001", dossier.code)
    assert dossier.status == 1 and dossier.channel == "online"
    assert dossier.applicant_phone == "0912345678" and dossier.applicant_birth_date.year == 1990
    assert dossier.procedure_snapshot["processing_days"] == 3
    assert len(dossier.procedure_snapshot["documents"]) == 2
    assert dossier.due_date is not None and dossier.due_date > dossier.submitted_at.date()

    attachments = [f for f in dossier.files if f.kind == "attachment"]
    assert len(attachments) == 4 and {f.document_index for f in attachments} == {0, 1}
    uploads = file_storage.uploads_dir(instance_path)
    for row in dossier.files:
        assert file_storage.sha256_of(uploads, row.stored_name) == row.sha256
        assert row.original_name not in row.stored_name
    assert [f.kind for f in dossier.files].count("receipt") == 1
    # the draft's uploads became the dossier's: nothing left behind, nothing duplicated
    draft = db.session.scalar(db.select(ApplicationDraft))
    assert draft.dossier_id == dossier.id and draft.files == []
    assert len(stored_files(instance_path)) == 5

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert dossier.code in page and "panel-confirm" in page and dossier.due_date.strftime("%d/%m/%Y") in page
    assert "bien-nhan.pdf" in page and "Điều gì xảy ra tiếp theo" in page
    assert APPLICANT["citizen_id"] not in page


def test_replayed_submit_creates_one_dossier(client, make):
    """A double click or a resent POST returns the same dossier, never a second one."""
    ward = make.ward()
    procedure = make.procedure(ward)
    base = fill_draft(client, ward, start_draft(client, ward, procedure))
    first = _submit(client, base)
    second = _submit(client, base)
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(db.select(db.func.count(Dossier.id))) == 1
    assert db.session.scalar(db.select(db.func.count(DossierFile.id)).where(DossierFile.kind == "receipt")) == 1
    # the draft pages now lead to the dossier
    assert client.get(f"{base}/thong-tin").headers["Location"] == first.headers["Location"]


def test_dossier_pages_of_another_ward_are_404(client, make):
    """A tracking token used under another ward's address finds nothing."""
    ward, other = make.ward(), make.ward()
    procedure = make.procedure(ward)
    location = _submit(client, fill_draft(client, ward, start_draft(client, ward, procedure))).headers["Location"]
    token = location.rsplit("/", 2)[1]
    assert client.get(f"/{other.slug}/ho-so/{token}/da-nop").status_code == 404
    assert client.get(f"/{other.slug}/ho-so/{token}/bien-nhan.pdf").status_code == 404
    assert client.get(f"/{ward.slug}/ho-so/{'x' * 32}/da-nop").status_code == 404
