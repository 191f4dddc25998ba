"""``flask init``'s part about the public address: ask for it (or take ``--public-base-url``) and record it.

The address is written as ``PUBLIC_BASE_URL = '…'`` into ``instance/config.py`` (an environment variable
``WARDPORTAL_PUBLIC_BASE_URL`` still overrides it). Without a terminal and without the option, ``init`` does
not wait for an answer: it says what is configured, or warns what happens while nothing is.
"""

import re
import sys
from pathlib import Path

import click
from flask import current_app

from wardportal.kernel.public_address import InvalidBaseUrl, normalise_base_url

_SETTING_LINE = re.compile(r"^PUBLIC_BASE_URL\s*=.*$", re.MULTILINE)


def write_public_base_url(config_file: Path, url: str) -> None:
    """Put ``PUBLIC_BASE_URL = '<url>'`` into the instance config file, replacing an earlier value."""
    line = f"PUBLIC_BASE_URL = {url!r}"
    text = config_file.read_text(encoding="utf-8") if config_file.exists() else ""
    if _SETTING_LINE.search(text):
        text = _SETTING_LINE.sub(lambda _m: line, text, count=1)
    else:
        text = text + ("" if not text or text.endswith("\n") else "\n") + line + "\n"
    tmp = config_file.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(config_file)


def record_public_base_url(option: str | None) -> None:
    """Record the option's address, or ask on a terminal when none is configured; never block a script."""
    config_file = Path(current_app.instance_path) / "config.py"
    configured = current_app.config.get("PUBLIC_BASE_URL")
    url = option
    if url is None and not configured and sys.stdin.isatty():
        url = click.prompt("Public address of the site (e.g. https://dichvucong.example.gov.vn; empty to skip)",
                           default="", show_default=False)
    if url:
        try:
            url = normalise_base_url(url)
        except InvalidBaseUrl as exc:
            raise click.BadParameter(str(exc), param_hint="--public-base-url") from exc
        write_public_base_url(config_file, url)
        click.echo(f"Public address recorded in {config_file}: {url}")
        click.echo("Requests for other hosts will be refused; restart the app to apply.")
    elif configured:
        click.echo(f"Public address: {configured}")
    else:
        click.echo("Warning: no public address (PUBLIC_BASE_URL) is set. Outside debug mode the site then "
                   "answers only http://localhost; run `flask --app wardportal init --public-base-url "
                   "https://<address>` or set WARDPORTAL_PUBLIC_BASE_URL.", err=True)
