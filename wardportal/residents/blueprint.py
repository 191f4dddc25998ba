"""Residents signed in with their national identity: sign-in, sign-out and "Hồ sơ của tôi"."""

from flask import Blueprint

bp = Blueprint("residents", __name__)
