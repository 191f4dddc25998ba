"""Issue 30: what a signed-in resident gets, and what nobody else gets — against the real test provider.

"Hồ sơ của tôi" across wards by the verified citizen ID; tracking one's own dossiers without the phone check;
applications prefilled and marked verified for the officer; drafts and reports listed; sessions server-side,
rotated, revocable, never a staff session; logout ending the provider's session too; IDOR across residents
and wards; and without a provider, nothing of this at all.
"""

import html
import re
from datetime import date

import pytest

from wardportal import create_app  # noqa: F401
from wardportal.dossiers.models import Dossier
from wardportal.feedback.reports import save_category
from wardportal.kernel.extensions import db
from wardportal.residents.models import Resident, ResidentSession

from .conftest import FreshContextClient
from .apply_support import APPLICANT, client, fill_draft, start_draft  # noqa: F401
from .oidc_support import (CITIZEN_IDS, NAMES, ProviderBrowser, oidc_issuer, oidc_settings,  # noqa: F401
                           query_of, sign_in)
from .staff_factories import login, make_staff
from .staff_routes import StaffWorld, staff_rules
from .workflow_factories import make_dossier

A, B = CITIZEN_IDS["cong-dan-a"], CITIZEN_IDS["cong-dan-b"]


@pytest.fixture
def app_settings(oidc_issuer):
    return oidc_settings(oidc_issuer)


@pytest.fixture(autouse=True)
def fresh_contexts(app):
    """Every test client here gets an app context per request, as in production (see conftest)."""
    app.test_client_class = FreshContextClient


@pytest.fixture
def wards(make):
    return make.ward(slug="phuong-mot"), make.ward(slug="xa-hai")


@pytest.fixture
def world(wards):
    """Dossiers of residents A and B in two wards, and one where someone typed A's citizen ID online."""
    one, two = wards
    return {
        "a_counter": make_dossier(one, channel="counter", applicant_id_number=A, name=NAMES["cong-dan-a"]),
        "a_verified": make_dossier(two, applicant_id_number=A, name=NAMES["cong-dan-a"], applicant_verified=True),
        "a_typed_by_someone": make_dossier(one, applicant_id_number=A, name="Kẻ Mạo Danh"),
        "b_counter": make_dossier(two, channel="counter", applicant_id_number=B, name=NAMES["cong-dan-b"]),
    }


def signed_in(app, account):
    client = app.test_client()
    response = sign_in(client, account)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def test_hồ_sơ_của_tôi_lists_the_residents_own_dossiers_across_wards_and_no_one_elses(app, world):
    page = signed_in(app, "cong-dan-a").get("/ho-so-cua-toi").get_data(as_text=True)
    assert world["a_counter"].tracking_token in page and world["a_verified"].tracking_token in page
    assert "phuong-mot" in page and "xa-hai" in page
    assert world["a_typed_by_someone"].tracking_token not in page  # typed, not vouched for
    assert world["b_counter"].tracking_token not in page
    other = signed_in(app, "cong-dan-b").get("/ho-so-cua-toi").get_data(as_text=True)
    assert world["b_counter"].tracking_token in other
    assert not any(world[k].tracking_token in other for k in ("a_counter", "a_verified", "a_typed_by_someone"))


def test_own_dossiers_open_without_the_phone_check_others_do_not(app, world):
    a = signed_in(app, "cong-dan-a")
    for key in ("a_counter", "a_verified"):
        d = world[key]
        page = a.get(f"/{d.ward.slug}/ho-so/{d.tracking_token}").get_data(as_text=True)
        assert d.applicant_name in page and "4 chữ số cuối" not in page
    for key in ("b_counter", "a_typed_by_someone"):  # another resident's, and one only typed with A's number
        d = world[key]
        page = a.get(f"/{d.ward.slug}/ho-so/{d.tracking_token}").get_data(as_text=True)
        assert "4 chữ số cuối" in page and d.applicant_name not in page
    # Another ward's URL with the dossier's token is a 404, signed in or not.
    d = world["a_counter"]
    assert a.get(f"/xa-hai/ho-so/{d.tracking_token}").status_code == 404
    # The receipt (personal data) follows the same rule: B's sends A to the phone check.
    b = world["b_counter"]
    assert a.get(f"/xa-hai/ho-so/{b.tracking_token}/bien-nhan.pdf").status_code == 302


