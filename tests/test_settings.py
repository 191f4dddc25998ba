"""Settings: one table, read as WARDPORTAL_<NAME>, checked at start, listed by `flask settings`, in the README."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask

from wardportal import config as default_config
from wardportal.kernel.settings_env import load_settings
from wardportal.kernel.settings_table import BY_NAME, INTERNAL, SETTINGS, SettingError

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("WARDPORTAL_TEST_POSTGRES_URL")
needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="WARDPORTAL_TEST_POSTGRES_URL not set")


def clean_environment(instance: Path, **settings) -> dict:
    """This process's environment without any WARDPORTAL_ setting or DATABASE_URL, plus the given ones."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARDPORTAL_") and k != "DATABASE_URL"}
    env["WARDPORTAL_INSTANCE_PATH"] = str(instance)
    env.update(settings)
    return env


def flask_command(instance: Path, *args: str, timeout=120, **settings) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wardportal", *args], cwd=ROOT,
                          env=clean_environment(instance, **settings), capture_output=True, text=True,
                          timeout=timeout)


def assert_named_in_one_line(done: subprocess.CompletedProcess, name: str) -> None:
    assert done.returncode != 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    error_lines = [line for line in done.stderr.splitlines() if line.startswith("Setting error:")]
    assert len(error_lines) == 1 and name in error_lines[0], done.stderr


# --- the table holds every setting -----------------------------------------------------------------------

READS = re.compile(r"""config(?:\.get|\.setdefault)?[(\[]\s*["']([A-Z][A-Z0-9_]+)["']"""
                   r"""|_limit\(\s*"([A-Z][A-Z0-9_]+)\"""")
# Derived at start (from DATABASE_URL; from ALLOW_INSECURE_COOKIES), or Flask's own flags no install sets.
NOT_SETTINGS = {"SQLALCHEMY_DATABASE_URI", "SESSION_COOKIE_SECURE", "TESTING", "DEBUG"}


def names_read_by_the_code() -> set[str]:
    found = set()
    for path in (ROOT / "wardportal").rglob("*.py"):
        for match in READS.finditer(path.read_text(encoding="utf-8")):
            found.add(match[1] or match[2])
    return found - NOT_SETTINGS


def test_every_setting_the_code_reads_is_in_the_table():
    read = names_read_by_the_code()
    assert len(read) > 60  # the scan finds them (a broken pattern would pass an empty set)
    assert sorted(read - set(BY_NAME)) == []


def test_every_setting_of_config_py_is_in_the_table_with_its_default():
    in_config = {name for name in dir(default_config) if name.isupper()} - INTERNAL
    assert sorted(in_config - set(BY_NAME)) == []
    for name in in_config:
        assert BY_NAME[name].default_value == getattr(default_config, name)


def test_every_setting_has_a_type_and_a_one_line_meaning():
    assert len({s.name for s in SETTINGS}) == len(SETTINGS)
    for setting in SETTINGS:
        assert setting.type in ("text", "int", "number", "bool", "list", "json", "url", "limit"), setting.name
        assert setting.meaning and "\n" not in setting.meaning, setting.name


# --- reading the environment --------------------------------------------------------------------------

def loaded(tmp_path, environ) -> Flask:
    app = Flask("settings-test", instance_path=str(tmp_path))
    load_settings(app, environ)
    return app


GOOD = {"int": ("42", 42), "number": ("2.5", 2.5), "bool": ("false", False), "json": ('["a", "b"]', ["a", "b"]),
        "list": ("10.0.5.0/24, 127.0.0.1/32", ["10.0.5.0/24", "127.0.0.1/32"]),
        "text": ("12345", "12345"), "url": ("https://x.example", "https://x.example"),
        "limit": ("5 per minute", "5 per minute")}
BAD = {"int": "abc", "number": "1,5", "bool": "maybe", "json": "{not json", "list": "[1, 2"}


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_reads_its_prefixed_environment_variable_by_its_type(tmp_path, setting):
    text, value = GOOD[setting.type]
    app = loaded(tmp_path, {f"WARDPORTAL_{setting.name}": text})
    assert app.config[setting.name] == value
    assert app.extensions["settings_sources"][setting.name] == f"environment WARDPORTAL_{setting.name}"


