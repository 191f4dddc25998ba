"""Ward isolation: staff of ward A get a 404 on every staff URL of ward B, and on B's objects under A."""

import re
from datetime import datetime, timezone

import pytest

from wardportal.catalogue import editing
from wardportal.kernel.extensions import db

from .staff_factories import login, make_staff, settle
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)


@pytest.fixture
def two_wards(client, make):
    """Ward A with a signed-in member holding every role; ward B with one object of each kind."""
    ward_a, ward_b = make.ward(slug="phuong-a"), make.ward(slug="phuong-b")
    member_a = make_staff(ward_a, roles=("admin", "editor", "officer"))
    editor_b = make_staff(ward_b, "editor")
    # Unpublished, so the edit below changes the guide itself (a published one would keep it in a draft).
    procedure_b = make.procedure(ward_b, code="9.000001", is_published=False)
    form_b = make.form(procedure_b)
    contact_b = make.contact(ward_b)
    editing.save_procedure(ward_b, procedure_b, {"title": "Sửa ở phường B"}, [{"name": "Tờ khai"}],
                           editing.Actor(editor_b, "127.0.0.1", datetime.now(timezone.utc)))
    settle(procedure_b, form_b, contact_b)
    ids = {"procedure_id": procedure_b.id, "form_id": form_b.id, "contact_id": contact_b.id,
           "staff_id": editor_b.id, "number": 1}
    login(client, member_a.email)
    return ward_a, ward_b, ids


def staff_rules(app):
    """Every URL rule of a view protected by ``staff_required`` that lives under a ward."""
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if "ward_slug" in rule.arguments and hasattr(view, "staff_roles"):
            yield rule


def build(rule, ward_slug, ids):
    """The rule's path with ``ward_slug`` and the other ward's object ids (1 or 'x' for unknown ones)."""
    def value(name):
        if name == "ward_slug":
            return ward_slug
        if name in ids:
            return str(ids[name])
        return "1" if re.search(rf"<int:{name}>", rule.rule) else "x"
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value(m.group(1)), rule.rule)


def test_every_staff_url_of_another_ward_is_a_404(app, client, two_wards):
    """GET and POST on each staff rule of ward B answer 404 to a member of ward A with every role."""
    _ward_a, ward_b, ids = two_wards
    rules = list(staff_rules(app))
    assert len(rules) >= 20  # the walk really covers the staff area
    for rule in rules:
        path = build(rule, ward_b.slug, ids)
        for method in rule.methods & {"GET", "POST"}:
            response = client.open(path, method=method)
            assert response.status_code == 404, (method, path, response.status_code)


def test_other_wards_objects_under_own_ward_are_404(app, client, two_wards):
    """Ward B's guides, forms, contacts, staff and revisions cannot be reached through ward A's URLs."""
    ward_a, _ward_b, ids = two_wards
    checked = 0
    for rule in staff_rules(app):
        in_path = set(re.findall(r"<(?:\w+:)?(\w+)>", rule.rule))
        if not in_path & set(ids):
            continue
        path = build(rule, ward_a.slug, ids)
        for method in rule.methods & {"GET", "POST"}:
            response = client.open(path, method=method)
            assert response.status_code == 404, (method, path, response.status_code)
            checked += 1
    assert checked >= 15
    title = db.session.scalar(db.text("select title from procedure where code = '9.000001'"))
    assert title == "Sửa ở phường B"
    settle()


def test_province_admin_reads_but_does_not_edit_a_ward(client, make):
    """A province administrator may open a ward's dashboard and audit log, not its editor or staff pages."""
    ward = make.ward()
    province = make_staff(None, None, province_admin=True)
    login(client, province.email)
    assert client.get(f"/{ward.slug}/can-bo/").status_code == 200
    assert client.get(f"/{ward.slug}/can-bo/nhat-ky").status_code == 200
    assert client.get(f"/{ward.slug}/can-bo/thu-tuc/").status_code == 404
    assert client.get(f"/{ward.slug}/can-bo/nhan-su/").status_code == 404


def test_signed_out_visitor_is_sent_to_sign_in_everywhere(app, client, make):
    """Without a session, every staff page redirects to the sign-in page (never a 200 or a 500)."""
    ward = make.ward()
    client.post("/can-bo/dang-xuat")
    for rule in staff_rules(app):
        response = client.get(build(rule, ward.slug, {"number": 1})) if "GET" in rule.methods else None
        if response is not None:
            assert response.status_code == 302 and "/can-bo/dang-nhap" in response.location, rule.rule


def test_every_own_ward_staff_page_opens(app, client, make):
    """A member with every role opens each staff GET page of their own ward (no template errors, no 404)."""
    ward = make.ward()
    member = make_staff(ward, roles=("admin", "editor", "officer"))
    procedure = make.procedure(ward, code="9.000002")
    form = make.form(procedure)
    contact = make.contact(ward)
    editing.save_procedure(ward, procedure, {"title": "Có phiên bản"}, [{"name": "Tờ khai"}],
                           editing.Actor(member, "127.0.0.1", datetime.now(timezone.utc)))
    settle(procedure, form, contact)
    ids = {"procedure_id": procedure.id, "form_id": form.id, "contact_id": contact.id, "staff_id": member.id,
           "number": 1}
    login(client, member.email)
    opened = 0
    for rule in staff_rules(app):
        if not rule.endpoint.startswith("staff.") or "GET" not in rule.methods:
            continue
        response = client.get(build(rule, ward.slug, ids))
        assert response.status_code == 200, (rule.rule, response.status_code)
        opened += 1
    for path in ("/can-bo/", "/can-bo/mat-khau", "/can-bo/xac-thuc-hai-buoc"):
        assert client.get(path, follow_redirects=True).status_code == 200
    assert opened >= 12
