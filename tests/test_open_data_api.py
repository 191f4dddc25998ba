"""Open data API (OpenAPI 3, checked by schemathesis) and Open311 GeoReport v2 with per-client API keys."""

import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone

import pytest
import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from sqlalchemy import select

from wardportal.api.keys import create_client, hash_key
from wardportal.feedback.models import ApiClient, FeedbackReport
from wardportal.feedback.reports import handle, save_category, submit_report
from wardportal.kernel.extensions import db

from .staff_factories import login, make_staff, settle, unexpiring_session  # noqa: F401  (autouse fixture)
from .workflow_factories import client, make_dossier  # noqa: F401  (client fixture)

NOW = datetime(2026, 11, 20, 3, tzinfo=timezone.utc)


@pytest.fixture
def ward(make):
    """A ward with guides, a dossier, feedback categories, an answered and an open report, and an API key."""
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    guide = make.procedure(ward, code="1.001193")
    make.procedure(ward, code="1.000894", title="Đăng ký khai tử")
    make_dossier(ward, guide, status=10, code="H29.01-261102-0001", received_at=datetime(2026, 11, 2, 3, tzinfo=timezone.utc),
                 due_date=date(2026, 11, 5), result_ready_at=datetime(2026, 11, 4, 3, tzinfo=timezone.utc), rating=5)
    road = save_category(ward, "Hạ tầng, giao thông")
    answered = submit_report(ward, road, "Đèn đường hỏng ngõ 3", now=NOW, reporter_name="Vũ Văn Nam",
                             reporter_phone="0988 777 666", latitude=20.81, longitude=105.33)
    handle(answered, status="answered", assigned_to=None, public_answer="Đã thay bóng đèn.", internal_note="",
           now=NOW)
    submit_report(ward, road, "Chưa trả lời", now=NOW, reporter_email="a@example.vn")
    _, key = create_client(ward, "Ứng dụng phản ánh", NOW)
    db.session.commit()
    ward.key = key
    ward.answered_code = answered.tracking_code
    settle(ward)
    return ward


def test_openapi_document_validates(client, ward):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert "/open311/v2/requests.json" in document["paths"] and document["openapi"].startswith("3.")


def test_api_conforms_to_its_openapi_document(app, client, ward):
    """Schemathesis: for every operation, no 500 and every response (status, content type, body) as documented."""
    api_schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def conforms(case):
            # The fresh-context test client gives each request its own app context, as in production.
            # Schema-valid but refused requests are expected where parameters depend on each other (a custom
            # period's tu must not be after den), which OpenAPI 3.0 parameters cannot express; every other
            # check runs (no 500, status codes, content types, response schemas, headers).
            # The test client does not decompress: ask for the plain body (clients that send
            # Accept-Encoding get it compressed, as any HTTP client decodes).
            case.call_and_validate(session=client, headers={"Accept-Encoding": "identity"},
                                   excluded_checks=[positive_data_acceptance])

        conforms()


def test_wards_catalogue_detail_and_figures(client, ward):
    assert client.get("/api/v1/wards").get_json()["results"][0]["slug"] == "phuong-lam"
    listing = client.get("/api/v1/wards/phuong-lam/catalogue?limit=1").get_json()
    assert listing["total"] == 2 and len(listing["results"]) == 1
    detail = client.get("/api/v1/wards/phuong-lam/procedures/1.001193").get_json()
    assert detail["documents"] and detail["observed_processing_days"] is None  # one case is not enough
    figures = client.get("/api/v1/wards/phuong-lam/figures?ky=thang&nam=2026&thang=11").get_json()
    assert (figures["received"], figures["resolved"], figures["on_time"]) == (1, 1, 1)
    assert figures["satisfaction"]["distribution"]["5"] == 1
    province = client.get("/api/v1/figures?ky=nam&nam=2026").get_json()
    assert province["ranking"][0]["ward"] == "phuong-lam"
    bad = client.get("/api/v1/figures?ky=quy&quy=7")
    assert bad.status_code == 400 and "quy" in bad.get_json()["error"]


