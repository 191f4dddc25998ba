"""The English catalog covers every Vietnamese string in the code and templates, and is compiled."""

import gettext
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "wardportal" / "translations" / "en" / "LC_MESSAGES"


def extracted_ids(tmp_path) -> set[str]:
    """Every msgid the source holds now (the same extraction the update script runs)."""
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
                    "-k", "lazy_gettext", "--no-location", "-o", str(pot), "."], cwd=ROOT, check=True,
                   capture_output=True)
    with pot.open("rb") as handle:
        return {message.id if isinstance(message.id, str) else message.id[0] for message in read_po(handle)
                if message.id}


def english_catalog():
    with (CATALOG / "messages.po").open("rb") as handle:
        return read_po(handle, locale="en")


def test_every_string_has_an_english_translation(tmp_path):
    catalog = english_catalog()
    missing = []
    for msgid in sorted(extracted_ids(tmp_path)):
        message = catalog.get(msgid)
        strings = [] if message is None else (message.string if isinstance(message.string, tuple)
                                              else [message.string])
        if message is None or message.fuzzy or not all(strings):
            missing.append(msgid)
    assert missing == [], f"{len(missing)} untranslated; run scripts/update-translations.sh and translate"


def test_compiled_catalog_matches_the_po_file():
    with (CATALOG / "messages.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in english_catalog():
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            assert compiled.ngettext(message.id[0], message.id[1], 1) == message.string[0]
        else:
            assert compiled.gettext(message.id) == message.string, message.id
