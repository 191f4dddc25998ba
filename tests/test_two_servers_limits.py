"""Issue 24, item 5, across servers: two gunicorn servers (test_two_servers.py's, on one PostgreSQL) sharing
one Redis allow the sign-in limits once between them, not once each."""

import pytest

from wardportal.kernel.extensions import db

from .factories import Factories
from .rate_limit_support import redis_url, sign_in_attempts  # noqa: F401  (fixture)
from .staff_factories import make_staff
from .test_two_servers import servers  # noqa: F401  (fixture)

ADDRESS_LIMIT = 20  # STAFF_LOGIN_LIMIT_ADDRESS
ACCOUNT_LIMIT = 5  # STAFF_LOGIN_LIMIT_ACCOUNT


@pytest.fixture
def server_settings(redis_url):
    return {"RATELIMIT_ENABLED": "true", "RATELIMIT_STORAGE_URI": redis_url,
            # every attempt reaches the limit, as a script that fetched the token first would
            "WTF_CSRF_ENABLED": "false"}


def test_two_servers_sharing_redis_count_sign_in_once(servers):
    (a, b), app, _files = servers
    urls = [a.url, b.url]  # alternate: half the attempts on each server
    by_address = sign_in_attempts(urls, [f"khong-co-{n}@example.vn" for n in range(ADDRESS_LIMIT + 10)])
    refused = [status for status in by_address if status == 429]
    assert len(by_address) - len(refused) == ADDRESS_LIMIT, by_address
    # the 21st and later: refused on both servers
    assert sign_in_attempts(urls, ["nua@example.vn"] * 4) == [429] * 4


def test_two_servers_sharing_redis_count_an_account_once(servers):
    (a, b), app, _files = servers
    with app.app_context():
        officer_email = make_staff(Factories().ward(slug="phuong-mot"), "officer", email="can-bo@example.vn").email
        db.session.remove()
    statuses = sign_in_attempts([a.url, b.url], [officer_email] * (ACCOUNT_LIMIT + 5), parallel=2)
    assert sum(status != 429 for status in statuses) == ACCOUNT_LIMIT, statuses
