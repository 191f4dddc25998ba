"""Transparency figures of each ward and of the whole province, published for everyone."""

from flask import Blueprint

bp = Blueprint("stats", __name__)
