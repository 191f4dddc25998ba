"""Citizens track a dossier: status by code alone, everything else after the phone-number second factor."""

from flask import Blueprint

bp = Blueprint("track", __name__)

from wardportal.track import views  # noqa: E402,F401  (views register themselves on bp)
