"""Issue 24 item 4: one rule decides who sees residents' personal data, on every page that shows it.

The attack: in a ward that requires two-step sign-in for personal data, an editor or a leader without it (a
phished password is enough) reads feedback reporters' names, phones, e-mails and photos, or applicants' data
in the approvals queue. ``accounts.may_see_personal_data`` is the rule; ``staff_required`` applies it to every
ward page unless the view says ``personal_data=False``.
"""

import inspect
import re

import pytest

from wardportal.kernel.package_files import TEMPLATES_DIR
from wardportal.staff.models import ROLES

from .staff_factories import login, make_staff
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)
from .staff_routes import APPLICANT_NAME, REPORTER_NAME, REPORTER_PHONE, StaffWorld, staff_rules
from .workflow_factories import client  # noqa: F401  (client fixture)

# Every staff page that shows residents' personal data: applicants (desk, fees, approvals), reporters
# (feedback and its photos), payers (bank statement lines). There is no CSV export or API answer with any.
PERSONAL_DATA_ENDPOINTS = {
    "desk.queue", "desk.assigned_to_me", "desk.alerts", "desk.dossier", "desk.view_file", "desk.slip",
    "desk.register", "payments.dossier_fees", "payments.reconcile", "feedback.staff_list", "feedback.staff_report",
    "feedback.staff_photo", "approvals.queue", "approvals.review", "approvals.view_file",
}
# What a page or file must not mention unless the rule guards it: applicants' and reporters' fields, dossier
# files and feedback photos, payers' account names.
PERSONAL_MARKERS = re.compile(r"applicant_|reporter_|photo_name|staff_photo|view_file|(?<!request)\.files\b|DossierFile|"
                              r"transfer\.account_name|dossier_fees|APPLICANT_FIELDS")


def view_of(app, endpoint):
    return app.view_functions[endpoint]


def templates_of(source: str) -> set[str]:
    """The templates a view renders, and the ones they include, by name."""
    found, queue = set(), re.findall(r"[\"']([\w/]+\.html)[\"']", source)
    while queue:
        name = queue.pop()
        if name in found or not (TEMPLATES_DIR / name).is_file():
            continue
        found.add(name)
        queue += re.findall(r"{%-?\s*(?:include|import|from)\s+[\"']([\w/]+\.html)[\"']",
                            (TEMPLATES_DIR / name).read_text(encoding="utf-8"))
    return found


def touches_personal_data(module) -> list[str]:
    """Where a view module's code or the templates it names read personal fields (empty when nowhere)."""
    source = inspect.getsource(module)
    places = [module.__name__] if PERSONAL_MARKERS.search(source) else []
    return places + [name for name in sorted(templates_of(source))
                     if PERSONAL_MARKERS.search((TEMPLATES_DIR / name).read_text(encoding="utf-8"))]


def test_every_staff_view_module_reading_personal_fields_applies_the_rule(app):
    """Static check over the modules of every /can-bo/ view: in a module whose code or templates read applicant,
    reporter, payer or file fields, every view keeps the rule (no ``personal_data=False``)."""
    flagged = set()
    for rule in staff_rules(app):
        view = view_of(app, rule.endpoint)
        module = inspect.getmodule(inspect.unwrap(view))
        places = touches_personal_data(module)
        if places and "<ward_slug>" in rule.rule:
            assert getattr(view, "staff_personal_data", False), (rule.endpoint, places)
            flagged.add(rule.endpoint)
    assert PERSONAL_DATA_ENDPOINTS <= flagged, PERSONAL_DATA_ENDPOINTS - flagged
    for endpoint in PERSONAL_DATA_ENDPOINTS:
        assert view_of(app, endpoint).staff_personal_data is True, endpoint


def test_every_ward_staff_view_is_guarded_by_the_rule_or_declares_none(app):
    """On by default: a ward staff view without ``staff_required`` (so without the rule) does not exist."""
    for rule in staff_rules(app):
        if "<ward_slug>" in rule.rule:
            assert hasattr(view_of(app, rule.endpoint), "staff_personal_data"), rule.endpoint


@pytest.fixture
def world(app, make, client):
    """A ward that requires two-step sign-in for personal data, with a report, a dossier and their files."""
    return StaffWorld(app, make, client, require_two_step=True)


@pytest.mark.parametrize("role", ROLES)
def test_without_two_step_no_role_sees_personal_data_in_a_ward_requiring_it(app, world, role):
    """Each listed page, asked by each role allowed on it but without two-step sign-in, sends the user to the
    two-step page (HX-Redirect for htmx) and shows no name or phone."""
    user = make_staff(world.ward, role, totp=False)
    browser = app.test_client()
    login(browser, user.email)
    rules = {rule.endpoint: rule for rule in staff_rules(app) if "GET" in rule.methods}
    asked = 0
    for endpoint in sorted(PERSONAL_DATA_ENDPOINTS):
        roles = view_of(app, endpoint).staff_roles or ROLES
        if role not in roles:
            continue
        url = world.url(rules[endpoint])
        response = browser.get(url)
        assert response.status_code == 302 and response.location.endswith("/can-bo/xac-thuc-hai-buoc"), \
            (endpoint, response.status_code)
        fragment = browser.get(url, headers={"HX-Request": "true"})
        assert fragment.headers.get("HX-Redirect", "").endswith("/can-bo/xac-thuc-hai-buoc"), endpoint
        for text in (REPORTER_NAME, REPORTER_PHONE, APPLICANT_NAME):
            assert text not in response.text and text not in fragment.text
        asked += 1
    assert asked >= 3
    if role in ("editor", "leader"):  # officers and admins are sent to set it up at sign-in already
        explained = browser.get("/can-bo/xac-thuc-hai-buoc").text
        assert "Phường yêu cầu đăng nhập hai bước để xem" in explained


def test_editor_and_leader_keep_their_other_pages_and_see_reports_once_two_step_is_on(app, world, client):
    """The rule refuses personal data only: guides and publications stay open without two-step; with it on,
    the report, its reporter and the photo show."""
    editor = make_staff(world.ward, "editor", totp=False)
    login(client, editor.email)
    assert client.get("/phuong-mot/can-bo/thu-tuc/").status_code == 200
    assert client.get("/phuong-mot/can-bo/cong-bo/").status_code == 200
    assert client.get(f"/phuong-mot/can-bo/phan-anh/{world.report.id}").status_code == 302
    client.post("/can-bo/dang-xuat")
    for role in ("editor", "leader"):
        user = make_staff(world.ward, role, totp=True)
        browser = app.test_client()
        login(browser, user.email)
        page = browser.get(f"/phuong-mot/can-bo/phan-anh/{world.report.id}")
        assert page.status_code == 200 and REPORTER_NAME in page.text and REPORTER_PHONE in page.text
        photo = browser.get(f"/phuong-mot/can-bo/phan-anh/{world.report.id}/anh")
        photo.close()
        assert photo.status_code == 200 and photo.mimetype == "image/jpeg"


def test_a_ward_without_the_requirement_lets_its_roles_in_without_two_step(app, make, client):
    """The rule follows the ward's setting: without the requirement, an editor reads the report as before."""
    world = StaffWorld(app, make, client, slug="phuong-hai")
    editor = make_staff(world.ward, "editor", totp=False)
    login(client, editor.email)
    page = client.get(f"/phuong-hai/can-bo/phan-anh/{world.report.id}")
    assert page.status_code == 200 and REPORTER_NAME in page.text
