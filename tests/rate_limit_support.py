"""Real gunicorn servers and a real Redis for the rate-limit tests (issue 24, item 5).

`redis_url` is the throw-away Redis that scripts/run-tests.sh starts (scripts/start-test-redis.sh exports
WARDPORTAL_TEST_REDIS_URL): the tests skip without it on a developer's machine, and fail in CI (CI=true).
"""

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from .server_support import answering, free_port, stop

ROOT = Path(__file__).resolve().parent.parent
SIGN_IN = "/can-bo/dang-nhap"


@pytest.fixture
def redis_url():
    """The test Redis, emptied: a run never sees another's counts."""
    url = os.environ.get("WARDPORTAL_TEST_REDIS_URL")
    if not url:
        message = "WARDPORTAL_TEST_REDIS_URL is not set (scripts/run-tests.sh starts a Redis and sets it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()



def server_environment(instance: Path, **settings) -> dict:
    """The environment of a test server: no WARDPORTAL_ settings from outside, the given ones added."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("WARDPORTAL_") or k == "WARDPORTAL_TEST_POSTGRES_URL"}
    env.pop("WEB_CONCURRENCY", None)
    env.pop("GUNICORN_CMD_ARGS", None)
    env.update({"WARDPORTAL_INSTANCE_PATH": str(instance), "WARDPORTAL_AUTO_INIT_DB": "false",
                "WARDPORTAL_SEED_DEMO_WHEN_EMPTY": "false", "WARDPORTAL_ALLOW_INSECURE_COOKIES": "true",
                "WARDPORTAL_MAIL_SUPPRESS_SEND": "true",
                # every attempt reaches the limit, as a script that fetched the token first would
                "WARDPORTAL_WTF_CSRF_ENABLED": "false"})
    env.update({f"WARDPORTAL_{key}": str(value) for key, value in settings.items()})
    return env


class Gunicorn:
    """gunicorn serving wsgi:app on loopback, its access log naming the worker (pid) of every request."""

    def __init__(self, folder: Path, name: str, env: dict, *options: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.access_log = folder / f"{name}-access.log"
        self.error_log = folder / f"{name}-error.log"
        # the app's start-up lines go to stderr (no handler configured: logging's last resort), as on a server
        self.stderr = open(folder / f"{name}-stderr.log", "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *options, "-b", f"127.0.0.1:{self.port}", "--timeout", "120",
             "--access-logfile", str(self.access_log), "--access-logformat", "%(p)s %(m)s %(U)s %(s)s",
             "--error-logfile", str(self.error_log), "wsgi:app"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=self.stderr)

    def wait(self) -> "Gunicorn":
        if answering(self.url + SIGN_IN, self.process):
            return self
        raise AssertionError(f"gunicorn on {self.url} did not start: {self.error_log.read_text()[-2000:]}")

    def workers_that_answered(self, path: str = SIGN_IN) -> set[str]:
        """The worker pids that answered POSTs to `path` (from the access log)."""
        lines = self.access_log.read_text().splitlines() if self.access_log.exists() else []
        return {m[1] for line in lines if (m := re.match(r"<(\d+)> POST (\S+) ", line)) and m[2] == path}

    def stop(self) -> None:
        stop(self.process)
        self.stderr.close()

    def start_up_lines(self) -> list[str]:
        """What the server wrote to stderr and its error log."""
        self.stderr.flush()
        return (Path(self.stderr.name).read_text() + self.error_log.read_text()).splitlines()


def sign_in_attempts(urls: list[str], emails: list[str], parallel: int = 4) -> list[int]:
    """Wrong sign-ins, the i-th with emails[i] to urls[i % len(urls)], `parallel` at a time, each on a new
    connection (so the kernel hands them to every worker); the status codes in order."""
    def attempt(index: int) -> int:
        response = requests.post(urls[index % len(urls)] + SIGN_IN, timeout=60,
                                 data={"email": emails[index], "password": "sai-mat-khau"},
                                 headers={"Connection": "close"})
        return response.status_code

    with ThreadPoolExecutor(parallel) as pool:
        return list(pool.map(attempt, range(len(emails))))
