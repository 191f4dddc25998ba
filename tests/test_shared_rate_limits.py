"""Issue 24, item 5: rate limits counted once per install, not once per worker.

Real gunicorn, real Redis (scripts/start-test-redis.sh): two workers sharing Redis allow exactly the sign-in
limit (address and account) between them; the README's single-server command without Redis (one worker
process, threads) holds the limits exactly; and a split count is named at start-up in one line.
"""

import pytest

from wardportal.kernel.rate_limit_store import split_count_warning, worker_processes

from .rate_limit_support import Gunicorn, redis_url, server_environment, sign_in_attempts  # noqa: F401
from .staff_factories import make_staff

ADDRESS_LIMIT = 20  # STAFF_LOGIN_LIMIT_ADDRESS: 20 per minute
ACCOUNT_LIMIT = 5  # STAFF_LOGIN_LIMIT_ACCOUNT: 5 per minute
TRACK_LIMIT = 30  # TRACK_LIMIT_PER_ADDRESS: 30 per minute


@pytest.fixture
def serve(app, instance_path, tmp_path):
    """Start gunicorn on the test's migrated instance; every server started is stopped afterwards."""
    started = []

    def start(*options, **settings):
        server = Gunicorn(tmp_path, f"server-{len(started)}", server_environment(instance_path, **settings),
                          *options)
        started.append(server)
        return server.wait()

    yield start
    for server in started:
        server.stop()


def _allowed(statuses):
    assert set(statuses) <= {200, 422, 429}, statuses
    return sum(status != 429 for status in statuses)


def test_two_workers_sharing_redis_allow_exactly_the_sign_in_limit(serve, redis_url, make):
    server = serve("-w", "2", RATELIMIT_STORAGE_URI=redis_url)
    statuses = sign_in_attempts([server.url], [f"khong-co-{n}@example.vn" for n in range(ADDRESS_LIMIT + 10)])
    assert _allowed(statuses) == ADDRESS_LIMIT, "the 21st attempt from one address must be refused"
    assert len(server.workers_that_answered()) == 2, "both workers must have answered"
    # after the limit, one more from the same address is refused whichever worker takes it
    assert sign_in_attempts([server.url], ["mot-nua@example.vn"] * 4) == [429] * 4


def test_two_workers_sharing_redis_allow_exactly_the_account_limit(serve, redis_url, make):
    ward = make.ward(slug="phuong-mot")
    officer = make_staff(ward, "officer", email="can-bo@example.vn")
    server = serve("-w", "2", RATELIMIT_STORAGE_URI=redis_url)
    statuses = sign_in_attempts([server.url], [officer.email] * (ACCOUNT_LIMIT + 5))
    assert _allowed(statuses) == ACCOUNT_LIMIT
    assert len(server.workers_that_answered()) == 2


def test_the_readmes_single_server_command_holds_the_limits_without_redis(serve, make):
    """`gunicorn -w 1 --threads 8` with the embedded memory store: sign-in per address and per account and
    the tracking form each allow exactly their limit, even from 8 connections at once."""
    make.ward(slug="phuong-mot")
    from wardportal.kernel.extensions import db
    db.session.commit()
    server = serve("-w", "1", "--threads", "8")
    by_address = sign_in_attempts([server.url], [f"khong-co-{n}@example.vn" for n in range(ADDRESS_LIMIT + 10)],
                                  parallel=8)
    assert _allowed(by_address) == ADDRESS_LIMIT
    import requests
    from concurrent.futures import ThreadPoolExecutor

    def track(n):
        return requests.post(f"{server.url}/phuong-mot/tra-cuu", data={"code": f"H29-000000-{n:04d}"},
                             timeout=60, headers={"Connection": "close"}).status_code

    with ThreadPoolExecutor(8) as pool:
        tracking = list(pool.map(track, range(TRACK_LIMIT + 10)))
    assert set(tracking) <= {200, 429} and tracking.count(200) == TRACK_LIMIT


def test_a_split_count_is_named_in_one_line_at_start(serve, tmp_path):
    """gunicorn -w 2 with memory storage: the error log says the limits are twice as loose and what to do."""
    server = serve("-w", "2")
    lines = [line for line in server.start_up_lines() if "Rate limits count in memory per worker" in line]
    assert lines and "2 gunicorn workers" in lines[0] and "RATELIMIT_STORAGE_URI" in lines[0]
    assert len(lines) <= 2  # one line per worker process, nothing more


@pytest.mark.parametrize("argv, environ, expected", [
    (["gunicorn", "-w", "4", "wsgi:app"], {}, 4),
    (["/usr/bin/gunicorn", "--workers=3", "wsgi:app"], {}, 3),
    (["/x/gunicorn/__main__.py", "-w4", "wsgi:app"], {}, 4),
    (["gunicorn", "wsgi:app"], {"GUNICORN_CMD_ARGS": "--workers 6 --threads 2"}, 6),
    (["gunicorn", "wsgi:app"], {"WEB_CONCURRENCY": "5"}, 5),
    (["gunicorn", "-w", "2", "wsgi:app"], {"WEB_CONCURRENCY": "5"}, 2),  # the command line wins
    (["gunicorn", "-w", "1", "--threads", "8", "wsgi:app"], {}, 1),
    (["flask", "run", "-w", "9"], {}, 1),  # not gunicorn: its options mean something else
])
def test_the_worker_count_is_read_as_gunicorn_reads_it(argv, environ, expected):
    assert worker_processes(environ, argv) == expected


@pytest.mark.parametrize("settings, argv, environ, says", [
    ({}, ["gunicorn", "-w", "4", "x:app"], {}, "4 gunicorn workers"),
    ({}, ["gunicorn", "x:app"], {"WEB_CONCURRENCY": "3"}, "3 gunicorn workers"),
    ({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db/x"}, ["gunicorn", "-w", "1", "x:app"], {},
     "PostgreSQL"),
    ({"PUBLIC_BASE_URL": "https://x.gov.vn"}, ["gunicorn", "-w", "1", "x:app"], {}, "exact only with one"),
    ({}, ["gunicorn", "-w", "1", "x:app"], {}, None),
    ({"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0", "PUBLIC_BASE_URL": "https://x.gov.vn"},
     ["gunicorn", "-w", "4", "x:app"], {}, None),
    ({"RATELIMIT_ENABLED": False}, ["gunicorn", "-w", "4", "x:app"], {}, None),
])
def test_the_start_up_line_for_each_kind_of_install(settings, argv, environ, says):
    line = split_count_warning({"RATELIMIT_STORAGE_URI": "memory://", **settings}, environ, argv)
    if says is None:
        assert line is None
    else:
        assert says in line and "\n" not in line and "WARDPORTAL_RATELIMIT_STORAGE_URI" in line
