"""Transparency figures of each ward and of the whole province, published for everyone."""

from flask import Blueprint

bp = Blueprint("stats", __name__)

from wardportal.stats import views  # noqa: E402,F401  (views register themselves on bp)
