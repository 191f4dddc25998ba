"""The migrations build exactly the schema the models describe, on one head, and upgrade is repeatable."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.config import Config

from wardportal.kernel.database import MIGRATIONS_DIR, init_schema
from wardportal.kernel.extensions import db


def test_migrations_have_one_head():
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_migrated_schema_matches_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_upgrading_again_changes_nothing(app):
    assert init_schema() is False
