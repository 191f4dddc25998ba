"""``flask --app wardportal create-admin`` and ``create-province-admin``: the first accounts of an install."""

import sys

import click
from flask import Flask

from wardportal.kernel.database import reading
from wardportal.kernel.extensions import db
from wardportal.staff import accounts
from wardportal.staff.operator_cli import COMMANDS as OPERATOR_COMMANDS
from wardportal.staff.wards import ward_by_slug

PROBLEMS = {
    "too_short": f"the password needs at least {accounts.MIN_PASSWORD_LENGTH} characters",
    "too_long": f"the password may have at most {accounts.MAX_PASSWORD_LENGTH} characters",
    "common": "this password is too common; choose another",
    "like_email": "the password must not be the e-mail address",
    "email_taken": "an account with this e-mail address already exists",
    "invalid_email": "this is not a valid e-mail address",
}
PASSWORD_ENV = "WARDPORTAL_NEW_PASSWORD"


def password_options(command):
    """Where the new password comes from: a hidden prompt by default, or stdin / the environment for scripts.

    ``--password`` stays for compatibility, but a password typed on the command line lands in shell
    history; ``--password-stdin`` or the environment variable keep it out of there.
    """
    command = click.option("--password-stdin", is_flag=True,
                           help="Read the password from the first line of standard input.")(command)
    return click.option("--password", envvar=PASSWORD_ENV, show_envvar=True, default=None,
                        help=f"The password (prefer --password-stdin or ${PASSWORD_ENV}: "
                             "a command-line argument lands in shell history).")(command)


def _read_password(password: str | None, from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if password is not None:
        return password
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _check_email(email: str) -> None:
    if accounts.email_problem(email):
        raise click.ClickException(f"'{email}' is not a valid e-mail address")
    if accounts.staff_by_email(email) is not None:
        raise click.ClickException(PROBLEMS["email_taken"])


def _create(email: str, full_name: str, password: str, **where) -> None:
    """Create the account or explain in one line why not."""
    try:
        accounts.create_staff(email, full_name, password, **where)
        db.session.commit()
    except accounts.AccountError as exc:
        db.session.rollback()
        raise click.ClickException(PROBLEMS.get(exc.code, exc.code)) from exc


def register_commands(app: Flask) -> None:
    """Attach the account commands to the app's CLI."""
    for command in OPERATOR_COMMANDS:  # create-ward, list-staff, reset-staff
        app.cli.add_command(command)

    @app.cli.command("create-admin")
    @click.option("--ward", "ward_slug", required=True, help="Slug of the ward the admin manages.")
    @click.option("--email", required=True, help="The admin's e-mail address (the sign-in name).")
    @click.option("--name", "full_name", default="Quản trị viên", show_default=True, help="Full name.")
    @password_options
    def create_admin_command(ward_slug, email, full_name, password, password_stdin):
        """Create a ward admin; they set up two-step sign-in at their first sign-in."""
        with reading():  # a command's transactions take the write lock: none is held while the password is typed
            ward = ward_by_slug(ward_slug)
            if ward is None:
                raise click.ClickException(f"no ward with slug '{ward_slug}'")
            _check_email(email)
        _create(email, full_name, _read_password(password, password_stdin), ward=ward, roles=("admin",))
        click.echo(f"Admin {accounts.normalise_email(email)} created for '{ward_slug}'.")

    @app.cli.command("create-province-admin")
    @click.option("--email", required=True, help="The administrator's e-mail address.")
    @click.option("--name", "full_name", default="Quản trị cấp tỉnh", show_default=True, help="Full name.")
    @password_options
    def create_province_admin_command(email, full_name, password, password_stdin):
        """Create a province administrator, who creates wards and their first admins."""
        with reading():  # as above: no write lock while the password is typed and hashed
            _check_email(email)
        _create(email, full_name, _read_password(password, password_stdin), province_admin=True)
        click.echo(f"Province administrator {accounts.normalise_email(email)} created.")
