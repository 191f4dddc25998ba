"""Open311 GeoReport v2, so existing civic-tech clients can list services and post feedback unchanged.

``jurisdiction_id`` is the ward slug; ``service_code`` is a procedure's national code (information only)
or a feedback category's code (accepts requests); ``service_request_id`` is the feedback tracking code.
"""
