"""Where the files the package reads live: templates, static files, fonts, and the default instance folder.

An installed wheel carries ``templates/`` and ``static/`` inside the package (``wardportal/templates``,
``wardportal/static``: pyproject.toml's ``force-include``); a checkout (editable install, tests, wsgi.py)
keeps them at its top level. The fonts always sit in the package (``wardportal/data/fonts``).
"""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
CHECKOUT_DIR = PACKAGE_DIR.parent


def _inside_package_or_checkout(name: str) -> Path:
    packaged = PACKAGE_DIR / name
    return packaged if packaged.is_dir() else CHECKOUT_DIR / name


TEMPLATES_DIR = _inside_package_or_checkout("templates")
STATIC_DIR = _inside_package_or_checkout("static")
# Be Vietnam Pro (OFL), the font of every generated PDF and signature stamp; see fonts/README.md there.
FONTS_DIR = PACKAGE_DIR / "data" / "fonts"
# Running from a source checkout (not an installed wheel): its templates are the top-level ones.
IN_CHECKOUT = TEMPLATES_DIR == CHECKOUT_DIR / "templates" and (CHECKOUT_DIR / "pyproject.toml").is_file()


def default_instance_path() -> str:
    """``WARDPORTAL_INSTANCE_PATH``, else ``<checkout>/instance``, else ``./instance`` (installed wheel)."""
    named = os.environ.get("WARDPORTAL_INSTANCE_PATH")
    if named:
        return os.path.abspath(named)
    base = CHECKOUT_DIR if IN_CHECKOUT else Path.cwd()
    return str((base / "instance").absolute())
