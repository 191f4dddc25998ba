"""Operating an install on one or several servers: the notification worker, storage checks, backups.

Command-line only (``flask --app wardportal worker | outbox | check-storage | backup | restore``); the functions
are plain and tests call them directly.
"""

import time
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from wardportal.dossiers.receipts import ca_passphrase
from wardportal.kernel import revocation
from wardportal.kernel.extensions import db
from wardportal.kernel.file_storage import files_root, uploads_dir
from wardportal.kernel.signing_keys import rotate_ward_keys
from wardportal.kernel.times import VIETNAM_TZ, in_vietnam, now_utc
from wardportal.notifications import outbox
from wardportal.operations.archive_crypto import protection_from
from wardportal.operations.backup import BackupError, create_backup, restore_backup
from wardportal.operations.storage_check import check_storage
from wardportal.search.catalogue_index import rebuild_index
from wardportal.staff.models import Ward


@click.command("worker")
@with_appcontext
@click.option("--once", is_flag=True, help="Deliver what is due once and exit (cron, tests).")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between rounds.")
def worker_command(once, interval):
    """Send queued e-mails and SMS with retries and backoff; run one per server or one per install."""
    while True:
        sent, failed = outbox.deliver_pending(current_app.config)
        if once or sent or failed:
            click.echo(f"Outbox: {sent} sent, {failed} failed (will be retried).")
        if once:
            return
        time.sleep(interval)


@click.group("outbox", cls=AppGroup)
def outbox_group():
    """See and repair the e-mail/SMS outbox: status, retry, drop."""


@outbox_group.command("status")
def outbox_status_command():
    """Counts by state, the oldest due message, and every failing or dead message (recipients masked)."""
    now = now_utc()
    report = outbox.status(now=now)
    click.echo("  ".join(f"{state}: {count}" for state, count in report.counts.items()))
    click.echo(f"Oldest due: {report.oldest_due.isoformat(timespec='seconds') if report.oldest_due else '-'}"
               + (f" (waiting {int((now - report.oldest_due).total_seconds())} s; /readyz fails after "
                  f"{current_app.config.get('READY_OUTBOX_MAX_AGE', 900)} s)" if report.oldest_due else ""))
    for row in report.problems:
        state = "dead" if row.failed_at else "retrying"
        click.echo(f"{row.id}\t{state}\t{row.channel}\t{row.event}\t{row.dossier_code}\t"
                   f"{outbox.masked_recipient(row)}\tattempts={row.attempts}\t{row.last_error or '-'}")


@outbox_group.command("retry")
@click.argument("message_id", type=int, required=False)
@click.option("--all-dead", is_flag=True, help="Make every dead message due again.")
def outbox_retry_command(message_id, all_dead):
    """Make a failing or dead message (MESSAGE_ID), or every dead one, due now with fresh attempts."""
    if (message_id is None) == (not all_dead):
        raise click.UsageError("give a MESSAGE_ID or --all-dead (not both)")
    now = now_utc()
    try:
        if all_dead:
            count = outbox.retry_all_dead(now=now)
        else:
            outbox.retry(outbox.message_in(message_id), now)
            count = 1
    except outbox.OutboxError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"{count} message(s) due again; the worker sends them on its next round.")


@outbox_group.command("drop")
@click.argument("message_id", type=int)
@click.option("--reason", required=True, help="Why the message must never be sent (kept with it).")
def outbox_drop_command(message_id, reason):
    """Never send message MESSAGE_ID; it stays in the outbox with the reason."""
    now = now_utc()
    try:
        outbox.drop(outbox.message_in(message_id), reason, now)
    except outbox.OutboxError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Message {message_id} dropped.")


@click.command("check-storage")
@with_appcontext
@click.option("--safe-age", default=24 * 3600, show_default=True,
              help="Seconds: orphans and temp files younger than this are left alone.")
@click.option("--dry-run", is_flag=True, help="Report orphans without removing them.")
def check_storage_command(safe_age, dry_run):
    """Verify the size and SHA-256 of every file a row owns and the signing keys, report missing or changed
    ones by kind and owner, remove old files no row owns and old temp files."""
    report = check_storage(uploads_dir(files_root()), safe_age=safe_age, remove=not dry_run)
    for line in report.missing:
        click.echo(f"MISSING {line}")
    for line in report.corrupt:
        click.echo(f"CHANGED {line}")
    verb = "would remove" if dry_run else "removed"
    kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(report.checked_by_kind.items()))
    click.echo(f"Checked {report.checked} files ({kinds or 'none'}): {len(report.missing)} missing, "
               f"{len(report.corrupt)} changed; {verb} {len(report.orphans_removed)} orphans and "
               f"{len(report.temp_removed)} temp files ({report.young_kept} too young to judge, "
               f"{report.history_kept} kept for publication revisions).")
    if not report.healthy:
        raise SystemExit(1)


