"""/metrics: Prometheus text that parses, every family the operators watch, endpoint names (never paths) as
labels, figures read from the database at scrape time, signing failures counted, and only for the configured
client addresses (as the kernel computes them, behind the trusted proxies)."""

import os
import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from wardportal.approvals.pdf_signatures import FileKey, LeaderAppearance, SigningRefused, sign_as_leader
from wardportal.kernel import signing
from wardportal.kernel.extensions import db
from wardportal.kernel.times import now_utc
from wardportal.notifications import messages as notifications
from wardportal.notifications.models import OutboxMessage

from .conftest import make_app
from .workflow_factories import make_dossier

FAMILIES = {"wardportal_http_requests", "wardportal_http_request_duration_seconds", "wardportal_dossiers",
            "wardportal_outbox_messages", "wardportal_outbox_oldest_due_age_seconds",
            "wardportal_search_index_lag_changes", "wardportal_search_index_lag_seconds",
            "wardportal_signing_errors", "wardportal_metrics_database_up"}


def scrape(client, **kwargs) -> dict:
    """{family name: {(sample name, labels as a sorted tuple): value}} of one scrape."""
    response = client.get("/metrics", **kwargs)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.mimetype == "text/plain"
    families = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        families[family.name] = {(s.name, tuple(sorted(s.labels.items()))): s.value for s in family.samples}
    return families


def value(families, family, sample=None, **labels):
    return families[family].get((sample or family, tuple(sorted(labels.items()))))


def test_the_text_parses_and_holds_every_family(client):
    families = scrape(client)
    assert FAMILIES <= set(families)
    assert value(families, "wardportal_metrics_database_up") == 1
    for path in ("ward", "ward_key", "leader"):
        assert value(families, "wardportal_signing_errors", "wardportal_signing_errors_total", path=path) is not None


def test_requests_are_labelled_by_endpoint_never_by_path(client, make):
    ward = make.ward()
    make.procedure(ward, code="1.001")
    before = scrape(client)
    for url in (f"/{ward.slug}/thu-tuc/1.001", f"/{ward.slug}/thu-tuc/9.999", "/khong-co/trang/nay/abc123"):
        client.get(url)
    families = scrape(client)
    labels = {dict(key[1]).get("endpoint") for key in families["wardportal_http_requests"]}
    assert "none" in labels  # the unknown URL, counted without its path
    assert all(label and "/" not in label for label in labels), labels
    guide = [key for key in families["wardportal_http_requests"] if key[0] == "wardportal_http_requests_total"
             and dict(key[1])["endpoint"] == "site.procedure_guide" and dict(key[1])["method"] == "GET"]
    assert guide, labels
    counted = sum(families["wardportal_http_requests"][key] - before.get("wardportal_http_requests", {}).get(key, 0)
                  for key in guide)
    assert counted == 2  # the guide and the missing guide, one endpoint
    assert any(key[0] == "wardportal_http_request_duration_seconds_count"
               for key in families["wardportal_http_request_duration_seconds"])


def test_dossiers_and_outbox_read_at_scrape_time(client, make):
    first, second = make.ward(), make.ward()
    for status in (1, 1, 4):
        make_dossier(first, status=status)
    make_dossier(second, status=9, applicant_email="", phone="0912345678")
    families = scrape(client)
    assert value(families, "wardportal_dossiers", ward=first.slug, status="submitted") == 2
    assert value(families, "wardportal_dossiers", ward=first.slug, status="processing") == 1
    assert value(families, "wardportal_dossiers", ward=second.slug, status="ready") == 1
    dossier = make_dossier(first, applicant_email="", phone="0912345678")
    notifications.notify_applicant(dossier, "receive")
    notifications.notify_applicant(dossier, "ready")
    db.session.flush()
    rows = db.session.scalars(db.select(OutboxMessage)).all()
    rows[0].failed_at = now_utc()
    rows[1].next_attempt_at = now_utc() - timedelta(minutes=10)
    db.session.commit()
    families = scrape(client)
    assert value(families, "wardportal_outbox_messages", state="pending") == 1
    assert value(families, "wardportal_outbox_messages", state="dead") == 1
    assert 590 < value(families, "wardportal_outbox_oldest_due_age_seconds") < 700


