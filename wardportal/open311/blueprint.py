"""Open311 GeoReport v2, so existing civic-tech clients can list services and post feedback unchanged.

``jurisdiction_id`` is the ward slug; ``service_code`` is a procedure's national code (information only)
or a feedback category's code (accepts requests); ``service_request_id`` is the feedback tracking code.
"""

from flask import Blueprint

from wardportal.api.ratelimit import rate_key, rate_limit
from wardportal.kernel.extensions import csrf, limiter

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
limiter.limit(rate_limit, key_func=rate_key)(bp)
# Clients authenticate with an API key, never a cookie, so there is no cross-site request to forge.
csrf.exempt(bp)
