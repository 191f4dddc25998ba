"""Approval of results by the ward's leaders: drafts, the leader's personal signature (PKCS#11 token or a
PKCS#12 given per signing), the ward's seal, and citizens' own signatures on their uploads."""

from flask import Blueprint

bp = Blueprint("approvals", __name__)
