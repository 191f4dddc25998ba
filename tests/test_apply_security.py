"""CSRF on every step and rate limits per address on the costly ones."""

import pytest

from wardportal.dossiers.models import ApplicationDraft, Dossier
from wardportal.kernel.extensions import db

from .apply_support import client, fill_draft, start_draft  # noqa: F401


class TestCsrf:
    """With CSRF protection on, as in production."""

    @pytest.fixture
    def app_settings(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_posts_without_token_are_refused_and_store_nothing(self, client, make):
        """No token: no draft, no answers saved; with the page's token the step works."""
        ward = make.ward()
        procedure = make.procedure(ward)
        assert client.post(f"/{ward.slug}/thu-tuc/{procedure.code}/nop-ho-so").status_code == 400
        assert db.session.scalar(db.select(db.func.count(ApplicationDraft.id))) == 0
        assert client.post("/xac-thuc-van-ban").status_code == 400

        page = client.get(f"/{ward.slug}/thu-tuc/{procedure.code}/nop-ho-so").get_data(as_text=True)
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        response = client.post(f"/{ward.slug}/thu-tuc/{procedure.code}/nop-ho-so", data={"csrf_token": token})
        assert response.status_code == 302
        draft_url = response.headers["Location"]
        assert client.post(draft_url, data={"full_name": "X"}).status_code == 400
        assert db.session.scalar(db.select(ApplicationDraft)).answers == {}
        htmx = client.post(draft_url.replace("thong-tin", "kiem-tra/full_name"), data={"full_name": "X"},
                           headers={"HX-Request": "true", "X-CSRFToken": token})
        assert htmx.status_code == 200


class TestRateLimit:
    """With rate limiting on and a small submit limit."""

    @pytest.fixture
    def app_settings(self):
        return {"RATELIMIT_ENABLED": True, "SUBMIT_RATE_LIMIT": "2 per minute", "DRAFT_RATE_LIMIT": "3 per minute"}

    def test_submits_beyond_the_limit_are_refused(self, client, make):
        """The third submit from one address within a minute gets 429 and creates nothing."""
        ward = make.ward()
        procedure = make.procedure(ward)
        bases = [fill_draft(client, ward, start_draft(client, ward, procedure), per_slot=1) for _ in range(3)]
        assert client.post(f"{bases[0]}/nop").status_code == 302
        assert client.post(f"{bases[1]}/nop").status_code == 302
        assert client.post(f"{bases[2]}/nop").status_code == 429
        assert db.session.scalar(db.select(db.func.count(Dossier.id))) == 2
        assert client.post(f"/{ward.slug}/thu-tuc/{procedure.code}/nop-ho-so").status_code == 429
