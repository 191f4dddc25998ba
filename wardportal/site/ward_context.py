"""Every URL under ``/<ward_slug>/`` belongs to one ward: load it once, for every blueprint."""

from flask import Flask, abort, current_app, g, request

from wardportal.kernel.extensions import db
from wardportal.site.page_cache import page_cache_hit
from wardportal.staff.wards import ward_by_slug


def register_ward_context(app: Flask) -> None:
    """Resolve ``ward_slug`` to ``g.ward`` (404 when unknown) and fill it back in when building URLs."""

    @app.url_value_preprocessor
    def _load_ward(_endpoint, values):
        g.ward = None
        if values and page_cache_hit():
            values.pop("ward_slug", None)  # answered from the page cache: nothing needs the ward
            return
        if values and "ward_slug" in values:
            g.ward = ward_by_slug(values.pop("ward_slug"))
            if g.ward is None:
                abort(404)
            if request.method not in ("GET", "HEAD"):
                # On SQLite this lookup opened a write transaction; release the lock before the CSRF check
                # reads a possibly slow upload, or every other writer waits on this phone's network.
                db.session.rollback()

    @app.url_defaults
    def _add_ward(endpoint, values):
        ward = g.get("ward")
        if ward is not None and "ward_slug" not in values and \
                current_app.url_map.is_endpoint_expecting(endpoint, "ward_slug"):
            values["ward_slug"] = ward.slug

    @app.context_processor
    def _ward_in_templates():
        return {"ward": g.get("ward")}
