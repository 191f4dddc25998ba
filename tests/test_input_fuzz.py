"""Issue 24 item 9: hostile numbers, dates and redirect targets never make a 500, a header or an open redirect.

The walk covers every rule of ``app.url_map``: GET with every query parameter the view reads, POST with every
form field its forms declare; public rules as an anonymous visitor, each staff rule as the first of a signed-in
officer, editor, leader, admin (then a province admin) allowed in. Parameters are found by reading the view's
source and its helpers' (``request.args.get("x")``, ``SomeForm(...)``) and added to a fixed list of common
names; each hostile value goes into all of them at once, and the short list into each name read directly. Path variables are filled from a real ward with one object of each kind, then
fuzzed themselves. Every answer must be below 500, carry no injected header and redirect only on the site.
"""

import inspect
import re
import time
from datetime import datetime, timezone
from urllib.parse import quote, urljoin, urlsplit

import pytest
from wtforms.fields.core import UnboundField

from wardportal.catalogue import editing
from wardportal.dossiers import workflow
from wardportal.dossiers.models import DossierEvent
from wardportal.feedback import reports
from wardportal.kernel.extensions import db

from .apply_support import start_draft
from .conftest import FreshContextClient
from .payment_support import with_account
from .publication_support import document, notice
from .staff_factories import login, make_staff, settle
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)
from .workflow_factories import client, make_dossier, stored_file  # noqa: F401  (client fixture)

HOSTILE = [
    "9" * 40, "-1", "0", "1e309", "nan", "sNaN", "-inf", "²" * 6, "/\r\nSet-Cookie: x=y",
    "//evil.example", "https://evil.example", "/\\evil.example", "x" * 10_000, "2026-02-30", "99999-01-01",
    "0001-01-01", "a\x00b",
]
# Sent alone in each name a view reads itself (besides every value in every name at once).
SHORT = ["9" * 40, "sNaN", "²" * 6, "0001-01-01", "/\r\nSet-Cookie: x=y", "/\\evil.example"]
# Names that many views read, or that a future view is likely to read.
COMMON = ["page", "trang", "q", "next", "from", "to", "tu", "den", "status", "trang-thai", "id", "year", "nam",
          "month", "thang", "quy", "ky", "lat", "lng", "latitude", "longitude", "offset", "limit", "sort",
          "code", "tai", "v", "moi", "muc-do", "linh-vuc", "procedure", "action",
          # the payment provider's callback (read as a whole with request.values.to_dict())
          "signature", "merchant", "order_ref", "amount", "txn"]
PATH_HOSTILE = ["9" * 40, "\n", "x" * 3000, "..", "a\x00b", "%"]
ROLES = ("officer", "editor", "leader", "admin")
# Pages under /can-bo/ that a signed-out visitor uses (the sign-in steps, the link in an e-mail).
PUBLIC_STAFF = {"staff.login", "staff.totp_verify", "staff.accept_link"}
# Signing out in the middle of the walk would turn the rest of that role's walk into sign-in redirects.
NOT_POSTED_SIGNED_IN = {"staff.logout"}
SECONDS = {}  # time spent per endpoint, printed to keep the walk's cost in view
_READ = re.compile(r"request\.(?:args|form|values)(?:\.get\(|\[)\s*[\"']([^\"']+)[\"']")
_WHOLE = re.compile(r"request\.(?:args|form|values)(?:\.(?:to_dict|items|keys|values|getlist)\(|\))")
_CALL = re.compile(r"\b([a-z_]\w*)\(")
_FORM = re.compile(r"\b([A-Z]\w*Form)\(")


def form_field_names(form_class, prefix=""):
    """The input names a form class posts, nested FieldList/FormField names included (first entry)."""
    names = []
    for name in dir(form_class):
        unbound = getattr(form_class, name, None)
        if not isinstance(unbound, UnboundField):
            continue
        field_class = unbound.field_class.__name__
        if field_class == "FieldList":
            inner = unbound.args[0]
            if inner.field_class.__name__ == "FormField":
                names += form_field_names(inner.args[0], f"{prefix}{name}-0-")
            else:
                names.append(f"{prefix}{name}-0")
        elif field_class == "FormField":
            names += form_field_names(unbound.args[0], f"{prefix}{name}-")
        else:
            names.append(prefix + name)
    return names


def sources_of(function, depth=2):
    """The function's source and that of the wardportal helpers it calls (two levels: `_filters()`,
    `parse_period(...)`), where parameters are often read."""
    function = inspect.unwrap(function)
    try:
        texts = [inspect.getsource(function)]
    except (OSError, TypeError):
        return []
    if depth:
        for name in set(_CALL.findall(texts[0])):
            helper = function.__globals__.get(name)
            if inspect.isfunction(helper) and helper.__module__.startswith("wardportal") and helper is not function:
                texts += sources_of(helper, depth - 1)
    return texts


