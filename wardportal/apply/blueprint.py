"""Online submission: apply for a procedure, check and submit, receipts, and signature verification."""

from flask import Blueprint

bp = Blueprint("apply", __name__)
