"""Residents signed in with their national identity: sign-in, sign-out and "Hồ sơ của tôi"."""

from flask import Blueprint

from wardportal.residents.cli import register_commands

bp = Blueprint("residents", __name__)


@bp.record_once
def _set_up(state) -> None:
    """The residents' command, once per app."""
    register_commands(state.app)