def parameters_of(view) -> tuple[list[str], list[str], bool]:
    """Names the view reads itself (``request.args.get("x")``, also in its helpers), those of the form
    classes it builds, and whether it takes the parameters as a whole (``request.values.to_dict()``)."""
    function = inspect.unwrap(view)
    texts = sources_of(function)
    read = set(_READ.findall("\n".join(texts)))
    fields = set()
    for class_name in _FORM.findall("\n".join(texts)):
        form_class = function.__globals__.get(class_name)
        if isinstance(form_class, type):
            fields.update(form_field_names(form_class))
    return sorted(read), sorted(fields - read), bool(_WHOLE.search("\n".join(texts)))


@pytest.fixture
def app_settings():
    """A payment provider configured, so that its callback route is walked too."""
    return {"PAYMENT_GATEWAY": "wardportal.payments.gateway:HmacRedirectGateway",
            "PAYMENT_GATEWAY_URL": "http://127.0.0.1:9/pay", "PAYMENT_GATEWAY_MERCHANT": "PHUONGTHU",
            "PAYMENT_GATEWAY_SECRET": "fuzz-secret-0123456789"}


@pytest.fixture
def world(app, client, make):
    """A ward with one real object of each kind, a staff member of each role, and the rules' path values."""
    ward = make.ward(slug="phuong-thu")
    with_account(ward)
    procedure = make.procedure(ward, code="1.000001")
    form = make.form(procedure)
    contact = make.contact(ward)
    staff = {role: make_staff(ward, role) for role in ROLES}
    staff["province"] = make_staff(None, None, province_admin=True)
    other = make_staff(ward, "officer", full_name="Lê Thị Hoa")
    editing.save_procedure(ward, procedure, {"title": "Có phiên bản"}, [{"name": "Tờ khai"}],
                           editing.Actor(staff["editor"], "127.0.0.1", datetime.now(timezone.utc)))
    dossier = make_dossier(ward, procedure)
    workflow.receive(dossier, staff["officer"], now=datetime(2026, 11, 23, 2, tzinfo=timezone.utc))
    db.session.commit()
    file = stored_file(app, dossier)
    category = reports.save_category(ward, "Trật tự đô thị")
    report = reports.submit_report(ward, category, "Đèn đường hỏng", now=datetime.now(timezone.utc))
    db.session.commit()
    news = notice(ward, staff["editor"], publish_at=datetime(2026, 12, 1, 3, tzinfo=timezone.utc))
    paper = document(ward, staff["editor"])
    db.session.commit()
    draft_token = start_draft(client, ward, procedure)
    event = db.session.scalar(db.select(DossierEvent).where(DossierEvent.dossier_id == dossier.id))
    settle(ward, procedure, form, contact, dossier, file, category, report, news, paper, event, other)
    values = {"ward_slug": ward.slug, "slug": ward.slug, "procedure_id": procedure.id, "form_id": form.id,
              "contact_id": contact.id, "staff_id": other.id, "number": 1, "dossier_id": dossier.id,
              "file_id": file.id, "event_id": event.id, "report_id": report.id, "category_id": category.id,
              "publication_id": news.id, "code": procedure.code, "token": dossier.tracking_token,
              "kind_slug": "thong-bao", "field_slug": procedure.field_slug, "lang": "en", "fmt": "json",
              "table": "ho-so", "filename": "x", "name": "receive", "request_id": report.tracking_code}
    values["draft_token"] = draft_token
    return ward, staff, values


def build(rule, values, override=None):
    """The rule's path with real values (the apply pages get the draft's token)."""
    def value(match):
        name = match.group(2)
        if override and name == override[0]:
            return quote(override[1], safe="")
        if name == "token" and "/nop-ho-so/" in rule.rule:
            return str(values["draft_token"])
        if name == "code" and "/phan-anh/" in rule.rule:
            return str(values["request_id"])
        return str(values.get(name, 1 if match.group(1) == "int:" else "x"))
    return re.sub(r"<(\w+:|any\([^)]*\):)?(\w+)>", value, rule.rule)


def problems_in(response, label) -> list[str]:
    """What is wrong with one answer: a 5xx, an injected header, a redirect off the site."""
    found = []
    if response.status_code >= 500:
        found.append(f"{response.status_code} {label}")
    for name, header in response.headers.items():
        if "\r" in header or "\n" in header or (name.lower() == "set-cookie" and header.startswith("x=y")):
            found.append(f"header injection {name}: {header[:80]!r} {label}")
    if 300 <= response.status_code < 400 and "Location" in response.headers:
        location = response.headers["Location"]
        target = urlsplit(urljoin("http://localhost/", location))
        if target.netloc != "localhost" or "\\" in location or location.startswith("//"):
            found.append(f"redirect off the site to {location[:80]!r} {label}")
    return found


