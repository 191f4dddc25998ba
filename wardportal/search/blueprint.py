"""The search pages' blueprint: residents' search, and the editors' synonyms and search analytics."""

from flask import Blueprint

bp = Blueprint("search", __name__)
