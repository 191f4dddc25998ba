"""Paying through the gateway (a provider running on loopback), signed fee receipts, and delivery."""

import subprocess
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from wardportal.dossiers.status import DossierStatus
from wardportal.kernel import signature_policy
from wardportal.kernel.extensions import db
from wardportal.payments import ledger
from wardportal.payments.models import FeePayment, GatewayPayment

from .payment_provider import RunningProvider, signed_result
from .payment_support import owing_dossier, with_account
from .staff_factories import login, make_staff
from .workflow_factories import client, make_dossier, stored_file  # noqa: F401  (client fixture)

PHONE_SUFFIX = "5678"


@pytest.fixture(scope="module")
def provider():
    running = RunningProvider()
    yield running
    running.stop()


@pytest.fixture
def app_settings(provider):
    return provider.settings()


@pytest.fixture
def ward(make):
    return with_account(make.ward(unit_code="000.26.30.H31"))


def verified(client, ward, dossier):
    """Pass the phone check for the dossier in this client's session."""
    response = client.post(f"/{ward.slug}/ho-so/{dossier.tracking_token}", data={"phone_suffix": PHONE_SUFFIX})
    assert response.status_code == 302


def test_pay_online_through_the_provider_and_back(client, ward, provider):
    dossier = owing_dossier(ward, 15000)
    verified(client, ward, dossier)
    page = client.get(f"/{ward.slug}/ho-so/{dossier.tracking_token}").get_data(as_text=True)
    assert "VietQR" in page and "15.000 đ" in page and "Thanh toán trực tuyến" in page
    start = client.post(f"/{ward.slug}/ho-so/{dossier.tracking_token}/thanh-toan")
    assert start.status_code == 303 and start.headers["Location"].startswith(provider.url)
    # the applicant's browser at the provider: its page, then the confirm button
    at_provider = requests.get(start.headers["Location"], timeout=5)
    assert at_provider.status_code == 200 and "15000" in at_provider.text
    order = provider.app.orders[-1]
    back = requests.post(provider.url + "/confirm", data=dict(order, status="paid"), allow_redirects=False,
                         timeout=5)
    callback = urlparse(back.headers["Location"])
    assert callback.path == "/thanh-toan/ket-qua"
    done = client.get(f"{callback.path}?{callback.query}")
    assert done.status_code == 302
    db.session.refresh(dossier)
    assert dossier.status == DossierStatus.PROCESSING
    assert ledger.amount_paid(dossier) == 15000
    # the provider's server notification arrives too, later: nothing is recorded twice
    again = client.post(callback.path, data={k: v[0] for k, v in parse_qs(callback.query).items()})
    assert again.status_code == 200 and again.get_json()["status"] == "paid"
    assert db.session.scalar(db.select(db.func.count()).select_from(FeePayment)) == 1


def test_forged_or_altered_callbacks_change_nothing(client, ward):
    dossier = owing_dossier(ward, 15000)
    verified(client, ward, dossier)
    client.post(f"/{ward.slug}/ho-so/{dossier.tracking_token}/thanh-toan")
    order = db.session.scalar(db.select(GatewayPayment))
    forged = signed_result(order.order_ref, 15000, secret="not-the-providers-secret-123")
    assert client.post("/thanh-toan/ket-qua", data=forged).status_code == 400
    cheaper = signed_result(order.order_ref, 1000)  # genuine signature, but not the order's amount
    assert client.post("/thanh-toan/ket-qua", data=cheaper).status_code == 400
    unknown = signed_result("deadbeef", 15000)
    assert client.post("/thanh-toan/ket-qua", data=unknown).status_code == 400
    db.session.refresh(dossier)
    assert dossier.status == DossierStatus.FEES_REQUESTED and ledger.amount_paid(dossier) == 0


def test_paying_needs_the_phone_check(client, ward):
    dossier = owing_dossier(ward, 15000)
    assert client.post(f"/{ward.slug}/ho-so/{dossier.tracking_token}/thanh-toan").status_code == 404
    assert db.session.scalar(db.select(db.func.count()).select_from(GatewayPayment)) == 0


def test_signed_fee_receipt_is_issued_once_and_verifies(app, client, ward, tmp_path):
    officer = make_staff(ward, "officer")
    dossier = owing_dossier(ward, 105000)
    ledger.record_payment(dossier, amount=105000, method="cash", paid_on=dossier.submitted_at.date(),
                          reference="PT-0012", actor=officer, ip_address="x")
    payment = db.session.scalar(db.select(FeePayment))
    verified(client, ward, dossier)
    url = f"/{ward.slug}/ho-so/{dossier.tracking_token}/bien-lai/{payment.id}"
    first = client.get(url)
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    assert client.get(url).data == first.data  # the stored copy, never re-signed
    result = signature_policy.verify_pdf(first.data, app.instance_path)
    assert result.valid, result
    path = tmp_path / "bien-lai.pdf"
    path.write_bytes(first.data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text and "Một trăm linh năm nghìn đồng" in text and "PT-0012" in text
    other = make_dossier(ward)
    assert client.get(f"/{ward.slug}/ho-so/{other.tracking_token}/bien-lai/{payment.id}").status_code == 404


def test_result_by_post_shows_the_tracking_number(client, ward):
    officer = make_staff(ward, "officer")
    dossier = make_dossier(ward, status=int(DossierStatus.READY), delivery_method="post")
    login(client, officer.email)
    base = f"/{ward.slug}/can-bo/ho-so/{dossier.id}"
    assert client.post(f"{base}/gui-buu-dien", data={"tracking_number": ""}).status_code == 400
    assert client.post(f"{base}/gui-buu-dien", data={"tracking_number": "ee123456789vn"}).status_code == 302
    db.session.refresh(dossier)
    assert dossier.status == DossierStatus.RETURNED and dossier.delivery.postal_tracking == "EE123456789VN"
    client.post("/can-bo/dang-xuat")
    verified(client, ward, dossier)
    page = client.get(f"/{ward.slug}/ho-so/{dossier.tracking_token}").get_data(as_text=True)
    assert "EE123456789VN" in page


def test_online_result_counts_as_returned_when_the_applicant_downloads_it(app, client, ward):
    dossier = make_dossier(ward, status=int(DossierStatus.READY), delivery_method="online")
    result = stored_file(app, dossier, kind="result", name="ket-qua.pdf")
    verified(client, ward, dossier)
    assert client.get(f"/{ward.slug}/ho-so/{dossier.tracking_token}/tep/{result.id}").status_code == 200
    db.session.refresh(dossier)
    assert dossier.status == DossierStatus.RETURNED and dossier.delivery.downloaded_at is not None
    page = client.get(f"/{ward.slug}/ho-so/{dossier.tracking_token}").get_data(as_text=True)
    assert "Người nộp đã tải kết quả" in page