def send(client, method, path, params, label, problems, counter):
    """One request; an exception escaping the app (TESTING propagates them) counts as a 500."""
    counter[0] += 1
    try:
        if method == "GET":
            response = client.get(path, query_string=params)
        else:
            response = client.post(path, data=params)
    except Exception as error:  # noqa: BLE001  (the point is to record every crash, not stop at the first)
        db.session.rollback()
        problems.append(f"{type(error).__name__}: {str(error)[:120]} {label}")
        return
    problems.extend(problems_in(response, label))


def walk(app, client, values, rules, hostile, problems, counter, signed_in=True):
    """Each rule with each hostile value in every parameter at once, then in each name the view reads
    itself (``request.args.get``) alone, so that an early refusal of one cannot hide another."""
    for rule in rules:
        path = build(rule, values)
        view = app.view_functions[rule.endpoint]
        read_directly, fields, whole = parameters_of(view)
        # A view that reads nothing itself gets the common names with the short list (a helper might).
        sent = hostile if read_directly or fields or whole else SHORT
        began = time.monotonic()
        for method in sorted(rule.methods & {"GET", "POST"}):
            if signed_in and method == "POST" and rule.endpoint in NOT_POSTED_SIGNED_IN:
                continue
            for value in sent:
                label = f"{method} {rule.endpoint} {value[:30]!r}"
                every = {name: value for name in read_directly + fields + COMMON}
                send(client, method, path, every, label, problems, counter)
                for name in read_directly if value in SHORT else ():
                    send(client, method, path, {name: value}, f"{label} only {name}", problems, counter)
        SECONDS[rule.endpoint] = SECONDS.get(rule.endpoint, 0) + time.monotonic() - began


def fuzz_path_variables(client, values, rules, problems, counter):
    """Each path variable of each rule replaced by hostile text; `<int:…>` by 40 digits (a 404, not a 500:
    the converter refuses it, other text never reaches the view)."""
    for index, rule in enumerate(rules):
        for name in rule.arguments:
            if name == "ward_slug" and index >= 3:
                continue  # the ward is looked up once, before any view: three rules show it
            integer = f"<int:{name}>" in rule.rule
            for value in PATH_HOSTILE[:1] if integer else PATH_HOSTILE:
                path = build(rule, values, override=(name, value))
                for method in sorted(rule.methods & {"GET", "POST"})[:1]:
                    send(client, method, path, {}, f"{method} {rule.endpoint} path {name}={value[:20]!r}",
                         problems, counter)


def allowed_roles(app, rule) -> tuple[str, ...]:
    """The identities (ROLES, "province") that may open a rule; () for a public rule."""
    view = app.view_functions[rule.endpoint]
    if not hasattr(view, "staff_roles"):  # the sign-in steps are public, the other /can-bo/ pages need a session
        return ROLES if rule.rule.startswith("/can-bo/") and rule.endpoint not in PUBLIC_STAFF else ()
    province = ("province",) if view.staff_province_admin else ()
    if "ward_slug" not in rule.arguments:
        return province or ROLES
    return (view.staff_roles or ROLES) + province


def signed_in(app, member):
    """Whether the client's session still reaches the staff area (the walk must not sign itself out)."""
    return member.get("/can-bo/mat-khau").status_code == 200


def test_no_hostile_parameter_makes_a_500_a_header_or_an_open_redirect(app, client, world):
    """The whole URL map: public rules anonymously, each staff rule by the first role allowed in (so each
    role walks its own pages: desk by the officer, editing by the editor, approvals by the leader, the rest
    by the admin, province pages by a province admin), path variables too; the walk stays under a minute."""
    _ward, staff, values = world
    rules = [r for r in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint))
             if r.endpoint != "static"]
    public = [r for r in rules if not allowed_roles(app, r)]
    problems, counter, started, cpu = [], [0], time.monotonic(), time.process_time()
    walk(app, client, values, public, HOSTILE, problems, counter, signed_in=False)
    fuzz_path_variables(client, values, public, problems, counter)
    walked = {}
    for role in (*ROLES, "province"):
        app.test_client_class = FreshContextClient
        member = app.test_client()
        login(member, staff[role].email)
        mine = [r for r in rules if role in allowed_roles(app, r)]
        first = [r for r in mine if (r.rule, r.endpoint) not in walked]
        walked.update((r.rule, r.endpoint) for r in first)
        walk(app, member, values, first, HOSTILE, problems, counter)
        fuzz_path_variables(member, values, first, problems, counter)
        assert signed_in(app, member), role
    elapsed, cpu = time.monotonic() - started, time.process_time() - cpu
    print(f"\nfuzz: {len(public)} public + {len(walked)} staff rules, {len(HOSTILE)} values, "
          f"{counter[0]} requests, {elapsed:.1f} s ({cpu:.1f} s CPU); slowest: "
          + ", ".join(f"{e} {t:.1f}s" for e, t in sorted(SECONDS.items(), key=lambda i: -i[1])[:8]))
    assert len(walked) + len(public) == len(rules)  # every rule walked
    assert not problems, "\n".join(sorted(set(problems))[:200]) + f"\n({len(set(problems))} problems)"
    # About 50 s of CPU on a quiet 2-core machine; the guard leaves room for a loaded one (CPU time, because
    # the wall clock also counts whatever else the machine runs).
    assert cpu < 90, f"the walk took {cpu:.0f} s of CPU: trim HOSTILE or COMMON"


