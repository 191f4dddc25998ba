"""The applicant's second factor: the last four digits of the phone number given with the dossier.

A dossier code is a daily sequence and easy to guess, and the tracking token travels on paper; personal
data is shown only to a session that answered the phone check for that dossier (the submitting browser is
marked too). Checking the digits, and counting wrong ones, is `phone_check`'s.
"""

from flask import session

from wardportal.dossiers.models import Dossier
from wardportal.dossiers.signals import applicant_vouched_for

SESSION_KEY = "tracked_dossiers"
# Enough for a family's dossiers; the oldest is forgotten first.
MAX_REMEMBERED = 20


def remember_dossier(dossier: Dossier) -> None:
    """Mark this session as verified for this dossier."""
    remembered = [i for i in session.get(SESSION_KEY, []) if i != dossier.id]
    session[SESSION_KEY] = (remembered + [dossier.id])[-MAX_REMEMBERED:]


def session_verified(dossier: Dossier) -> bool:
    """Whether this session passed the phone check for this dossier, or a capability vouches for it (a
    signed-in resident whose verified citizen ID is the dossier's needs no phone check)."""
    if dossier.id in session.get(SESSION_KEY, []):
        return True
    return any(vouched for _receiver, vouched in applicant_vouched_for.send(dossier, dossier=dossier))
