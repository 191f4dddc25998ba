#!/usr/bin/env bash
# Re-extract the Vietnamese source strings, merge them into the English catalog, and compile it.
# Translate new entries in wardportal/translations/en/LC_MESSAGES/messages.po, then run this again.
set -euo pipefail
cd "$(dirname "$0")/.."
pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output --omit-header \
  -o wardportal/translations/messages.pot . >/dev/null
if [ -f wardportal/translations/en/LC_MESSAGES/messages.po ]; then
  pybabel update -i wardportal/translations/messages.pot -d wardportal/translations -l en --no-fuzzy-matching \
    --ignore-obsolete >/dev/null
else
  pybabel init -i wardportal/translations/messages.pot -d wardportal/translations -l en >/dev/null
fi
pybabel compile -d wardportal/translations -l en --statistics
