"""Flask CLI commands: thin wrappers over the same functions the web views call."""

from datetime import timedelta

import click
from flask import Flask

from .database import init_schema
from .demo_loader import load_demo
from .guide_drafts import apply_due_drafts
from .procedure_import import InvalidProcedureFile, import_file
from .search.catalogue_index import rebuild_index, search_backend
from .submissions import purge_stale_drafts


def register_commands(app: Flask) -> None:
    """Attach the project's commands to ``flask --app wardportal``."""

    @app.cli.command("init")
    def init_command():
        """Create or upgrade the database schema (safe to run again)."""
        init_schema()
        click.echo("Database schema is up to date.")

    @app.cli.command("seed-demo")
    def seed_demo_command():
        """Load or refresh the demo ward: procedure guides, forms and contacts (safe to run again)."""
        init_schema()
        # The index exists before the guides arrive, so each one is indexed as it is saved.
        search_backend().ensure()
        for ward, existed in load_demo():
            verb = "refreshed" if existed else "loaded"
            click.echo(f"Demo ward '{ward.slug}' {verb}: {ward.procedures.count()} procedures, "
                       f"{len(ward.contacts)} contacts.")
        click.echo(f"Search index: {search_backend().document_count()} published procedures.")

    @app.cli.command("reindex")
    def reindex_command():
        """Rebuild the search index from the database."""
        count = rebuild_index()
        click.echo(f"Search index rebuilt: {count} published procedures.")

    @app.cli.command("purge-drafts")
    @click.option("--days", default=60, show_default=True, help="Drafts untouched for this many days go.")
    def purge_drafts_command(days):
        """Delete online applications never submitted (and their uploads); run it daily from cron."""
        count = purge_stale_drafts(timedelta(days=days))
        click.echo(f"Deleted {count} abandoned drafts.")

    @app.cli.command("apply-scheduled")
    def apply_scheduled_command():
        """Publish guide changes whose effective date has come (pages also do this when viewed; run it from cron)."""
        count = apply_due_drafts()
        click.echo(f"Published {count} scheduled guide changes.")

    @app.cli.command("import-procedures")
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("--ward", "ward_slug", required=True, help="Slug of the ward (created if missing).")
    @click.option("--ward-name", default=None, help="Name of the ward when it must be created.")
    def import_procedures_command(file, ward_slug, ward_name):
        """Create or update procedure guides from a JSON FILE; nothing is written if any record is bad."""
        search_backend().ensure()
        try:
            created, updated = import_file(file, ward_slug, ward_name)
        except InvalidProcedureFile as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Imported into '{ward_slug}': {created} created, {updated} updated.")
        click.echo(f"Search index: {search_backend().document_count()} published procedures.")
