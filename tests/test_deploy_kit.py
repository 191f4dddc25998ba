"""Issue 26, the deploy kit in deploy/: systemd units (hardened, each command a real one, verified by
systemd-analyze), a timer for every periodic task, and an environment file template naming every setting.
The nginx site is run for real in test_nginx_front.py."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wardportal import config as default_config

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
PERIODIC = {"purge-drafts", "apply-scheduled", "check-storage", "backup", "purge-search-queries"}
HARDENING = {"User": "wardportal", "Group": "wardportal", "UMask": "0077", "NoNewPrivileges": "yes",
             "ProtectSystem": "strict", "PrivateTmp": "yes", "ProtectHome": "yes",
             "EnvironmentFile": "/etc/wardportal/wardportal.env",
             "Environment": "WARDPORTAL_INSTANCE_PATH=/var/lib/wardportal/instance"}
# Read by the portal but not settings an operator sets: Flask's own flags, and the URL made from DATABASE_URL.
NOT_SETTINGS = {"TESTING", "DEBUG", "SQLALCHEMY_DATABASE_URI", "RETIRED_SETTINGS"}


def _directives(path: Path) -> dict[str, list[str]]:
    """A unit file's `Key=value` lines (continuations joined), by key."""
    text = re.sub(r"\\\n\s*", " ", path.read_text())
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def _services():
    return sorted(UNITS.glob("*.service"))


def _app_commands() -> set[str]:
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wardportal", "--help"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "WARDPORTAL_INSTANCE_PATH": str(ROOT / "instance"),
                               "WARDPORTAL_SEED_DEMO_WHEN_EMPTY": "false"})
    assert done.returncode == 0, done.stderr
    return set(re.findall(r"^  ([a-z][a-z-]+)\s", done.stdout.split("Commands:")[1], re.M))


def test_a_timer_and_a_oneshot_service_for_every_periodic_task():
    timers = {p.stem.removeprefix("wardportal-") for p in UNITS.glob("*.timer")}
    assert timers == PERIODIC
    for task in PERIODIC:
        service = _directives(UNITS / f"wardportal-{task}.service")
        assert service["Type"] == ["oneshot"]
        timer = _directives(UNITS / f"wardportal-{task}.timer")
        assert timer["OnCalendar"] and timer["Persistent"] == ["yes"] and timer["WantedBy"] == ["timers.target"]


def test_every_unit_runs_a_real_command_as_the_portal_user_hardened():
    commands = _app_commands()
    services = _services()
    assert {p.name for p in services} >= {"wardportal-web.service", "wardportal-worker.service"}
    for path in services:
        unit = _directives(path)
        for key, value in HARDENING.items():
            assert value in unit.get(key, []), (path.name, key)
        assert "/var/lib/wardportal" in unit["ReadWritePaths"][0].split(), path.name
        execs = " ".join(unit["ExecStart"])
        if path.name == "wardportal-web.service":
            assert "/srv/wardportal/venv/bin/gunicorn" in execs and '"wardportal:create_app()"' in execs
            assert unit["Type"] == ["notify"] and unit["ExecReload"]
            continue
        command = re.search(r"/srv/wardportal/venv/bin/flask --app wardportal ([a-z-]+)", execs)[1]
        assert command in commands, (path.name, command)
        expected = path.stem.removeprefix("wardportal-")
        assert command == expected, path.name
    backup = _directives(UNITS / "wardportal-backup.service")
    assert "/var/backups/wardportal" in backup["ReadWritePaths"][0].split()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is installed by run-tests.sh")
def test_systemd_analyze_accepts_every_unit(tmp_path):
    """`systemd-analyze verify` on the units, with only what this machine lacks substituted: the virtualenv's
    binaries (this Python's), the account (root) and the environment file (optional)."""
    bin_dir = str(Path(sys.executable).parent)
    for path in [*UNITS.glob("*.service"), *UNITS.glob("*.timer")]:
        text = (path.read_text().replace("/srv/wardportal/venv/bin", bin_dir)
                .replace("User=wardportal", "User=root").replace("Group=wardportal", "Group=root")
                .replace("EnvironmentFile=/etc/", "EnvironmentFile=-/etc/"))
        (tmp_path / path.name).write_text(text)
    assert shutil.which("gunicorn", path=bin_dir) and shutil.which("flask", path=bin_dir)
    done = subprocess.run(["systemd-analyze", "verify", *sorted(str(p) for p in tmp_path.iterdir())],
                          capture_output=True, text=True, timeout=120)
    complaints = [line for line in (done.stdout + done.stderr).splitlines() if tmp_path.name in line or
                  "wardportal" in line]
    assert done.returncode == 0 and complaints == [], done.stdout + done.stderr


def _settings() -> set[str]:
    """Every setting: the defaults in config.py and every name the code reads from app.config."""
    names = {n for n in dir(default_config) if n.isupper()}
    for source in (ROOT / "wardportal").rglob("*.py"):
        if "migrations" in source.parts:
            continue
        names |= set(re.findall(r"config(?:\.get\(|\[|\.setdefault\()\s*\"([A-Z][A-Z0-9_]+)\"", source.read_text()))
        names |= set(re.findall(r"_limit\(\"([A-Z][A-Z0-9_]+)\"", source.read_text()))
    return (names - NOT_SETTINGS) | {"DATABASE_URL", "INSTANCE_PATH"}


def test_the_environment_template_names_every_setting_with_the_prefix():
    text = (DEPLOY / "wardportal.env.example").read_text()
    listed = set(re.findall(r"^#?WARDPORTAL_([A-Z][A-Z0-9_]+)=", text, re.M))
    missing = sorted(_settings() - listed)
    assert missing == [], f"add to deploy/wardportal.env.example: {missing}"
    bare = [line for line in text.splitlines() if re.match(r"^#?[A-Z][A-Z0-9_]+=", line)
            and not line.lstrip("#").startswith(("WARDPORTAL_", "WEB_CONCURRENCY", "GUNICORN_"))]
    assert bare == []
    # production values where the default is for the first command only
    assert "WARDPORTAL_SEED_DEMO_WHEN_EMPTY=false" in text.splitlines()
    assert "WARDPORTAL_PROXY_COUNT=1" in text.splitlines()


def test_nginx_request_limit_is_the_portals():
    site = (DEPLOY / "nginx" / "wardportal.conf").read_text()
    size = re.search(r"^\s*client_max_body_size (\d+)m;", site, re.M)[1]
    assert int(size) * 1024 * 1024 == default_config.MAX_CONTENT_LENGTH
    template = (DEPLOY / "wardportal.env.example").read_text()
    assert f"#WARDPORTAL_MAX_CONTENT_LENGTH={default_config.MAX_CONTENT_LENGTH}" in template


def _as_flask_reads_it(raw: str):
    """Flask's from_prefixed_env: JSON when it parses, else the text."""
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _plain(value):
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def test_commented_lines_show_the_defaults():
    """A commented-out line says the default, as Flask would read it back (examples excepted)."""
    examples = {"RATELIMIT_STORAGE_URI", "SIGNATURE_TRUST_ROOTS"}  # what to write when you turn it on
    wrong = {}
    for name, raw in re.findall(r"^#WARDPORTAL_([A-Z][A-Z0-9_]+)=(.*)$",
                                (DEPLOY / "wardportal.env.example").read_text(), re.M):
        default = getattr(default_config, name, None)
        if default is not None and name not in examples and _as_flask_reads_it(raw) != _plain(default):
            wrong[name] = (raw, default)
    assert wrong == {}