@click.command("rotate-ward-key")
@with_appcontext
@click.option("--ward", "ward_slug", required=True, help="Slug of the ward.")
@click.option("--compromised", is_flag=True,
              help="The old key leaked: revoke its certificate in the install CA's revocation list.")
@click.option("--since", "since_text", default=None, metavar="'YYYY-MM-DD HH:MM'",
              help="With --compromised: when the key stopped being safe, Vietnam time (default: now). What it "
                   "signed later, or without a timestamp proving an earlier time, stops verifying.")
def rotate_ward_key_command(ward_slug, compromised, since_text):
    """Retire a ward's generated signing key and issue a new certificate; running servers sign with it next."""
    ward = db.session.scalar(db.select(Ward).where(Ward.slug == ward_slug))
    if ward is None:
        raise click.ClickException(f"no ward '{ward_slug}'")
    if since_text and not compromised:
        raise click.ClickException("--since needs --compromised")
    now = now_utc()
    try:
        since = (datetime.strptime(since_text, "%Y-%m-%d %H:%M").replace(tzinfo=VIETNAM_TZ)
                 if since_text else now)
    except ValueError:
        raise click.ClickException("--since must look like '2026-12-01 08:30' (Vietnam time)") from None
    if since > now:
        raise click.ClickException("--since is in the future")
    crl_url = revocation.crl_url(current_app.config.get("PUBLIC_BASE_URL"))
    cert, old = rotate_ward_keys(files_root(), ward.slug, ward.name,
                                 current_app.config.get("INSTALL_NAME", "Ward Portal"), ca_passphrase(), now=now,
                                 crl_url=crl_url)
    click.echo(f"New certificate for '{ward.slug}': {cert}. Every server signs with it from its next "
               f"signature (no restart needed).")
    if not compromised:
        click.echo("Documents signed before still verify.")
    elif old is None:
        click.echo("The ward had no generated certificate: nothing to revoke.")
    else:
        revocation.revoke(files_root(), old, since=since, passphrase=ca_passphrase(), now=now)
        click.echo(f"Revoked the old certificate (serial {old.serial_number:x}) from {in_vietnam(since):%Y-%m-%d %H:%M} "
                   f"Vietnam time: documents it signed later, or without a trusted timestamp, no longer verify. "
                   f"The revocation list is published at {crl_url or revocation.CRL_PATH_IN_SITE}.")


@click.command("backup")
@with_appcontext
@click.argument("archive", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace an existing ARCHIVE (atomically; a symlink is replaced, "
                                            "never followed).")
@click.option("--unencrypted", is_flag=True, help="Write a clear archive (it holds the secret and signing keys): "
                                                  "only when you encrypt it another way.")
def backup_command(archive, force, unencrypted):
    """Write a consistent snapshot (database, files store, keys, settings) to one encrypted ARCHIVE (0600),
    with BACKUP_PASSPHRASE or to BACKUP_AGE_RECIPIENT."""
    try:
        protection = protection_from(current_app.config, unencrypted)
        manifest = create_backup(Path(archive), files_root(), Path(current_app.instance_path), protection,
                                 replace=force)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backup written to {archive} ({protection.name}): {manifest['engine']} database and "
               f"{len(manifest['files']) - 1} files.")


@click.command("restore")
@with_appcontext
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option("--identity", type=click.Path(exists=True, dir_okay=False), default=None,
              help="The age identity file (AGE-SECRET-KEY-1…) of an archive encrypted to BACKUP_AGE_RECIPIENT.")
def restore_command(archive, identity):
    """Bring a backup ARCHIVE back on an empty install, then rebuild the search index (an archive encrypted
    with a passphrase is opened with BACKUP_PASSPHRASE)."""
    try:
        manifest = restore_backup(Path(archive), files_root(), Path(current_app.instance_path),
                                  passphrase=current_app.config.get("BACKUP_PASSPHRASE"),
                                  identity_file=Path(identity) if identity else None)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    count = rebuild_index()
    click.echo(f"Restored the backup of {manifest['created_at']}; search index: {count} published procedures.")


COMMANDS = (worker_command, outbox_group, check_storage_command, rotate_ward_key_command, backup_command,
            restore_command)


def register_commands(app: Flask) -> None:
    """Attach the operations commands to ``flask --app wardportal``."""
    for command in COMMANDS:
        app.cli.add_command(command)