def test_dossier_status_by_code_tells_nothing_personal(client, ward):
    data = client.get("/api/v1/wards/phuong-lam/dossiers/h29.01-261102-0001").get_json()
    assert data["status"] == 10 and data["status_en"] == "Result returned"
    assert set(data) == {"code", "status", "status_vi", "status_en", "last_update"}
    assert client.get("/api/v1/wards/phuong-lam/dossiers/X-1").status_code == 404


def test_feedback_api_hides_personal_data(client, ward):
    results = client.get("/api/v1/wards/phuong-lam/feedback").get_json()["results"]
    assert [r["code"] for r in results] == [ward.answered_code]
    text = str(results)
    assert "Vũ Văn Nam" not in text and "0988" not in text and results[0]["answer"] == "Đã thay bóng đèn."


def test_open311_services_and_requests_in_json_and_xml(client, ward):
    services = client.get("/open311/v2/services.json?jurisdiction_id=phuong-lam").get_json()
    codes = {s["service_code"]: s for s in services}
    assert codes["pa-ha-tang-giao-thong"]["type"] == "realtime" and codes["1.001193"]["type"] == "blackbox"
    xml = ET.fromstring(client.get("/open311/v2/services.xml?jurisdiction_id=phuong-lam").data)
    assert xml.tag == "services" and xml.find("service/service_code") is not None
    definition = client.get("/open311/v2/services/1.001193.json?jurisdiction_id=phuong-lam").get_json()
    assert definition == {"service_code": "1.001193", "attributes": []}
    requests = client.get("/open311/v2/requests.json?jurisdiction_id=phuong-lam&start_date=2026-11-01T00:00:00Z"
                          ).get_json()
    assert [r["service_request_id"] for r in requests] == [ward.answered_code]
    assert requests[0]["status"] == "closed" and requests[0]["status_notes"] == "Đã thay bóng đèn."
    one = client.get(f"/open311/v2/requests/{ward.answered_code}.xml?jurisdiction_id=phuong-lam")
    assert ET.fromstring(one.data).find("request/service_request_id").text == ward.answered_code


def test_open311_post_needs_a_key_of_the_ward_and_creates_feedback(client, ward, make):
    form = {"jurisdiction_id": "phuong-lam", "service_code": "pa-ha-tang-giao-thong", "lat": "20.8",
            "long": "105.3", "description": "Cây đổ chắn đường", "first_name": "Hoa", "email": "hoa@example.vn"}
    refused = client.post("/open311/v2/requests.json", data=form)
    assert refused.status_code == 403 and refused.get_json()[0]["code"] == 403
    other = make.ward()
    _, other_key = create_client(other, "Khác", NOW)
    db.session.commit()
    assert client.post("/open311/v2/requests.json", data={**form, "api_key": other_key}).status_code == 403
    procedure = client.post("/open311/v2/requests.xml", data={**form, "service_code": "1.001193",
                                                               "api_key": ward.key})
    assert procedure.status_code == 404 and ET.fromstring(procedure.data).tag == "errors"
    created = client.post("/open311/v2/requests.json", data=form, headers={"X-API-Key": ward.key})
    assert created.status_code == 201
    code = created.get_json()[0]["service_request_id"]
    report = db.session.scalar(select(FeedbackReport).where(FeedbackReport.tracking_code == code))
    assert report.source == "open311" and report.reporter_name == "Hoa" and report.latitude == 20.8
    bad = client.post("/open311/v2/requests.json", data={**form, "lat": "abc", "api_key": ward.key})
    assert bad.status_code == 400 and bad.get_json() == [{"code": 400, "description": "lat must be a number"}]


def test_open311_errors_use_the_spec_format(client, ward, make):
    make.ward()  # two wards: jurisdiction_id becomes required
    missing = client.get("/open311/v2/services.json")
    assert missing.status_code == 400 and "jurisdiction_id" in missing.get_json()[0]["description"]
    unknown = client.get("/open311/v2/services.xml?jurisdiction_id=khong-co")
    assert unknown.status_code == 404 and ET.fromstring(unknown.data).find("error/code").text == "404"
    assert client.get("/open311/v2/khong-co.json").get_json()[0]["code"] == 404