@pytest.mark.parametrize("setting", [s for s in SETTINGS if s.type in BAD], ids=lambda s: s.name)
def test_every_wrong_typed_value_names_its_variable(tmp_path, setting):
    with pytest.raises(SettingError, match=f"^WARDPORTAL_{setting.name}: "):
        loaded(tmp_path, {f"WARDPORTAL_{setting.name}": BAD[setting.type]})


def test_a_wrong_type_in_instance_config_names_the_setting_and_the_file(tmp_path):
    (tmp_path / "config.py").write_text("PROXY_COUNT = 'abc'\n")
    with pytest.raises(SettingError, match="^PROXY_COUNT in instance/config.py: "):
        loaded(tmp_path, {})


def test_a_list_is_also_read_as_json(tmp_path):
    app = loaded(tmp_path, {"WARDPORTAL_TRUSTED_HOSTS": '["a.example", "b.example"]'})
    assert app.config["TRUSTED_HOSTS"] == ["a.example", "b.example"]


def test_bare_database_url_is_an_alias_and_the_prefixed_name_wins(tmp_path):
    assert loaded(tmp_path, {"DATABASE_URL": "sqlite:///a.db"}).config["DATABASE_URL"] == "sqlite:///a.db"
    both = loaded(tmp_path, {"DATABASE_URL": "sqlite:///a.db", "WARDPORTAL_DATABASE_URL": "sqlite:///b.db"})
    assert both.config["DATABASE_URL"] == "sqlite:///b.db"
    assert both.extensions["settings_sources"]["DATABASE_URL"] == "environment WARDPORTAL_DATABASE_URL"


def test_prefixed_database_url_is_used(tmp_path):
    """The issue's report: WARDPORTAL_DATABASE_URL was silently ignored and init made SQLite."""
    elsewhere = tmp_path / "elsewhere.db"
    done = flask_command(tmp_path / "instance", "init", WARDPORTAL_DATABASE_URL=f"sqlite:///{elsewhere}")
    assert done.returncode == 0, done.stderr
    assert elsewhere.exists() and not (tmp_path / "instance" / "wardportal.db").exists()
    assert f"database sqlite:///{elsewhere};" in done.stderr  # the start-up line


def test_unknown_prefixed_names_are_warned_about_in_one_line(tmp_path):
    done = flask_command(tmp_path, "settings", WARDPORTAL_DATABSE_URL="postgresql://x/y", WARDPORTAL_PROXYCOUNT="1",
                         WARDPORTAL_TEST_ANYTHING="1")
    assert done.returncode == 0, done.stderr
    warned = [line for line in done.stderr.splitlines() if "Unknown settings" in line]
    assert len(warned) == 1
    assert "WARDPORTAL_DATABSE_URL" in warned[0] and "WARDPORTAL_PROXYCOUNT" in warned[0]
    assert "TEST_ANYTHING" not in warned[0]


# --- a wrong value stops the process in one line ---------------------------------------------------------

