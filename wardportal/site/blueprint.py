"""The public site of each ward: home, procedure catalogue and guides, forms, contacts."""

from flask import Blueprint

bp = Blueprint("site", __name__)

from wardportal.site import views  # noqa: E402,F401  (views register themselves on bp)
