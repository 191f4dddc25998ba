"""The one line a starting process logs: what it uses, so an operator sees a wrong setting at once."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

from wardportal.kernel.database_url import shown
from wardportal.kernel.senders import mail_configured

logger = logging.getLogger("wardportal.start")


def search_index_folder(app: Flask) -> Path:
    """This server's search index: ``SEARCH_INDEX_PATH``, else ``search-index`` in the instance folder."""
    return Path(app.config.get("SEARCH_INDEX_PATH") or Path(app.instance_path) / "search-index")


def startup_line(app: Flask) -> str:
    config = app.config
    if mail_configured(config):
        port = config.get("MAIL_PORT") or (465 if config.get("MAIL_USE_SSL") else 25)
        mail = f"smtp {config['MAIL_SERVER']}:{port}"
    else:
        mail = "log (no MAIL_SERVER)" if not config.get("MAIL_SERVER") else "log (MAIL_SUPPRESS_SEND)"
    return (f"Ward Portal: database {shown(config['SQLALCHEMY_DATABASE_URI'])}; files store {config['FILES_PATH']}; "
            f"public address {config.get('PUBLIC_BASE_URL') or 'unset (loopback only)'}; "
            f"search index {search_index_folder(app)}; mail {mail}; "
            f"sms {config.get('SMS_SENDER') or 'log (no SMS_SENDER)'}; "
            f"rate limits {shown(config.get('RATELIMIT_STORAGE_URI') or 'memory://')}")


def log_startup_line(app: Flask) -> None:
    if not app.testing:
        logger.info(startup_line(app))