def test_the_application_is_prefilled_verified_and_marked_for_the_officer(app, make, wards):
    one, _ = wards
    procedure = make.procedure(one)
    a = signed_in(app, "cong-dan-a")
    token = start_draft(a, one, procedure)
    page = a.get(f"/{one.slug}/nop-ho-so/{token}/thong-tin").get_data(as_text=True)
    assert f'value="{A}"' in page and NAMES["cong-dan-a"] in page and 'value="27/03/1990"' in page
    assert re.search(r'name="citizen_id"[^>]*readonly|readonly[^>]*name="citizen_id"', page)
    assert "Bồ Đề" in page  # the address the provider gave
    # A crafted post cannot change what the provider vouched for.
    base = fill_draft(a, one, token, applicant=dict(APPLICANT, citizen_id="001190099999", full_name="Người Khác"))
    response = a.post(f"{base}/nop")
    assert response.status_code == 302
    dossier = db.session.scalar(db.select(Dossier).where(Dossier.ward_id == one.id))
    assert (dossier.applicant_id_number, dossier.applicant_name) == (A, NAMES["cong-dan-a"])
    assert dossier.applicant_birth_date == date(1990, 3, 27) and dossier.applicant_verified
    assert dossier.tracking_token in a.get("/ho-so-cua-toi").get_data(as_text=True)
    officer = make_staff(one, "officer")
    staff = app.test_client()
    login(staff, officer.email)
    desk = staff.get(f"/{one.slug}/can-bo/ho-so/{dossier.id}").get_data(as_text=True)
    assert 'id="applicant-verified"' in desk and "Đã xác thực định danh điện tử" in desk


def test_an_anonymous_application_is_not_marked_verified(app, make, wards):
    one, _ = wards
    procedure = make.procedure(one)
    anonymous = app.test_client()
    token = start_draft(anonymous, one, procedure)
    base = fill_draft(anonymous, one, token, applicant=dict(APPLICANT, citizen_id=A, full_name=NAMES["cong-dan-a"]))
    assert anonymous.post(f"{base}/nop").status_code == 302
    dossier = db.session.scalar(db.select(Dossier).where(Dossier.ward_id == one.id))
    assert not dossier.applicant_verified
    # ...so it is not on A's list either: only typed with A's number.
    assert dossier.tracking_token not in signed_in(app, "cong-dan-a").get("/ho-so-cua-toi").get_data(as_text=True)


def test_drafts_are_listed_resumed_by_their_owner_only(app, make, wards):
    one, two = wards
    a = signed_in(app, "cong-dan-a")
    start_draft(a, one, make.procedure(one, title="Đăng ký kết hôn"))
    old_token = start_draft(a, two, make.procedure(two, title="Đăng ký thường trú"))
    page = a.get("/ho-so-cua-toi").get_data(as_text=True)
    assert "Đăng ký kết hôn" in page and "Đăng ký thường trú" in page
    draft_ids = [int(i) for i in re.findall(r"/ho-so-cua-toi/ban-nhap/(\d+)", page)]
    b = signed_in(app, "cong-dan-b")
    assert "Đăng ký kết hôn" not in b.get("/ho-so-cua-toi").get_data(as_text=True)
    for draft_id in draft_ids:
        assert b.post(f"/ho-so-cua-toi/ban-nhap/{draft_id}").status_code == 404
    resumed = a.post(f"/ho-so-cua-toi/ban-nhap/{max(draft_ids)}")
    assert resumed.status_code == 302 and "/xa-hai/nop-ho-so/" in resumed.headers["Location"]
    assert a.get(f"/xa-hai/nop-ho-so/{old_token}").status_code == 404  # the old link stops working


def test_feedback_reports_sent_signed_in_are_listed(app, wards):
    one, _ = wards
    save_category(one, "Vệ sinh môi trường")
    db.session.commit()
    a = signed_in(app, "cong-dan-a")
    form = a.get(f"/{one.slug}/phan-anh/gui").get_data(as_text=True)
    code = re.search(r'<option value="([^"]+)">Vệ sinh môi trường', form)[1]
    sent = a.post(f"/{one.slug}/phan-anh/gui", data={"category": code, "description": "Rác để lâu ngày ở đầu ngõ 12."})
    assert sent.status_code == 302, sent.get_data(as_text=True)[:500]
    tracking = re.search(r"/phan-anh/([^/?]+)\?", sent.headers["Location"])[1]
    assert tracking in a.get("/ho-so-cua-toi").get_data(as_text=True)
    assert tracking not in signed_in(app, "cong-dan-b").get("/ho-so-cua-toi").get_data(as_text=True)


def test_sign_in_rotates_the_session_and_a_resident_is_never_staff(app, make, wards):
    client = app.test_client()
    with client.session_transaction() as session:
        session["tracked_dossiers"] = [1, 2, 3]
        session["planted"] = "by someone else"
    assert sign_in(client, "cong-dan-a").status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session and "tracked_dossiers" not in session
        assert "_user_id" not in session and session["resident_sid"]
    # Every staff page (each /can-bo/ rule behind staff_required) refuses a signed-in resident: sign-in page or 404.
    world = StaffWorld(app, make, app.test_client(), slug="phuong-can-bo")
    rules = [r for r in staff_rules(app) if hasattr(app.view_functions[r.endpoint], "staff_roles")]
    assert len(rules) >= 80
    for rule in rules:
        response = client.get(world.url(rule))
        assert response.status_code in (302, 303, 404, 405), (rule.rule, response.status_code)
        if response.status_code in (302, 303):
            assert "/can-bo/dang-nhap" in response.headers["Location"], rule.rule


