"""Who is signed in: Flask-Login's loader for staff accounts."""

from wardportal.kernel.extensions import db, login_manager
from wardportal.staff.models import StaffUser


@login_manager.user_loader
def load_staff(user_id: str) -> StaffUser | None:
    """The staff account stored in the session, or None when it is gone or not a number."""
    if not user_id.isdigit():
        return None
    return db.session.get(StaffUser, int(user_id))
