"""Who may open a staff page: the ``staff_required`` decorator and the staff session's rules.

Flask keeps the session in a signed cookie. Rotation at sign-in means: clear every key the visitor had
before (``session.clear()``), then write a fresh random ``staff_sid`` and the sign-in times. The session id
names a server-side row (``staff_sessions``) checked on every request, so signing out, a password change, a
two-step reset, a role removal or an admin's "sign out everywhere" ends the session at once, even for a
copied cookie. The times end sessions that sat idle too long or lived too long in total. A fingerprint of
the password hash also ends every other session when the password changes or is reset.
"""

import hashlib
import time
from datetime import datetime, timedelta, timezone
from functools import wraps

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from wardportal.kernel.extensions import htmx
from wardportal.kernel.times import now_utc
from wardportal.staff import accounts, sessions as staff_sessions

# The roles that work the one-stop desk: receive, process and hand back dossiers.
DESK_ROLES = ("officer", "admin")

SESSION_SID = "staff_sid"
SESSION_SIGNED_IN_AT = "staff_signed_in_at"
SESSION_LAST_SEEN = "staff_last_seen"
SESSION_PASSWORD_MARK = "staff_pw"
SESSION_PENDING_2FA = "staff_pending_2fa"
SESSION_PENDING_AT = "staff_pending_at"
SESSION_NEXT = "staff_next"

# Defaults an install may override in its config (seconds).
DEFAULT_IDLE_TIMEOUT = 30 * 60
DEFAULT_ABSOLUTE_TIMEOUT = 12 * 60 * 60
PENDING_2FA_TIMEOUT = 5 * 60


def password_mark(password_hash: str) -> str:
    """A short fingerprint of the stored hash: it changes whenever the password does."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def start_staff_session(user, now: float | None = None) -> None:
    """Sign ``user`` in on a brand-new session (the old session's keys are all dropped)."""
    now = time.time() if now is None else now
    next_url = session.get(SESSION_NEXT)
    session.clear()
    login_user(user)
    absolute = current_app.config.get("STAFF_ABSOLUTE_TIMEOUT", DEFAULT_ABSOLUTE_TIMEOUT)
    session[SESSION_SID] = staff_sessions.open_session(user, datetime.fromtimestamp(now, timezone.utc),
                                                       timedelta(seconds=absolute))
    session[SESSION_SIGNED_IN_AT] = now
    session[SESSION_LAST_SEEN] = now
    session[SESSION_PASSWORD_MARK] = password_mark(user.password_hash)
    if next_url:
        session[SESSION_NEXT] = next_url
    session.permanent = False


def restart_staff_session(user) -> None:
    """End every session of ``user`` (copies of this browser's cookie included) and continue on a new one.

    For changes that prove who holds the account (password, two-step sign-in): whoever copied a cookie
    before is out, the person making the change stays signed in. The caller commits.
    """
    staff_sessions.end_all_sessions(user, now_utc())
    start_staff_session(user)


def end_staff_session(end_row: bool = False) -> None:
    """Sign out and forget everything the session held; ``end_row`` also ends it server-side (caller commits)."""
    if end_row:
        staff_sessions.end_session(session.get(SESSION_SID), now_utc())
    logout_user()
    session.clear()



def session_expired(now: float | None = None) -> bool:
    """Whether the signed-in session has been idle or alive longer than the configured limits."""
    now = time.time() if now is None else now
    idle = current_app.config.get("STAFF_IDLE_TIMEOUT", DEFAULT_IDLE_TIMEOUT)
    absolute = current_app.config.get("STAFF_ABSOLUTE_TIMEOUT", DEFAULT_ABSOLUTE_TIMEOUT)
    signed_in_at = session.get(SESSION_SIGNED_IN_AT)
    last_seen = session.get(SESSION_LAST_SEEN)
    if signed_in_at is None or last_seen is None:
        return True
    return now - last_seen > idle or now - signed_in_at > absolute


def current_staff():
    """The signed-in staff member whose session is still valid, or None (an invalid session is ended)."""
    if not current_user.is_authenticated:
        return None
    if session_expired() or session.get(SESSION_PASSWORD_MARK) != password_mark(current_user.password_hash) \
            or not staff_sessions.is_live(current_user.id, session.get(SESSION_SID)):
        end_staff_session()
        g.staff_session_ended = True
        return None
    session[SESSION_LAST_SEEN] = time.time()
    return current_user._get_current_object()


def needs_totp_setup(user) -> bool:
    """Whether ``user`` must turn on two-step sign-in before doing anything else.

    Admins (of any ward or the province) always must; so must anyone holding a role that sees residents'
    personal data (the desk roles) in a ward that requires two-step sign-in.
    """
    return not user.totp_secret and accounts.two_step_required(user)


def login_redirect():
    """Send the visitor to the sign-in page, remembering where they were going (HX-Redirect for htmx)."""
    if request.method == "GET" and not htmx:
        session[SESSION_NEXT] = request.full_path if request.query_string else request.path
    return send_to(url_for("staff.login"))


def staff_required(*roles: str, province_admin: bool = False, personal_data: bool = True):
    """Decorate a view for signed-in staff holding one of ``roles`` in ``g.ward``.

    Not signed in (or session expired) → the sign-in page (``HX-Redirect`` for htmx requests). An admin
    without two-step sign-in → its set-up page. Signed in without the role in this ward → 404, never a
    hint that the page exists. With no roles, any role in the ward will do; on URLs without a ward, any
    signed-in staff member passes. ``province_admin=True`` also lets province administrators in.

    Every ward page is taken to show residents' personal data and passes ``accounts.may_see_personal_data``
    (two-step sign-in where the ward requires it; else → the two-step page), unless the view says
    ``personal_data=False``: only for pages showing none (tests/test_personal_data.py checks each one).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = current_staff()
            if user is None:
                return login_redirect()
            if needs_totp_setup(user):
                return send_to(url_for("staff.totp_setup"))
            if not _allowed(user, roles, province_admin):
                abort(404)
            ward = g.get("ward")
            if personal_data and ward is not None and not accounts.may_see_personal_data(user, ward):
                return two_step_for_personal_data()
            return view(*args, **kwargs)

        wrapped.staff_roles = roles
        wrapped.staff_province_admin = province_admin
        wrapped.staff_personal_data = personal_data
        return wrapped

    return decorator


def two_step_for_personal_data():
    """Refuse a page with residents' personal data to an account without two-step sign-in in a ward that
    requires it: to the two-step set-up page, saying why (``HX-Redirect`` for htmx requests)."""
    flash(_("Trang này có thông tin cá nhân của người dân. Phường yêu cầu đăng nhập hai bước để xem: "
            "hãy bật đăng nhập hai bước."))
    return send_to(url_for("staff.totp_setup"))


def send_to(target: str):
    """Redirect to ``target``; an htmx request gets ``HX-Redirect``, so the whole page goes, not a fragment."""
    if htmx:
        response = current_app.response_class("", status=200)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


def _allowed(user, roles: tuple[str, ...], province_admin: bool) -> bool:
    """The role check behind ``staff_required``."""
    if province_admin and user.is_province_admin:
        return True
    ward = g.get("ward")
    if ward is None:
        return not roles and not province_admin
    held = user.roles_in(ward.id)
    return bool(held & set(roles)) if roles else bool(held)
