#!/usr/bin/env bash
# Install everything the test suite needs and run it. README's second command; CI runs it via .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: Chromium for the browser tests, poppler (pdfsig, pdftotext) for the PDF checks,
# SoftHSM2 and OpenSC (pkcs11-tool) for the leaders' signing tokens, Redis for the shared rate-limit store,
# nginx to run deploy/'s site in front of two servers, systemd-analyze to verify deploy/'s units.
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pdfsig >/dev/null || need+=(poppler-utils)
command -v softhsm2-util >/dev/null || need+=(softhsm2)
command -v pkcs11-tool >/dev/null || need+=(opensc)
command -v redis-server >/dev/null || need+=(redis-server)
[ -x /usr/sbin/nginx ] || need+=(nginx)
command -v systemd-analyze >/dev/null || need+=(systemd)
python3 -c "import ensurepip" 2>/dev/null || need+=(python3-venv)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need[@]}" >/dev/null
fi

# The project's own virtualenv (.venv, or WARDPORTAL_TEST_VENV), never the system Python: Debian's is
# "externally managed" and refuses pip. The exact versions from the committed lock go in (scripts/update-lock.sh
# refreshes it); a second run only checks them.
venv="$(realpath -m "${WARDPORTAL_TEST_VENV:-.venv}")"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check -c requirements.lock -e ".[test]"
export VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH"

# A real PostgreSQL server for the tests that check the multi-server engine, and a real Redis for the
# shared rate-limit store (two workers, two servers); both stopped when the run ends.
stop_postgres=true stop_redis=true stop_oidc=true
trap '"$stop_postgres"; "$stop_redis"; "$stop_oidc"' EXIT
if [ -z "${WARDPORTAL_TEST_POSTGRES_URL:-}" ]; then
  read -r WARDPORTAL_TEST_POSTGRES_URL stop_postgres < <(bash scripts/start-test-postgres.sh)
  export WARDPORTAL_TEST_POSTGRES_URL
fi
if [ -z "${WARDPORTAL_TEST_REDIS_URL:-}" ]; then
  read -r WARDPORTAL_TEST_REDIS_URL stop_redis < <(bash scripts/start-test-redis.sh)
  export WARDPORTAL_TEST_REDIS_URL
fi

# A real OpenID Connect provider (node-oidc-provider, npm ci from tests/oidc_provider/package-lock.json) for
# the residents' sign-in tests; the tests start their own when this is not set.
if [ -z "${WARDPORTAL_TEST_OIDC_ISSUER:-}" ]; then
  read -r WARDPORTAL_TEST_OIDC_ISSUER stop_oidc < <(bash scripts/start-test-oidc-provider.sh)
  export WARDPORTAL_TEST_OIDC_ISSUER
fi

# The import contract in pyproject.toml ([tool.importlinter]): a new import cycle or an upward import fails.
lint-imports --no-cache

"$venv/bin/python" -m pytest "$@"