@pytest.mark.parametrize("settings, named", [
    ({"WARDPORTAL_PROXY_COUNT": "abc"}, "WARDPORTAL_PROXY_COUNT"),
    ({"WARDPORTAL_PROXY_COUNT": "-1"}, "PROXY_COUNT"),
    ({"WARDPORTAL_LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
    ({"DATABASE_URL": "postgres//nohost"}, "DATABASE_URL"),
    ({"WARDPORTAL_DATABASE_URL": "postgresql://u:p@h:port/db"}, "WARDPORTAL_DATABASE_URL"),
    ({"WARDPORTAL_DATABASE_URL": "mysql://u:p@h/db"}, "WARDPORTAL_DATABASE_URL"),
    ({"WARDPORTAL_DATABASE_URL": "postgresql://u:secret@127.0.0.1:1/db"}, "WARDPORTAL_DATABASE_URL"),
], ids=["not-a-number", "negative", "log-level", "malformed-url", "bad-port", "other-engine", "unreachable"])
def test_a_wrong_value_names_the_setting_in_one_line_and_exits_non_zero(tmp_path, settings, named):
    done = flask_command(tmp_path, "init", **settings)
    assert_named_in_one_line(done, named)
    assert done.returncode == 4
    assert "secret" not in done.stderr


def test_gunicorn_stops_on_a_wrong_value_instead_of_restarting_workers(tmp_path):
    process = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-w", "1", "-b", "127.0.0.1:0", "wsgi:app"], cwd=ROOT,
        env=clean_environment(tmp_path, WARDPORTAL_PROXY_COUNT="abc"), capture_output=True, text=True, timeout=60)
    assert process.returncode != 0
    assert "Traceback" not in process.stderr
    assert process.stderr.count("Setting error: WARDPORTAL_PROXY_COUNT") == 1


def test_postgresql_without_its_driver_names_the_extra(tmp_path):
    """A fresh install without `.[postgres]`: the driver's absence is made real by blocking its import."""
    script = ("import sys; sys.modules['psycopg'] = None; sys.argv = ['flask', '--app', 'wardportal', 'init'];"
              "from flask.cli import main; main()")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=clean_environment(tmp_path, DATABASE_URL="postgresql://u:p@127.0.0.1/db"))
    assert_named_in_one_line(done, "DATABASE_URL")
    assert 'wardportal[postgres]' in done.stderr


# --- what is in use, said at start -------------------------------------------------------------------------

def test_the_start_up_line_states_what_is_in_use_without_passwords(tmp_path):
    files, index = tmp_path / "files", tmp_path / "index"
    done = flask_command(
        tmp_path / "instance", "settings", WARDPORTAL_FILES_PATH=str(files), WARDPORTAL_SEARCH_INDEX_PATH=str(index),
        WARDPORTAL_PUBLIC_BASE_URL="https://dichvucong.example.gov.vn", WARDPORTAL_MAIL_SERVER="mail.example.vn",
        WARDPORTAL_MAIL_PORT="587", WARDPORTAL_SMS_SENDER="gateway.sms:Sender",
        WARDPORTAL_RATELIMIT_STORAGE_URI="redis://:redispass@127.0.0.1:6379/0",
        WARDPORTAL_DATABASE_URL=f"sqlite:///{tmp_path}/portal.db")
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if "wardportal.start" in line]
    assert len(lines) == 1
    line = lines[0]
    for part in (f"database sqlite:///{tmp_path}/portal.db", f"files store {files}", f"search index {index}",
                 "public address https://dichvucong.example.gov.vn", "mail smtp mail.example.vn:587",
                 "sms gateway.sms:Sender", "rate limits redis://:***@127.0.0.1:6379/0"):
        assert part in line
    assert "redispass" not in done.stderr + done.stdout


@needs_postgres
def test_the_start_up_line_masks_the_database_password(tmp_path, fresh_postgres_url):
    from sqlalchemy.engine import make_url
    url = make_url(fresh_postgres_url).set(password="pw-not-shown")
    done = flask_command(tmp_path, "settings", DATABASE_URL=url.render_as_string(hide_password=False))
    # The server trusts loopback, so the password is not checked; it must not be printed.
    assert "pw-not-shown" not in done.stderr + done.stdout
    assert "database postgresql+psycopg://" in done.stderr


# --- several servers without a shared files store --------------------------------------------------------

