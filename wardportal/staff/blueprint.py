"""The staff area: sign-in and two-step sign-in, editing guides, managing staff, the audit log."""

from flask import Blueprint
from wardportal.kernel.extensions import login_manager
from wardportal.staff.audit_labels import revision_action_label
from wardportal.staff.cli import register_commands

bp = Blueprint("staff", __name__)


@bp.record_once
def _set_up(state) -> None:
    """Login redirects, production cookie flags and the account commands, once per app."""
    app = state.app
    login_manager.login_view = "staff.login"
    # Staff cookies carry access to residents' data: HTTPS-only outside development and tests. Browsers
    # treat http://localhost as secure, so local runs still work; ALLOW_INSECURE_COOKIES is the escape hatch.
    if not (app.debug or app.testing or app.config.get("ALLOW_INSECURE_COOKIES")):
        app.config["SESSION_COOKIE_SECURE"] = True
    app.config.setdefault("STAFF_LOGIN_LIMIT_ADDRESS", "20 per minute; 200 per day")
    app.config.setdefault("STAFF_LOGIN_LIMIT_ACCOUNT", "5 per minute; 30 per day")
    app.jinja_env.filters["staff_time"] = staff_time
    app.jinja_env.globals["revision_action_label"] = revision_action_label
    register_commands(app)


def staff_time(value) -> str:
    """A stored UTC moment in the ward's time zone, as staff read it: 23/11/2026 14:05."""
    from flask_babel import format_datetime

    return format_datetime(value, "dd/MM/yyyy HH:mm") if value else ""
