"""Residents react to dossiers and feedback: their own dossiers need no phone check, their reports are listed.

Receivers are process-wide (every app of the process): each asks whether this app has a provider first.
"""

from flask import has_request_context

from wardportal.dossiers.signals import applicant_vouched_for
from wardportal.feedback.signals import report_taken
from wardportal.kernel.hooks import receive
from wardportal.residents import operations, provider, queries
from wardportal.residents.sessions import current_resident


def _signed_in():
    """The signed-in resident of this request, when this app has a provider and there is a request."""
    if not has_request_context() or not provider.is_configured():
        return None
    return current_resident()


def vouch_for_own_dossier(_sender, *, dossier) -> bool:
    """A signed-in resident reads their own dossier (verified citizen ID) without the phone check."""
    return queries.is_own_dossier(_signed_in(), dossier)


def list_report_as_own(_sender, *, report) -> None:
    """A report sent while signed in is listed on "Hồ sơ của tôi" (same transaction as the report)."""
    resident = _signed_in()
    if resident is not None:
        operations.link_report(resident, report)


def register(_app) -> None:
    receive(applicant_vouched_for, vouch_for_own_dossier)
    receive(report_taken, list_report_as_own)