@pytest.fixture
def fresh_postgres_url():
    """An empty database of its own on the test server (the marker lives in the database)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    base = make_url(POSTGRES_URL)
    name = f"{base.database}_claim_{os.getpid()}"
    admin = create_engine(base.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@needs_postgres
def test_a_second_server_without_the_shared_files_store_refuses_to_start(tmp_path, fresh_postgres_url):
    shared = tmp_path / "shared-files"
    first = flask_command(tmp_path / "a", "init", DATABASE_URL=fresh_postgres_url,
                          WARDPORTAL_FILES_PATH=str(shared))
    assert first.returncode == 0, first.stderr
    same_store = flask_command(tmp_path / "b", "settings", DATABASE_URL=fresh_postgres_url,
                               WARDPORTAL_FILES_PATH=str(shared))
    assert same_store.returncode == 0, same_store.stderr
    own_store = flask_command(tmp_path / "c", "settings", DATABASE_URL=fresh_postgres_url)
    assert_named_in_one_line(own_store, "FILES_PATH")
    assert not (tmp_path / "c" / "secret_key").exists()  # refused before making its own keys
    wsgi = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, capture_output=True, text=True,
                          env=clean_environment(tmp_path / "c", DATABASE_URL=fresh_postgres_url), timeout=120)
    assert_named_in_one_line(wsgi, "FILES_PATH")


@needs_postgres
def test_the_files_store_is_claimed_once_when_servers_start_together(tmp_path, fresh_postgres_url):
    assert flask_command(tmp_path / "init", "init", DATABASE_URL=fresh_postgres_url,
                         WARDPORTAL_FILES_PATH=str(tmp_path / "shared")).returncode == 0
    from sqlalchemy import create_engine, text
    engine = create_engine(fresh_postgres_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:  # an initialised database not yet paired: the first start pairs it
        connection.execute(text("COMMENT ON TABLE alembic_version IS NULL"))
    engine.dispose()
    starts = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "wardportal", "settings"], cwd=ROOT,
                               env=clean_environment(tmp_path / name, DATABASE_URL=fresh_postgres_url),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for name in "xy"]
    outputs = [process.communicate(timeout=120)[1] for process in starts]
    assert sorted(process.returncode for process in starts) == [0, 4], outputs


# --- flask settings and the README ----------------------------------------------------------------------

def test_flask_settings_lists_every_setting_with_its_source_and_masks_secrets(tmp_path):
    (tmp_path / "config.py").write_text("MAIL_PASSWORD = 'mail-pass-123'\nPROXY_COUNT = 1\n"
                                        "WARD_SIGNING_P12 = {'lam': {'path': '/k.p12', 'passphrase': 'p12-pass'}}\n")
    done = flask_command(tmp_path, "settings", WARDPORTAL_SECRET_KEY="session-key-456",
                         WARDPORTAL_PAYMENT_GATEWAY_SECRET="gateway-789", WARDPORTAL_HSTS_MAX_AGE="60",
                         DATABASE_URL=f"sqlite:///{tmp_path}/x.db")
    assert done.returncode == 0, done.stderr
    listed = {}
    for line in done.stdout.splitlines():
        if match := re.match(r"^([A-Z][A-Z0-9_]+) = (.*?)    \[(.*?); default (.*)\]$", line):
            listed[match[1]] = (match[2], match[3], match[4])
    assert set(listed) == set(BY_NAME)
    for secret in ("mail-pass-123", "session-key-456", "gateway-789", "p12-pass"):
        assert secret not in done.stdout + done.stderr
    assert listed["PROXY_COUNT"] == ("1", "instance/config.py", "0")
    assert listed["HSTS_MAX_AGE"][:2] == ("60", "environment WARDPORTAL_HSTS_MAX_AGE")
    assert listed["DATABASE_URL"][1] == "environment DATABASE_URL"
    assert listed["SECRET_KEY"][:2] == ("***", "environment WARDPORTAL_SECRET_KEY")
    assert listed["MAIL_PASSWORD"][:2] == ("***", "instance/config.py")
    assert listed["LOG_LEVEL"] == ("INFO", "default", "INFO")
    for setting in SETTINGS:  # each entry's meaning on the line after it
        assert f"\n    {setting.meaning}\n" in done.stdout + "\n"


def test_the_readme_settings_reference_is_generated_from_the_table(tmp_path):
    script = ROOT / "scripts" / "settings-reference.py"
    check = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"| `{setting.name}`" in readme
    stale = tmp_path / "README.md"
    shutil.copy(ROOT / "README.md", stale)
    stale.write_text(readme.replace("| `PROXY_COUNT` |", "| `PROXY_COUNTS` |"), encoding="utf-8")
    assert subprocess.run([sys.executable, str(script), "--check", "--readme", str(stale)],
                          capture_output=True).returncode == 1
