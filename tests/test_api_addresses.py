"""Issue 24 item 10: the API's addresses come from PUBLIC_BASE_URL, and the web server's 414 is documented.

The attack: a client sends ``Host: <the site>:6666`` (the host check compares names, not ports) and
``X-Forwarded-Proto: http`` through the proxy; the ``url`` fields and the OpenAPI ``servers`` entry that other
sites copy would then point to a port and scheme of the client's choosing.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import schemathesis
from sqlalchemy import select

from wardportal.dossiers.models import Dossier
from wardportal.kernel.extensions import db

from .server_support import answering, free_port, stop
from .staff_factories import settle, unexpiring_session  # noqa: F401  (autouse fixture)
from .workflow_factories import client, make_dossier  # noqa: F401  (client fixture)

PUBLIC = "https://dichvucong.example.vn"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def app_settings():
    """The production set-up: the public address configured, one reverse proxy in front."""
    return {"PUBLIC_BASE_URL": PUBLIC, "PROXY_COUNT": 1}


@pytest.fixture
def ward(make):
    ward = make.ward(slug="phuong-lam")
    guide = make.procedure(ward, code="1.001193")
    make_dossier(ward, guide, code="H29.01-261102-0001")
    settle(ward)
    return ward


def absolute_urls(value) -> list[str]:
    """Every string in a JSON answer that looks like an absolute address."""
    if isinstance(value, dict):
        return [url for item in value.values() for url in absolute_urls(item)]
    if isinstance(value, list):
        return [url for item in value for url in absolute_urls(item)]
    return [value] if isinstance(value, str) and "://" in value else []


def api_paths(app, ward) -> list[str]:
    """Every GET route of the open data API, with this ward's rows as arguments."""
    code = db.session.scalar(select(Dossier.code))
    values = {"slug": ward.slug, "code": "1.001193"}
    paths = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and "GET" in rule.methods:
            path = rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]
            path = path.replace("/dossiers/1.001193", f"/dossiers/{code}")
            paths.append(path + "?q=khai+sinh" if path.endswith("/procedures") else path)
    settle()
    return sorted(paths)


@pytest.mark.parametrize("host", ["dichvucong.example.vn:6666", "dichvucong.example.vn"])
def test_api_urls_and_openapi_servers_stay_on_the_public_address(app, client, ward, host):
    """Every API answer, asked with a hostile port and X-Forwarded-Proto/-Host, links to PUBLIC_BASE_URL only."""
    hostile = {"Host": host, "X-Forwarded-Proto": "http", "X-Forwarded-Host": "evil.example:6666",
               "X-Forwarded-Port": "6666"}
    seen = []
    for path in api_paths(app, ward):
        response = client.get(path, headers=hostile)
        # (no feedback report exists: its detail answers 404, with no address either)
        assert response.status_code == (404 if "/feedback/" in path else 200), (path, response.status_code)
        urls = absolute_urls(response.get_json())
        assert all(url == PUBLIC or url.startswith(PUBLIC + "/") for url in urls), (path, urls)
        seen += urls
    assert f"{PUBLIC}/phuong-lam/" in seen and f"{PUBLIC}/phuong-lam/thu-tuc/1.001193" in seen
    document = client.get("/api/v1/openapi.json", headers=hostile).get_json()
    assert document["servers"] == [{"url": PUBLIC}]


def test_a_foreign_host_gets_no_address_at_all(client, ward):
    """``Host: evil.example:6666`` is refused before any URL is built."""
    for path in ("/api/v1/wards", "/api/v1/openapi.json"):
        response = client.get(path, headers={"Host": "evil.example:6666", "X-Forwarded-Proto": "http"})
        assert response.status_code == 400 and "evil.example" not in response.text


def test_every_operation_documents_the_414(client, ward):
    """The web server's refusal of an over-long URL is in the document, for every operation."""
    document = client.get("/api/v1/openapi.json", headers={"Host": "dichvucong.example.vn"}).get_json()
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert len(operations) >= 15
    assert all(op["responses"]["414"] == {"$ref": "#/components/responses/UriTooLong"} for op in operations)
    assert document["components"]["responses"]["UriTooLong"]["content"] == {"text/html": {"schema": {"type": "string"}}}



@pytest.fixture
def gunicorn(tmp_path):
    """The README's production server (gunicorn) on loopback, on an empty instance folder."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARDPORTAL_")}
    env.update({"WARDPORTAL_INSTANCE_PATH": str(tmp_path), "WARDPORTAL_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
                "WARDPORTAL_SEED_DEMO_WHEN_EMPTY": "false", "WARDPORTAL_ALLOW_INSECURE_COOKIES": "true",
                "WARDPORTAL_RATELIMIT_ENABLED": "false"})
    env.pop("DATABASE_URL", None)
    log = open(tmp_path / "gunicorn.log", "wb")
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}",
                                "wardportal:create_app()"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        assert answering(url + "/api/v1/openapi.json", process, timeout=60), "gunicorn did not start"
        yield url
    finally:
        stop(process)
        log.close()


def test_schemathesis_accepts_the_servers_414_for_an_over_long_url_on_every_operation(client, ward, gunicorn):
    """Against the real server: each operation asked with a 5,000-character URL gets gunicorn's 414, and
    schemathesis finds it documented (status code, content type)."""
    document = client.get("/api/v1/openapi.json", headers={"Host": "dichvucong.example.vn"}).get_json()
    schema = schemathesis.openapi.from_dict(document)
    samples = {"slug": "phuong-lam", "code": "1.001193", "service_code": "pa-1", "service_request_id": "PA-1"}
    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        path_parameters = {p.name: samples[p.name] for p in operation.path_parameters}
        extra = ({"body": {"service_code": "pa-1", "description": "x"},
                  "media_type": "application/x-www-form-urlencoded"} if operation.method == "post" else {})
        case = operation.Case(path_parameters=path_parameters, query={"pad": "x" * 5000}, **extra)
        response = case.call(base_url=gunicorn)
        assert response.status_code == 414, (operation.label, response.status_code)
        case.validate_response(response)
        checked += 1
    assert checked >= 15
