"""Operator commands on wards and accounts: ``create-ward``, ``list-staff``, ``reset-staff``.

For the system administrator at the server's terminal (a locked-out admin, a new ward before anyone can sign
in). Every change is audited like the same change made in the staff pages, with no staff actor: the entry
names the command and the operating-system user who ran it, and its address is "cli".
"""

from __future__ import annotations

import getpass
import os
import re

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from wardportal.kernel.database import reading
from wardportal.kernel.extensions import db
from wardportal.kernel.times import in_vietnam, now_utc
from wardportal.staff import accounts, audit, link_mail
from wardportal.staff.models import StaffSession, StaffUser, Ward, WardMembership
from wardportal.staff.wards import WARD_SLUG, ward_by_slug

UNIT_CODE = re.compile(r"[A-Za-z0-9.]+")


def operator() -> str:
    """Who ran the command: the user behind sudo when there is one, else the process's user."""
    try:
        return os.environ.get("SUDO_USER") or getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def _audit(action: str, command: str, ward: Ward | None, target: str, **details) -> None:
    audit.record(action, None, "cli", now_utc(), ward=ward, target=target,
                 details={"command": command, "operator": operator(), **details})


@click.command("create-ward")
@with_appcontext
@click.option("--slug", required=True, help="The ward's address on the site (lowercase, digits, hyphens).")
@click.option("--name", required=True, help="The ward's name, e.g. 'Phường Phương Lâm'.")
@click.option("--unit-code", required=True, help="Prefix of its dossier codes (letters, digits, dots; unique).")
@click.option("--province", default="", help="Province or city.")
@click.option("--name-en", default="", help="Its name on the English pages.")
def create_ward_command(slug, name, unit_code, province, name_en):
    """Create a ward (then give it an admin with create-admin); audited."""
    name, unit_code, province, name_en = (" ".join(v.split()) for v in (name, unit_code, province, name_en))
    if not WARD_SLUG.fullmatch(slug) or len(slug) > 80:
        raise click.ClickException("--slug: use lowercase letters without accents, digits and single hyphens")
    if not name or len(name) > 200:
        raise click.ClickException("--name: give the ward's name (at most 200 characters)")
    if not UNIT_CODE.fullmatch(unit_code) or len(unit_code) > 40:
        raise click.ClickException("--unit-code: letters, digits and dots only (at most 40)")
    if ward_by_slug(slug) is not None:
        raise click.ClickException(f"a ward with slug '{slug}' already exists")
    if accounts.unit_code_taken(unit_code):
        raise click.ClickException(f"unit code '{unit_code}' is used by another ward (dossier codes would collide)")
    ward = Ward(slug=slug, name=name, unit_code=unit_code, province=province[:120], name_en=name_en[:200])
    db.session.add(ward)
    db.session.flush()
    _audit("ward.created", "create-ward", ward, f"ward:{slug}")
    db.session.commit()
    click.echo(f"Ward '{slug}' created: {name}. Next: flask --app wardportal create-admin --ward {slug} --email …")


@click.command("list-staff")
@with_appcontext
@click.option("--ward", "ward_slug", default=None, help="Only the staff of this ward.")
def list_staff_command(ward_slug):
    """Staff accounts: e-mail, name, roles, two-step sign-in, active or disabled, last sign-in (no secrets)."""
    with reading():
        query = select(StaffUser).order_by(StaffUser.email)
        if ward_slug:
            ward = ward_by_slug(ward_slug)
            if ward is None:
                raise click.ClickException(f"no ward with slug '{ward_slug}'")
            query = query.where(StaffUser.id.in_(select(WardMembership.staff_id).where(
                WardMembership.ward_id == ward.id)))
        users = list(db.session.scalars(query))
        last = dict(db.session.execute(select(StaffSession.staff_id, func.max(StaffSession.created_at))
                                       .group_by(StaffSession.staff_id)).all())
        slugs = dict(db.session.execute(select(Ward.id, Ward.slug)).all())
        click.echo("email\tname\troles\ttwo-step\taccount\tlast sign-in (Vietnam time)")
        for user in users:
            roles = sorted(f"{slugs.get(m.ward_id, m.ward_id)}:{m.role}" for m in user.memberships)
            if user.is_province_admin:
                roles.insert(0, "province-admin")
            signed_in = f"{in_vietnam(last[user.id]):%Y-%m-%d %H:%M}" if last.get(user.id) else "never"
            click.echo("\t".join([user.email, user.full_name, ",".join(roles) or "-",
                                  "on" if user.totp_secret else "off",
                                  "active" if user.is_active_account else "disabled", signed_in]))
        click.echo(f"{len(users)} account(s).")


@click.command("reset-staff")
@with_appcontext
@click.argument("email")
@click.option("--password", "password", is_flag=True,
              help="Issue a one-time link to choose a new password (printed here, or e-mailed with --email-link).")
@click.option("--email-link", is_flag=True, help="With --password: send the link to the account's address only.")
@click.option("--two-step", is_flag=True, help="Turn off two-step sign-in (lost phone); it is set up again "
                                               "at the next sign-in. Every session of the account ends.")
def reset_staff_command(email, password, email_link, two_step):
    """Let a locked-out account back in: a one-time password link and/or two-step sign-in off; audited."""
    if not (password or two_step):
        raise click.UsageError("give --password, --two-step or both")
    if email_link and not password:
        raise click.UsageError("--email-link goes with --password")
    if email_link and not link_mail.links_by_email():
        raise click.ClickException("this install sends no e-mail: leave out --email-link and pass the link on")
    if password and not current_app.config.get("PUBLIC_BASE_URL"):
        raise click.ClickException("no public address to build the link on: set WARDPORTAL_PUBLIC_BASE_URL "
                                   "(or run init --public-base-url URL)")
    member = accounts.staff_by_email(email)
    if member is None:
        raise click.ClickException(f"no staff account '{accounts.normalise_email(email)}'")
    wards = sorted({m.ward for m in member.memberships}, key=lambda w: w.slug) or [None]
    now = now_utc()
    token = None
    if two_step:
        accounts.reset_two_step(member, now)
        for ward in wards:
            _audit("staff.two_step_reset", "reset-staff --two-step", ward, f"staff:{member.id}")
    if password:
        token = accounts.issue_token(member, "reset", None, now, emailed=email_link)
        with _url_context():
            link = link_mail.link_url(token)
        for ward in wards:
            _audit("staff.reset_issued", "reset-staff --password", ward, f"staff:{member.id}")
    db.session.commit()
    if two_step:
        click.echo(f"Two-step sign-in of {member.email} turned off; every session of the account ended.")
    if token and email_link:
        with _url_context():
            sent = link_mail.send_link(member, token, "reset")
        click.echo(f"Password link e-mailed to {member.email}." if sent
                   else "The e-mail could not be sent (see the log); run the command again without --email-link.")
    elif token:
        click.echo(f"One-time link for {member.email} to choose a new password (valid "
                   f"{_hours(accounts.RESET_LIFETIME)} hours, once; give it only to its owner):")
        click.echo(link)


def _url_context():
    """A request context on the public address, so url_for builds the link a command prints or sends."""
    return current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"])


def _hours(delta) -> int:
    return int(delta.total_seconds() // 3600)


COMMANDS = (create_ward_command, list_staff_command, reset_staff_command)
