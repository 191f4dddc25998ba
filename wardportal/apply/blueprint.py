"""Online submission: apply for a procedure, check and submit, receipts, and signature verification."""

from flask import Blueprint

bp = Blueprint("apply", __name__)

from wardportal.apply import steps, views, views_case  # noqa: E402,F401  (views register themselves on bp)
