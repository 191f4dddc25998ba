"""Two-step sign-in seeds, sealed with a key kept apart from the database.

A copy of the database (a dump, a stolen backup of it, an SQL injection) must not give away every staff
member's authenticator. Seeds are stored as Fernet tokens (AES-128-CBC + HMAC-SHA256) under a key that is
either the setting ``TOTP_KEY`` (``WARDPORTAL_TOTP_KEY``) or, by default, the file ``totp_key`` (0600) in
the files store, made once per install and shared by every server like the generated secret key. The
migration that sealed the seeds stored in clear finds the key the same way (``key_for``).
"""

import logging
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from wardportal.kernel.database import reading
from wardportal.kernel.extensions import db
from wardportal.kernel.key_files import read_or_create

KEY_FILE_NAME = "totp_key"
logger = logging.getLogger("wardportal.staff")


class TotpKeyError(RuntimeError):
    """The seeds cannot be opened with the key this server has (missing, malformed or another install's)."""


def key_source(config) -> str:
    """Where the key comes from, for messages: the setting or the key file's path."""
    if config.get("TOTP_KEY"):
        return "WARDPORTAL_TOTP_KEY"
    return str(Path(config["FILES_PATH"]) / KEY_FILE_NAME)


def key_for(config, create: bool = False) -> Fernet:
    """The sealing key: the setting, else the key file (made now when ``create`` and absent)."""
    key = config.get("TOTP_KEY")
    path = Path(config["FILES_PATH"]) / KEY_FILE_NAME
    if not key:
        if create:
            key = read_or_create(path, lambda: Fernet.generate_key().decode())
        elif path.exists():
            key = path.read_text().strip()
        else:
            raise TotpKeyError(f"no two-step sign-in key: {path} is missing")
    try:
        return Fernet(key)
    except (ValueError, TypeError) as exc:
        raise TotpKeyError(f"{key_source(config)} is not a Fernet key (32 bytes, URL-safe base64)") from exc


def seal(secret: str, config=None) -> str:
    """The base32 seed as stored: a Fernet token (about 140 characters)."""
    return key_for(config or current_app.config, create=True).encrypt(secret.encode()).decode()


def unseal(sealed: str, config=None) -> str:
    """The base32 seed back from its stored form; TotpKeyError when this key did not seal it."""
    config = config or current_app.config
    try:
        return key_for(config).decrypt(sealed.encode()).decode()
    except InvalidToken as exc:
        raise TotpKeyError(f"the two-step sign-in seeds were sealed with another key than {key_source(config)}") \
            from exc


def warn_unreadable_seeds(app) -> None:
    """At start-up, one line in the log when the stored seeds cannot be opened with this server's key."""
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and not Path(uri.removeprefix("sqlite:///")).exists():
        return  # a new install: nothing is sealed yet (and connecting would create the file)
    with app.app_context():
        try:
            with reading():
                sealed = db.session.execute(text("SELECT totp_secret FROM staff_user WHERE totp_secret IS NOT NULL "
                                                 "LIMIT 1")).scalar()
        except SQLAlchemyError:
            return  # no schema yet (first start): nothing is sealed
        finally:
            db.session.remove()
        if sealed is None:
            return
        try:
            unseal(sealed, app.config)
        except TotpKeyError as exc:
            logger.error("two-step sign-in will fail for every account that uses it: %s", exc)
