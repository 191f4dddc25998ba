"""Two-step sign-in seeds, sealed with a key kept apart from the database.

A copy of the database (a dump, a stolen backup of it, an SQL injection) must not give away every staff
member's authenticator. Seeds are stored sealed with AES-256-GCM under a key that is either the setting
``TOTP_KEY`` (``WARDPORTAL_TOTP_KEY``: 32 random bytes, URL-safe base64) or, by default, the file
``totp_key`` (0600) in the files store, made once per install and shared by every server like the generated
secret key. The migration that sealed the seeds stored in clear finds the key the same way (``key_for``).

The sealed form of a 20-byte seed (the 32 base32 characters pyotp makes) is nonce 12 + seed 20 + tag 16 =
48 bytes, 64 characters of URL-safe base64: it fits the column the clear seed had, so no table is rebuilt.
"""

import base64
import binascii
import logging
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from wardportal.kernel.database import reading
from wardportal.kernel.extensions import db
from wardportal.kernel.key_files import read_or_create

KEY_FILE_NAME = "totp_key"
NONCE_BYTES = 12
# Binds a sealed value to this use: the same key could never open something sealed for another purpose.
ASSOCIATED_DATA = b"wardportal totp seed v1"
logger = logging.getLogger("wardportal.staff")


class TotpKeyError(RuntimeError):
    """The seeds cannot be opened with the key this server has (missing, malformed or another install's)."""


def new_key() -> str:
    """A fresh key as the setting and the key file hold it."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def key_source(config) -> str:
    """Where the key comes from, for messages: the setting or the key file's path."""
    if config.get("TOTP_KEY"):
        return "WARDPORTAL_TOTP_KEY"
    return str(Path(config["FILES_PATH"]) / KEY_FILE_NAME)


def key_for(config, create: bool = False) -> AESGCM:
    """The sealing key: the setting, else the key file (made now when ``create`` and absent)."""
    key = config.get("TOTP_KEY")
    path = Path(config["FILES_PATH"]) / KEY_FILE_NAME
    if not key:
        if create:
            key = read_or_create(path, new_key)
        elif path.exists():
            key = path.read_text().strip()
        else:
            raise TotpKeyError(f"no two-step sign-in key: {path} is missing")
    try:
        raw = base64.urlsafe_b64decode(key)
    except (binascii.Error, ValueError, TypeError):
        raw = b""
    if len(raw) != 32:
        raise TotpKeyError(f"{key_source(config)} is not a key of 32 bytes in URL-safe base64")
    return AESGCM(raw)


def _b64decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def seal(secret: str, config=None) -> str:
    """The base32 seed as stored: nonce and AES-GCM ciphertext, URL-safe base64."""
    raw = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    nonce = os.urandom(NONCE_BYTES)
    sealed = nonce + key_for(config or current_app.config, create=True).encrypt(nonce, raw, ASSOCIATED_DATA)
    return base64.urlsafe_b64encode(sealed).decode().rstrip("=")


def unseal(sealed: str, config=None) -> str:
    """The base32 seed back from its stored form; TotpKeyError when this key did not seal it."""
    config = config or current_app.config
    box = key_for(config)
    try:
        data = _b64decode(sealed)
        raw = box.decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], ASSOCIATED_DATA)
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise TotpKeyError(f"the two-step sign-in seeds were sealed with another key than {key_source(config)}") \
            from exc
    return base64.b32encode(raw).decode().rstrip("=")


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