def test_keys_are_stored_hashed_and_managed_by_ward_admins(client, ward):
    stored = db.session.scalars(select(ApiClient.key_hash)).all()
    assert ward.key not in stored and hash_key(ward.key) in stored
    officer = make_staff(ward, "officer")
    login(client, officer.email)
    assert client.get("/phuong-lam/can-bo/khoa-api/").status_code == 404
    client.post("/can-bo/dang-xuat")
    admin = make_staff(ward, "admin")
    login(client, admin.email)
    page = client.post("/phuong-lam/can-bo/khoa-api/", data={"name": "Bản đồ số"}).get_data(as_text=True)
    new_key = page.split('<code class="code">')[1].split("<")[0]
    assert new_key.startswith("wpk_") and "Bản đồ số" in page
    assert new_key not in client.get("/phuong-lam/can-bo/khoa-api/").get_data(as_text=True)  # shown once
    client_id = db.session.scalar(select(ApiClient.id).where(ApiClient.name == "Bản đồ số"))
    settle()
    client.post(f"/phuong-lam/can-bo/khoa-api/{client_id}/thu-hoi")
    post = client.post("/open311/v2/requests.json", data={"jurisdiction_id": "phuong-lam", "api_key": new_key,
                                                          "service_code": "pa-ha-tang-giao-thong",
                                                          "description": "x"})
    assert post.status_code == 403


@pytest.mark.parametrize("app_settings", [{"RATELIMIT_ENABLED": True, "API_RATE_LIMIT_ANONYMOUS": "3 per minute",
                                            "API_RATE_LIMIT_PER_KEY": "5 per minute"}])
def test_rate_limit_counts_per_key(client, ward):
    for _ in range(3):
        assert client.get("/api/v1/wards").status_code == 200
    assert client.get("/api/v1/wards").status_code == 429
    # A valid key has its own, larger allowance; a made-up key counts as no key.
    assert client.get("/api/v1/wards", headers={"X-API-Key": "wpk_made-up"}).status_code == 429
    for _ in range(5):
        assert client.get("/api/v1/wards", headers={"X-API-Key": ward.key}).status_code == 200
    assert client.get("/api/v1/wards", headers={"X-API-Key": ward.key}).status_code == 429
    # Open311 has its own allowance, and answers a breach in the spec's error format.
    for _ in range(3):
        assert client.get("/open311/v2/services.json").status_code == 200
    limited = client.get("/open311/v2/services.json")
    assert limited.status_code == 429 and limited.get_json()[0]["code"] == 429


def test_feedback_and_open311_on_postgresql(instance_path):
    """Reports, keys and the Open311 round trip on the multi-server engine."""
    from .postgres_support import fresh_postgres_app

    app = fresh_postgres_app(instance_path)
    try:
        with app.app_context():
            ward = make_ward_with_key()
            slug, key = ward.slug, ward.key
            db.session.remove()
        client = app.test_client()
        created = client.post("/open311/v2/requests.json", data={
            "jurisdiction_id": slug, "api_key": key, "service_code": "pa-moi-truong",
            "description": "Nước thải tràn ra ngõ 7", "lat": "20.81", "long": "105.33"})
        assert created.status_code == 201
        code = created.get_json()[0]["service_request_id"]
        one = client.get(f"/open311/v2/requests/{code}.json?jurisdiction_id={slug}").get_json()
        assert one[0]["status"] == "open" and one[0]["lat"] == 20.81
        assert client.get(f"/api/v1/wards/{slug}/feedback/{code}").get_json()["answer"] is None
        assert client.get(f"/{slug}/phan-anh/{code}").status_code == 200
    finally:
        with app.app_context():
            db.engine.dispose()


def make_ward_with_key():
    """A ward with one feedback category and an API key (the key kept on the object for the test)."""
    from .factories import Factories

    ward = Factories().ward()
    save_category(ward, "Môi trường")
    _, key = create_client(ward, "Ứng dụng", NOW)
    db.session.commit()
    ward.key = key
    return ward