def test_search_index_lag_is_exported(app, client, make):
    ward = make.ward()
    make.procedure(ward, code="1.001")
    app.extensions["search.follower"].sync()
    assert value(scrape(client), "wardportal_search_index_lag_changes") == 0
    from sqlalchemy import insert

    from wardportal.search.models import SearchChange
    db.session.execute(insert(SearchChange.__table__), [
        {"ward_id": ward.id, "code": "1.001", "changed_at": now_utc() - timedelta(seconds=120)}])
    db.session.commit()
    families = scrape(client)  # a scrape does not make the index catch up: it shows where it is
    assert value(families, "wardportal_search_index_lag_changes") == 1
    assert 119 < value(families, "wardportal_search_index_lag_seconds") < 200


def test_database_gone_still_answers_with_the_counters(app, client):
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    db.session.remove()
    db.engine.dispose()
    os.unlink(path)
    families = scrape(client)
    assert value(families, "wardportal_metrics_database_up") == 0
    assert "wardportal_http_requests" in families and "wardportal_dossiers" not in families


def one_page_pdf() -> bytes:
    from fpdf import FPDF
    pdf = FPDF()
    pdf.add_page()
    return bytes(pdf.output())


def test_signing_failures_are_counted_on_both_paths(app, client, make):
    def errors(path):
        return value(scrape(client), "wardportal_signing_errors", "wardportal_signing_errors_total", path=path)

    ward_before, leader_before = errors("ward"), errors("leader")
    signer = signing.load_ward_signer(app.config["FILES_PATH"], "phuong-mau", "Phường Mẫu")
    with pytest.raises(Exception):
        signing.sign_pdf(b"not a PDF at all", signer, reason="thử", location="Phường Mẫu")
    with pytest.raises(SigningRefused):
        sign_as_leader(one_page_pdf(), FileKey(pkcs12=b"not pkcs12", passphrase=b"x"),
                       LeaderAppearance(name="Nguyễn Văn A", title="Chủ tịch"), ward_name="Phường Mẫu")
    assert errors("ward") == ward_before + 1
    assert errors("leader") == leader_before + 1


@pytest.mark.parametrize("remote, forwarded, proxies, networks, allowed", [
    ("127.0.0.1", None, 0, None, True),
    ("::1", None, 0, None, True),
    ("10.0.0.5", None, 0, None, False),
    ("10.0.0.5", "127.0.0.1", 0, None, False),          # a forged header counts for nothing without a proxy
    ("127.0.0.1", "203.0.113.9", 1, None, False),       # behind the proxy: the real client is outside
    ("127.0.0.1", "10.1.2.3", 1, ["10.0.0.0/8"], True),
    ("127.0.0.1", None, 0, "192.168.0.0/16, 10.0.0.0/8", False),  # loopback is no longer listed
    ("10.9.9.9", None, 0, "192.168.0.0/16, 10.0.0.0/8", True),
])
def test_only_configured_addresses_read_metrics(instance_path, migrated_db, remote, forwarded, proxies, networks,
                                                allowed):
    import shutil
    shutil.copy(migrated_db, instance_path / "wardportal.db")
    settings = {"PROXY_COUNT": proxies}
    if networks is not None:
        settings["METRICS_ALLOWED_NETWORKS"] = networks
    client = make_app(instance_path, **settings).test_client()
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": remote}, headers=headers)
    assert response.status_code == (200 if allowed else 404)
    if not allowed:
        assert b"wardportal" not in response.data and response.headers["Cache-Control"] == "no-store"


def test_a_wrong_network_names_the_setting(instance_path):
    with pytest.raises(ValueError, match="^METRICS_ALLOWED_NETWORKS: "):
        make_app(instance_path, METRICS_ALLOWED_NETWORKS=["10.0.0.0/33"])


def test_several_workers_add_up_in_multiprocess_mode(tmp_path):
    """With PROMETHEUS_MULTIPROC_DIR, what two worker processes counted is what a third one exports."""
    folder = tmp_path / "prometheus"
    folder.mkdir()
    env = dict(os.environ, PROMETHEUS_MULTIPROC_DIR=str(folder))
    count = textwrap.dedent("""
        from wardportal.kernel.metrics import SIGNING_ERRORS
        SIGNING_ERRORS.labels("leader").inc(3)
    """)
    for _ in range(2):
        subprocess.run([sys.executable, "-c", count], env=env, check=True, cwd=os.getcwd())
    export = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, ".")
        from tests.conftest import make_app
        from wardportal.operations.metrics_export import exposition
        app = make_app({str(tmp_path / "instance")!r})
        sys.stdout.write(exposition(app).decode())
    """)
    (tmp_path / "instance").mkdir()
    text = subprocess.run([sys.executable, "-c", export], env=env, check=True, capture_output=True, text=True,
                          cwd=os.getcwd()).stdout
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(text) for s in family.samples}
    assert samples[("wardportal_signing_errors_total", (("path", "leader"),))] == 6