def every_form_class():
    """Every WTForms form class of the package (all modules imported first)."""
    import importlib
    import pkgutil

    from wtforms.form import BaseForm

    import wardportal

    for module in pkgutil.walk_packages(wardportal.__path__, "wardportal."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)
    found, todo = set(), [BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return sorted((c for c in found if c.__module__.startswith("wardportal.")), key=lambda c: c.__qualname__)


def test_every_numeric_and_date_field_of_every_form_is_bounded():
    """IntegerField/DecimalField/FloatField carry a NumberRange (and refuse nan, inf, sNaN); date fields a
    DateWithin. The check itself fails on a form that breaks the rule."""
    from flask_wtf import FlaskForm
    from wtforms import DateField, DecimalField, IntegerField
    from wtforms.validators import NumberRange

    from wardportal.kernel.request_args import unbounded_fields

    forms = every_form_class()
    assert len(forms) >= 40
    assert {f"{c.__module__}.{c.__qualname__}": unbounded_fields(c) for c in forms if unbounded_fields(c)} == {}

    class Careless(FlaskForm):
        amount = IntegerField()
        latitude = DecimalField(validators=[NumberRange(-90, 90)])
        day = DateField()

    assert unbounded_fields(Careless) == ["amount", "day", "latitude"]


@pytest.mark.parametrize("raw, expected", [
    ("/phuong-thu/", "/phuong-thu/"), ("/a?b=c&d=%2F", "/a?b=c&d=%2F"), ("", "/"), (None, "/"),
    ("//evil.example", "/"), ("/\\evil.example", "/"), ("\\\\evil", "/"), ("https://evil.example/", "/"),
    ("/a\r\nSet-Cookie: x=y", "/"), ("/a\nb", "/"), ("/a b", "/"), ("/a\x00", "/"), ("javascript:alert(1)", "/"),
    ("x" * 3000, "/"), ("/" + "x" * 3000, "/"),
])
def test_local_target_keeps_only_paths_of_this_site(raw, expected):
    from wardportal.kernel.request_args import local_target

    assert local_target(raw, "/") == expected


def test_numbers_and_dates_are_parsed_with_bounds():
    from datetime import date

    from wardportal.kernel.request_args import bounded_float, bounded_int, iso_date, iso_moment

    assert [bounded_int(v, default=-7) for v in ("12", " 3 ", "9" * 40, "²", "١٢", "1_0", "1e3", "", None)] == \
        [12, 3, -7, -7, -7, -7, -7, -7, -7]
    assert bounded_int("-1") is None and bounded_int("-1", minimum=-5) == -1
    assert [bounded_float(v, minimum=-90, maximum=90) for v in ("21.5", "-90", "nan", "sNaN", "inf", "1e309",
                                                                "91", "Infinity", "0x10")] == \
        [21.5, -90.0, None, None, None, None, None, None, None]
    assert [iso_date(v) for v in ("2026-12-08", "2026-02-30", "99999-01-01", "0001-01-01", "20261208")] == \
        [date(2026, 12, 8), None, None, None, None]
    assert iso_moment("2026-11-23T09:00:00+07:00").isoformat() == "2026-11-23T02:00:00+00:00"
    assert iso_moment("2026-11-23T09:00:00Z").hour == 9
    assert [iso_moment(v) for v in ("0001-01-01T00:00:00+07:00", "9999-12-31T23:59:59-07:00", "x", "")] == \
        [None, None, None, None]


def test_forty_digit_ids_in_paths_are_a_404(client, world):
    """The `<int:…>` converter stops at what the database stores, before any view runs."""
    _ward, _staff, values = world
    assert client.get(f"/{values['ward_slug']}/tin-tuc/{'9' * 40}").status_code == 404
    assert client.get(f"/{values['ward_slug']}/tin-tuc/{2**31}").status_code == 404  # past PostgreSQL's INTEGER
