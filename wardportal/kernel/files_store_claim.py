"""Several servers on one PostgreSQL database must share one files store: checked at every start.

The files store holds an id made once (``store-id``, beside the generated secret key and signing keys); the
database records the id of the store it was first used with, as the comment of its ``alembic_version`` table
(made by ``flask init``, so no extra table and no migration; pg_dump and restore keep it). A server whose
files store has another id — a second server that was not given the shared mount and would make its own secret
key and root CA — refuses to start with one line. The first start after ``init`` records the id, under a
table lock so two servers starting together cannot both record theirs. SQLite cannot be shared, so it has
no check.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from wardportal.kernel.database_url import shown
from wardportal.kernel.key_files import read_or_create
from wardportal.kernel.settings_table import SettingError

STORE_ID_FILE = "store-id"
MARK = "wardportal files store "
CONNECT_TIMEOUT_SECONDS = 5


def store_id(files_path: str) -> str:
    """This files store's id, made on first use."""
    return read_or_create(Path(files_path) / STORE_ID_FILE, lambda: secrets.token_hex(16))


def claim(url: str, files_path: str, database_setting: str = "DATABASE_URL") -> None:
    """Record this store's id in a PostgreSQL database, or refuse when the database has another store's."""
    if not url.startswith("postgresql"):
        return
    ours = store_id(files_path)
    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})
    try:
        with engine.begin() as connection:
            if connection.scalar(text("select to_regclass('alembic_version')")) is None:
                return  # not initialised yet: `flask init` claims it
            connection.execute(text("LOCK TABLE alembic_version IN SHARE ROW EXCLUSIVE MODE"))
            comment = connection.scalar(text("select obj_description('alembic_version'::regclass, 'pg_class')"))
            found = re.fullmatch(re.escape(MARK) + r"([0-9a-f]{32})", comment or "")
            if found is None:
                connection.execute(text(f"COMMENT ON TABLE alembic_version IS '{MARK}{ours}'"))
            elif found.group(1) != ours:
                raise SettingError(
                    f"FILES_PATH: this database ({shown(url)}) is used with another files store (id "
                    f"{found.group(1)}; {files_path} has {ours}): every server must mount the same files store "
                    "(WARDPORTAL_FILES_PATH), else each makes its own secret key and signing keys")
    except SQLAlchemyError as error:
        raise SettingError(f"{database_setting}: cannot reach the database {shown(url)}: "
                           f"{str(getattr(error, 'orig', None) or error).strip().splitlines()[0]}") from None
    finally:
        engine.dispose()
