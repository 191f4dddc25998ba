"""Tracking is rate-limited against guessing codes and phone digits."""

from datetime import datetime, timezone

import pytest

from wardportal.dossiers import workflow

from .staff_factories import make_staff
from .workflow_factories import client, make_dossier  # noqa: F401  (client fixture)


@pytest.fixture
def app_settings():
    return {"RATELIMIT_ENABLED": True, "TRACK_LIMIT_PER_ADDRESS": "8 per minute",
            "TRACK_PHONE_MAX_FAILURES": 3}


@pytest.fixture
def dossier(make):
    ward = make.ward(slug="phuong-mot")
    dossier = make_dossier(ward)
    workflow.receive(dossier, make_staff(ward, "officer"), now=datetime(2026, 11, 23, 2, tzinfo=timezone.utc))
    return dossier


def test_wrong_phone_digits_lock_the_dossier_after_a_few_tries(client, dossier):
    code = dossier.code
    for suffix in ("0001", "0002", "0003"):
        assert client.post("/phuong-mot/tra-cuu", data={"code": code, "phone_suffix": suffix}).status_code == 200
    locked = client.post("/phuong-mot/tra-cuu", data={"code": code, "phone_suffix": "5678"})
    assert locked.status_code == 429 and "Quá nhiều lần tra cứu" in locked.get_data(as_text=True)
    assert "Trần Văn Bình" not in locked.get_data(as_text=True)


def test_the_qr_links_phone_check_is_limited_too(client, dossier):
    url = f"/phuong-mot/ho-so/{dossier.tracking_token}"
    for suffix in ("0001", "0002", "0003"):
        assert client.post(url, data={"phone_suffix": suffix}).status_code == 200
    assert client.post(url, data={"phone_suffix": "5678"}).status_code == 429


def test_code_guessing_from_one_address_is_limited(client, dossier):
    statuses = [client.post("/phuong-mot/tra-cuu", data={"code": f"H29.01-261123-{n:04d}"}).status_code
                for n in range(10)]
    assert statuses[:8] == [200] * 8 and statuses[8:] == [429, 429]


def test_right_digits_do_not_count_against_the_dossier(client, dossier):
    for _ in range(5):
        response = client.post("/phuong-mot/tra-cuu", data={"code": dossier.code, "phone_suffix": "5678"})
        assert response.status_code == 302
