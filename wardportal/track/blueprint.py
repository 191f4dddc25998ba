"""Citizens track a dossier: status by code alone, everything else after the phone-number second factor."""

from flask import Blueprint

bp = Blueprint("track", __name__)
