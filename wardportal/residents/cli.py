"""The residents' command: end every session of a resident (a lost phone, a shared computer)."""

import click
from flask import Flask

from wardportal.kernel.extensions import db
from wardportal.residents.models import Resident
from wardportal.residents.sessions import end_all_sessions


def register_commands(app: Flask) -> None:
    """Attach the residents' command to ``flask --app wardportal``."""

    @app.cli.command("end-resident-sessions")
    @click.argument("citizen_id")
    def end_resident_sessions_command(citizen_id):
        """End at once every sign-in session of the resident(s) with this verified citizen ID."""
        residents = list(db.session.scalars(db.select(Resident).where(Resident.citizen_id == citizen_id.strip())))
        ended = sum(end_all_sessions(resident) for resident in residents)
        db.session.commit()
        click.echo(f"{ended} session(s) ended.")
