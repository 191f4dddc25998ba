"""Residents' feedback (phản ánh, kiến nghị): the public form and answers, the staff handling."""

from flask import Blueprint

bp = Blueprint("feedback", __name__)
