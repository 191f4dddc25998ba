"""Transparency figures of each ward and of the whole province, published for everyone."""

from flask import Blueprint

from wardportal.dossiers import processing_time  # noqa: F401  (keeps each dossier's working days up to date on every flush)

bp = Blueprint("stats", __name__)

from wardportal.stats import views  # noqa: E402,F401  (views register themselves on bp)
