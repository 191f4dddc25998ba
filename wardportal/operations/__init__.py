"""Operating an install on one or several servers: the notification worker, storage checks, backups.

Command-line only (``flask --app wardportal worker | check-storage | backup | restore``); the functions
are plain and tests call them directly.
"""

import time

import click
from flask import Flask, current_app

from ..notifications import deliver_pending


def register_commands(app: Flask) -> None:
    """Attach the operations commands to ``flask --app wardportal``."""

    @app.cli.command("worker")
    @click.option("--once", is_flag=True, help="Deliver what is due once and exit (cron, tests).")
    @click.option("--interval", default=5.0, show_default=True, help="Seconds between rounds.")
    def worker_command(once, interval):
        """Send queued e-mails and SMS with retries and backoff; run one per server or one per install."""
        while True:
            sent, failed = deliver_pending(current_app.config)
            if once or sent or failed:
                click.echo(f"Outbox: {sent} sent, {failed} failed (will be retried).")
            if once:
                return
            time.sleep(interval)
