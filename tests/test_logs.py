"""Logs: time, level, logger and request id on every line (text or JSON), gunicorn's lines alike, no personal data."""

import io
import json
import logging
import re
import signal
import subprocess
import sys
import time
import urllib.request

from wardportal.dossiers.models import Dossier
from wardportal.kernel.extensions import db
from wardportal.kernel.logs import JsonFormatter, TextFormatter
from wardportal.notifications import outbox

from .server_support import free_port
from .apply_support import APPLICANT, client, fill_draft, start_draft  # noqa: F401  (its client fixture)
from .test_settings import ROOT, clean_environment, flask_command

LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO|WARNING|ERROR|CRITICAL) [\w.]+ \[[^\]\s]+\] \S")


def test_every_line_of_a_start_has_time_level_logger_and_request_id(tmp_path):
    done = flask_command(tmp_path, "settings", WARDPORTAL_PROXYCOUNT="1")  # an unknown name: a warning too
    lines = done.stderr.splitlines()
    assert any("WARNING wardportal.settings [-] Unknown settings" in line for line in lines)
    assert any(" INFO wardportal.start [-] Ward Portal: " in line for line in lines)
    assert [line for line in lines if not LINE.match(line)] == []


def test_json_lines_when_asked(tmp_path):
    done = flask_command(tmp_path, "settings", WARDPORTAL_LOG_JSON="true")
    entries = [json.loads(line) for line in done.stderr.splitlines()]
    assert entries and all(set(entry) >= {"time", "level", "logger", "request_id", "message"} for entry in entries)
    assert any(entry["logger"] == "wardportal.start" and entry["level"] == "INFO" for entry in entries)


def test_the_log_level_setting_hides_lower_levels(tmp_path):
    done = flask_command(tmp_path, "settings", WARDPORTAL_LOG_LEVEL="warning")
    assert "wardportal.start" not in done.stderr and " WARNING " in done.stderr


def test_a_sane_request_id_is_kept_and_sent_back_else_one_is_made(client):
    assert client.get("/", headers={"X-Request-Id": "lb-7f3a.42:x"}).headers["X-Request-Id"] == "lb-7f3a.42:x"
    made = set()
    for offered in (None, "", "two words", "x" * 101, "tab\tinside", "-leading-dash", "<script>"):
        headers = {} if offered is None else {"X-Request-Id": offered}
        answer = client.get("/", headers=headers).headers["X-Request-Id"]
        assert re.fullmatch(r"[0-9a-f]{16}", answer), (offered, answer)
        made.add(answer)
    assert len(made) == 7  # a new id each time


def test_lines_logged_during_a_request_carry_its_id(app):
    for formatter in (TextFormatter(), JsonFormatter()):
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        handler.setFormatter(formatter)
        logger = logging.getLogger("wardportal.test_logs")
        logger.addHandler(handler)
        try:
            with app.test_request_context("/", headers={"X-Request-Id": "req-42"}):
                logger.warning("inside")
            logger.warning("outside")
        finally:
            logger.removeHandler(handler)
        inside, outside = stream.getvalue().splitlines()
        if isinstance(formatter, JsonFormatter):
            assert json.loads(inside)["request_id"] == "req-42" and json.loads(outside)["request_id"] == "-"
        else:
            assert inside.endswith("WARNING wardportal.test_logs [req-42] inside") and LINE.match(inside)
            assert "[-] outside" in outside


def test_gunicorn_lines_share_the_format_and_a_request_its_id(tmp_path):
    """gunicorn's master and worker lines and the app's, through wsgi.py; the first request migrates SQLite."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "wsgi:app"],
                              cwd=ROOT, env=clean_environment(tmp_path), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"X-Request-Id": "edge-1"})
                with urllib.request.urlopen(request, timeout=60) as response:
                    assert response.headers["X-Request-Id"] == "edge-1"
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.3)
    finally:
        server.send_signal(signal.SIGTERM)
        _, stderr = server.communicate(timeout=60)
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert any(" INFO gunicorn.error [-] Starting gunicorn" in line for line in lines)  # the master's
    assert any(" INFO gunicorn.error [-] Booting worker" in line for line in lines)
    assert any(" INFO alembic.runtime.migration [edge-1] Running upgrade" in line for line in lines)
    # A line that is not a log line's start may only continue the message before it: a migration's title
    # that runs over several lines (alembic logs "Running upgrade A -> B, <title>").
    previous = None
    for line in lines:
        if not LINE.match(line):
            assert previous is not None and "Running upgrade" in previous, line
        else:
            previous = line


def test_no_personal_data_in_any_log_line_of_a_submission_and_its_messages(app, client, make, caplog):
    """Everything logged, at every level, while an application is submitted and its e-mail and SMS go out."""
    ward = make.ward()
    with caplog.at_level(logging.DEBUG):  # the root logger: every library's lines too
        base = fill_draft(client, ward, start_draft(client, ward, make.procedure(ward)))
        assert client.post(f"{base}/nop").status_code in (302, 303)
        assert outbox.deliver_pending(app.config) == (2, 0)
    dossier = db.session.scalar(db.select(Dossier))
    digits = APPLICANT["phone"].replace(" ", "")
    personal = [APPLICANT["full_name"], APPLICANT["citizen_id"], APPLICANT["address"], APPLICANT["email"],
                APPLICANT["phone"], digits, digits[1:], APPLICANT["birth_date"], dossier.tracking_token]
    assert all(personal)
    # The log senders' lines are there (visible at the default INFO), masked.
    sent = [r for r in caplog.records if r.name == "wardportal.notifications" and r.levelno >= logging.INFO]
    assert len(sent) == 2 and {r.getMessage().split()[0] for r in sent} == {"email", "sms"}
    texts = [caplog.text] + [f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records]
    for value in personal:
        assert not [text for text in texts if value in text], value
