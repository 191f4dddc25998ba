"""``flask settings``: every setting, its current value (secrets masked), where it comes from, its meaning."""

from __future__ import annotations

import click
from flask import Flask

from wardportal.kernel.database_url import shown
from wardportal.kernel.settings_env import setting_source
from wardportal.kernel.settings_table import SETTINGS, Setting


def display(setting: Setting, value) -> str:
    """A value as the settings list shows it: URLs without their password, other secrets as ``***``."""
    if value is None or value == "":
        return "(unset)"
    if setting.secret:
        return shown(value) if setting.type == "url" else "***"
    return repr(value) if not isinstance(value, str) else value


def settings_rows(app: Flask) -> list[tuple[str, str, str, str, str]]:
    """(name, current value, default, source, meaning) for every setting."""
    return [(s.name, display(s, app.config.get(s.name)), display(s, s.default_value), setting_source(app, s.name),
             s.meaning) for s in SETTINGS]


def register_settings_command(app: Flask) -> None:
    @app.cli.command("settings")
    def settings_command():
        """List every setting: current value (secrets masked), default, where it comes from, meaning."""
        for name, value, default, source, meaning in settings_rows(app):
            click.echo(f"{name} = {value}    [{source}; default {default}]\n    {meaning}")
