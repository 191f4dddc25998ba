"""Residents' feedback (phản ánh, kiến nghị): the public form and answers, the staff handling."""

from flask import Blueprint

bp = Blueprint("feedback", __name__)

from wardportal.feedback import views_public, views_staff  # noqa: E402,F401  (views register themselves on bp)
