"""JSON API for the site's own scripts and for integrators (versioned under /api/v1)."""

from flask import Blueprint

from wardportal.api.ratelimit import rate_key, rate_limit
from wardportal.kernel.extensions import limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# One allowance for the whole API, counted per key (or per address without one).
limiter.limit(rate_limit, key_func=rate_key)(bp)
