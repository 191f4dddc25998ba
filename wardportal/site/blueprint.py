"""The public site of each ward: home, procedure catalogue and guides, forms, contacts."""

from flask import Blueprint

bp = Blueprint("site", __name__)