def test_signing_out_ends_the_session_server_side_even_for_a_copied_cookie(app):
    client = signed_in(app, "cong-dan-a")
    copy = app.test_client()
    cookie = client.get_cookie("session")
    copy.set_cookie("session", cookie.value)
    assert copy.get("/ho-so-cua-toi").status_code == 200
    assert client.post("/dang-xuat").status_code == 200
    assert client.get("/ho-so-cua-toi").status_code == 401
    assert copy.get("/ho-so-cua-toi").status_code == 401  # the row ended: the copy is out too
    row = db.session.scalar(db.select(ResidentSession))
    assert row.ended_at is not None and row.id_token == ""


def test_sign_out_ends_the_providers_session_too(app, oidc_issuer):
    browser = ProviderBrowser()
    client = app.test_client()
    assert sign_in(client, "cong-dan-a", browser).status_code == 302
    response = client.post("/dang-xuat")
    assert response.status_code == 200  # a page going on to the provider (form-action 'self' stops a redirect)
    logout = html.unescape(re.search(r'id="provider-logout" href="([^"]+)"', response.get_data(as_text=True))[1])
    assert f'content="0;url={logout}"' in html.unescape(response.get_data(as_text=True))
    assert logout.startswith(f"{oidc_issuer}/session/end?")
    query = query_of(logout)
    assert query["id_token_hint"].count(".") == 2 and query["post_logout_redirect_uri"] == "http://localhost/"
    ended = browser.end_session(logout)
    assert ended.status_code in (302, 303) and ended.headers["Location"].startswith("http://localhost/")
    # The provider asks the resident to sign in again: its own session ended as well.
    again = browser.http.get(client.get("/dang-nhap").headers["Location"], allow_redirects=True, timeout=10)
    assert 'name="login"' in again.text


def test_the_residents_pages_are_private_and_so_is_everything_answered_to_a_resident(app, wards):
    client = signed_in(app, "cong-dan-a")
    for path in ("/ho-so-cua-toi", "/phuong-mot/", "/"):
        directives = {p.strip() for p in client.get(path).headers.get("Cache-Control", "").split(",")}
        assert {"private", "no-store"} <= directives, path
    anonymous = app.test_client()
    for path in ("/dang-nhap", "/ho-so-cua-toi"):
        assert "no-store" in anonymous.get(path).headers.get("Cache-Control", "")


def test_without_a_provider_nothing_shows_and_every_route_is_404(instance_path, migrated_db, wards):
    import shutil

    from .conftest import make_app
    bare = make_app(instance_path / "bare", SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance_path}/wardportal.db")
    client = bare.test_client()
    rules = [r for r in bare.url_map.iter_rules() if r.endpoint.startswith("residents.")]
    assert len(rules) >= 5
    for rule in rules:
        path = re.sub(r"<[^>]+>", "1", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert client.open(path, method=method).status_code == 404, (method, path)
    page = client.get("/phuong-mot/").get_data(as_text=True)
    assert 'href="/dang-nhap"' not in page and "Hồ sơ của tôi" not in page
    del shutil


def test_with_a_provider_the_header_offers_sign_in_and_then_hồ_sơ_của_tôi(app, wards):
    anonymous = app.test_client()
    assert 'href="/dang-nhap"' in anonymous.get("/phuong-mot/").get_data(as_text=True)
    resident = signed_in(app, "cong-dan-a")
    page = resident.get("/phuong-mot/").get_data(as_text=True)
    assert 'href="/ho-so-cua-toi"' in page and 'href="/dang-nhap"' not in page


def test_a_resident_row_keeps_only_a_hash_of_the_providers_subject(app):
    signed_in(app, "cong-dan-a")
    resident = db.session.scalar(db.select(Resident))
    assert resident.citizen_id == A and "cong-dan-a" not in resident.subject_hash


def test_an_operator_ends_every_session_of_a_resident_at_once(app, runner):
    first, second = signed_in(app, "cong-dan-a"), signed_in(app, "cong-dan-a")
    other = signed_in(app, "cong-dan-b")
    result = runner.invoke(args=["end-resident-sessions", A])
    assert result.exit_code == 0 and "2 session(s) ended." in result.output
    assert first.get("/ho-so-cua-toi").status_code == 401 and second.get("/ho-so-cua-toi").status_code == 401
    assert other.get("/ho-so-cua-toi").status_code == 200
