"""The one-stop desk (bộ phận một cửa): the dossier queue, a dossier's page and actions, counter registration."""

from flask import Blueprint

bp = Blueprint("desk", __name__)

DESK_ROLES = ("officer", "admin")


@bp.record_once
def _set_up(state) -> None:
    """The desk's pages use the tracking area's status and time helpers too."""
    from wardportal.track.views import iso_date, status_label, vn_datetime

    state.app.add_template_global(status_label, "status_label")
    state.app.add_template_filter(vn_datetime, "vn_datetime")
    state.app.add_template_filter(iso_date, "iso_date")

from wardportal.desk import views_counter, views_dossier, views_queue  # noqa: E402,F401  (views register themselves on bp)
