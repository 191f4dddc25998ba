"""JSON API for the site's own scripts and for integrators (versioned under /api/v1)."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import views  # noqa: E402,F401  (views register themselves on bp)
