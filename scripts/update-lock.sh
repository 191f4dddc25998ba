#!/usr/bin/env bash
# Refresh requirements.lock: resolve the ranges in pyproject.toml afresh in a new virtualenv, write the
# exact versions, then run the whole test suite on them. Use it when adding or upgrading a dependency;
# commit the new lock only when the tests pass. Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="$(mktemp -d)/venv"
trap 'rm -rf "$(dirname "$venv")"' EXIT
python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
"$venv/bin/python" -m pip install -q --disable-pip-version-check -e ".[test,postgres]"
{
  echo "# Exact versions the README commands install (pip install -c requirements.lock ...)."
  echo "# Refresh with: bash scripts/update-lock.sh  (resolves afresh in a new virtualenv, then runs the tests)."
  "$venv/bin/python" -m pip freeze --exclude-editable --disable-pip-version-check | grep -v -i '^wardportal'
} > requirements.lock.new
mv requirements.lock.new requirements.lock
echo "requirements.lock: $(grep -vc '^#' requirements.lock) packages pinned; running the tests on them"
WARDPORTAL_TEST_VENV="$venv" bash scripts/run-tests.sh "$@"
