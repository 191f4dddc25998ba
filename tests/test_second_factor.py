"""The receipt carries personal data: a browser gets it only after the phone check (or as the submitter)."""

from datetime import date, datetime, timezone

from wardportal.dossiers import receipts

from .workflow_factories import make_dossier


def test_receipt_needs_the_phone_check_in_a_new_browser(app, client, make):
    ward = make.ward(slug="phuong-lam")
    dossier = make_dossier(ward, status=2, phone="0912 345 678", due_date=date(2026, 11, 26),
                           received_at=datetime(2026, 11, 23, 2, tzinfo=timezone.utc))
    receipts.issue_receipt(dossier, "http://localhost/")
    url = f"/phuong-lam/ho-so/{dossier.tracking_token}/bien-nhan.pdf"
    response = client.get(url)
    assert response.status_code == 302 and response.location.endswith(f"/ho-so/{dossier.tracking_token}")
    client.post(f"/phuong-lam/ho-so/{dossier.tracking_token}", data={"phone_suffix": "1234"})
    assert client.get(url).status_code == 302
    client.post(f"/phuong-lam/ho-so/{dossier.tracking_token}", data={"phone_suffix": "5678"})
    response = client.get(url)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
