"""Reading the settings at start: instance/config.py, then ``WARDPORTAL_<NAME>`` from the environment.

Each value is parsed by its type in kernel/settings_table.py; a value the portal cannot use stops the process
with one line naming the setting (``exit_on_setting_error``), and names under the prefix that are no setting
are warned about in one line. Where each value came from is kept for ``flask settings``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys

from flask import Config, Flask

from wardportal.kernel.settings_table import BY_NAME, NOT_SETTINGS_PREFIXES, SettingError, check, parse

PREFIX = "WARDPORTAL_"
# The exit status for a setting error: gunicorn's "App failed to load", so its master stops instead of
# restarting workers that can never start; any non-zero status stops `flask …`.
EXIT_STATUS = 4
logger = logging.getLogger("wardportal.settings")


def load_settings(app: Flask, environ=None) -> None:
    """Apply instance/config.py then the environment to ``app.config``, recording each value's source."""
    environ = os.environ if environ is None else environ
    sources = app.extensions.setdefault("settings_sources", {})
    instance = Config(app.instance_path)
    instance.from_pyfile("config.py", silent=True)
    for name, value in instance.items():
        setting = BY_NAME.get(name)
        if setting is not None:
            check(setting, value, f"{name} in instance/config.py")
        app.config[name] = value
        sources[name] = "instance/config.py"
    unknown = []
    for key in sorted(environ):
        if not key.startswith(PREFIX):
            continue
        name = key[len(PREFIX):]
        if name.startswith(NOT_SETTINGS_PREFIXES):
            continue
        setting = BY_NAME.get(name)
        if setting is None:
            unknown.append(key)
            continue
        app.config[name] = parse(setting, environ[key], key)
        sources[name] = f"environment {key}"
    if "DATABASE_URL" in environ and PREFIX + "DATABASE_URL" not in environ:
        app.config["DATABASE_URL"] = parse(BY_NAME["DATABASE_URL"], environ["DATABASE_URL"], "DATABASE_URL")
        sources["DATABASE_URL"] = "environment DATABASE_URL"
    app.extensions["settings_unknown"] = unknown


def warn_unknown_settings(app: Flask) -> None:
    """One line naming the ``WARDPORTAL_`` names that are no setting (ignored), once logging is set up."""
    unknown = app.extensions.get("settings_unknown")
    if unknown:
        logger.warning("Unknown settings ignored: %s (`flask --app wardportal settings` lists the settings)",
                       ", ".join(unknown))


def setting_source(app: Flask, name: str) -> str:
    """``default``, ``instance/config.py`` or ``environment WARDPORTAL_…`` (a test's settings: ``test``)."""
    return app.extensions.get("settings_sources", {}).get(name, "default")


def env_name(app: Flask, name: str) -> str:
    """How to name a setting in a message: the environment variable that set it, else its bare name."""
    source = setting_source(app, name)
    return source.split(" ", 1)[1] if source.startswith("environment ") else name


@contextlib.contextmanager
def exit_on_setting_error():
    """Turn a SettingError into one line on stderr and the exit status, without a traceback."""
    try:
        yield
    except SettingError as error:
        print(f"Setting error: {error}", file=sys.stderr, flush=True)
        raise SystemExit(EXIT_STATUS) from None
