"""Flask CLI commands: thin wrappers over the same functions the web views call."""

from datetime import timedelta

import click
from flask import Flask, current_app

from wardportal.catalogue.guide_drafts import apply_due_drafts
from wardportal.catalogue.procedure_import import InvalidProcedureFile, import_file
from wardportal.demo.leader import ensure_demo_leader
from wardportal.demo.loader import load_demo
from wardportal.dossiers.draft_limits import purge_abandoned_files
from wardportal.dossiers.submissions import purge_stale_drafts
from wardportal.kernel.database import init_schema
from wardportal.kernel.files_store_claim import claim as claim_files_store
from wardportal.kernel.settings_env import exit_on_setting_error
from wardportal.kernel.public_address_setup import record_public_base_url
from wardportal.kernel.times import now_utc
from wardportal.search.analytics import RARE_BELOW, RETENTION_DAYS, purge_rare_queries
from wardportal.search.catalogue_index import rebuild_index, search_backend


def register_commands(app: Flask) -> None:
    """Attach the project's commands to ``flask --app wardportal``."""

    @app.cli.command("init")
    @click.option("--public-base-url", default=None, metavar="URL",
                  help="The site's public address (https://host); recorded in instance/config.py.")
    def init_command(public_base_url):
        """Create or upgrade the database schema (safe to run again) and record the public address."""
        init_schema()
        click.echo("Database schema is up to date.")
        # A new PostgreSQL database is paired with this files store now (kernel/files_store_claim.py).
        with exit_on_setting_error():
            claim_files_store(current_app.config["SQLALCHEMY_DATABASE_URI"], current_app.config["FILES_PATH"])
        record_public_base_url(public_base_url)

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
            leader = ensure_demo_leader(ward)
            click.echo(f"Demo leader: sign in as {leader.email} with password {leader.password}; sign results "
                       f"by uploading {leader.pkcs12_path} with passphrase {leader.passphrase} "
                       f"(both kept in {leader.pkcs12_path.with_suffix('.txt')}).")
        click.echo(f"Search index: {search_backend().document_count()} published procedures.")

    @app.cli.command("reindex")
    def reindex_command():
        """Rebuild the search index from the database."""
        count = rebuild_index()
        click.echo(f"Search index rebuilt: {count} published procedures.")

    @app.cli.command("purge-drafts")
    @click.option("--days", default=60, show_default=True, help="Drafts untouched for this many days go.")
    @click.option("--file-days", type=int, default=None,
                  help="Uploads of drafts untouched this long go [default: DRAFT_FILE_RETENTION_DAYS, 3].")
    def purge_drafts_command(days, file_days):
        """Delete online applications never submitted (uploads after a few days, rows later); run it daily."""
        if file_days is None:
            file_days = int(app.config.get("DRAFT_FILE_RETENTION_DAYS", 3))
        files = purge_abandoned_files(timedelta(days=file_days))
        count = purge_stale_drafts(timedelta(days=days))
        click.echo(f"Deleted the uploads of abandoned drafts: {files} files.")
        click.echo(f"Deleted {count} abandoned drafts.")

    @app.cli.command("purge-search-queries")
    @click.option("--days", default=RETENTION_DAYS, show_default=True, help="Keep every query this many days.")
    @click.option("--rare-below", default=RARE_BELOW, show_default=True,
                  help="Older days of queries searched fewer times than this in total are deleted.")
    def purge_search_queries_command(days, rare_below):
        """Delete old daily counts of rarely searched queries (search analytics); run it daily from cron."""
        count = purge_rare_queries(now_utc().date(), days, rare_below)
        click.echo(f"Deleted {count} daily counts of rare search queries.")

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
