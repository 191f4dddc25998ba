"""The ward's staff start page, under the staff area: guides waiting for editors, the desk's dossier counts."""

from flask import g, render_template

from wardportal.catalogue import editing, guide_drafts
from wardportal.dossiers import queries as dossier_queries
from wardportal.kernel.times import local_day, now_utc
from wardportal.kernel.working_days import missing_holiday_years
from wardportal.staff.access import current_staff, staff_required
from wardportal.staff.blueprint import bp


@bp.get("/<ward_slug>/can-bo/")
@staff_required("admin", "editor", "officer", "leader", province_admin=True, personal_data=False)
def dashboard():
    """The ward's staff start page: what this person may do here."""
    user = current_staff()
    roles = user.roles_in(g.ward.id)
    drafts = []
    if "editor" in roles or "admin" in roles:
        guides = editing.ward_procedures(g.ward)
        pending = guide_drafts.drafts_by_procedure([p.id for p in guides])
        drafts = [p for p in guides if not p.is_published or p.id in pending]
    counts = None
    if "officer" in roles or "admin" in roles:
        counts = dossier_queries.dashboard_counts(g.ward, local_day(now_utc()))
    return render_template("staff/dashboard.html", roles=roles, drafts=drafts, user=user, counts=counts,
                           missing_holidays=missing_holiday_years())
