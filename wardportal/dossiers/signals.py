"""Signals a dossier sends as it moves, so other capabilities react without the dossiers importing them.

All are sent *inside* the transaction that records the change: what a receiver adds (a bill, a queued
message) commits or rolls back with it, and a receiver's error fails the step.
"""

from blinker import Namespace

_signals = Namespace()

# Sent with ``dossier``, ``procedure`` and ``answers`` (the applicant's answers) when an online application
# becomes a dossier, before anything else reacts: payments attach the bill and the delivery choice.
dossier_submitted = _signals.signal("dossier-submitted")

# Sent with ``dossier`` and ``event`` (a DossierEvent, or an event name such as "submitted") after a step
# the applicant is told about: notifications queue the e-mail and SMS in the step's own transaction.
dossier_changed = _signals.signal("dossier-changed")

# Sent with ``procedure``, ``document_index`` and ``applicant`` (citizen ID and name as typed so far, or None)
# before an applicant's upload for that document is stored.
# A receiver returns None, or a check ``check(uploads, stored_name) -> problem | None`` that the upload must
# pass (approvals: a form the applicant must sign). Checks run with no transaction open.
upload_check_wanted = _signals.signal("dossier-upload-check-wanted")

# Sent with ``dossier`` when this browser has not answered the phone check for it and asks for its personal
# data (tracking page, receipt, result). A receiver returns True when it vouches for the browser: residents,
# when the signed-in resident's verified citizen ID is the dossier's.
applicant_vouched_for = _signals.signal("dossier-applicant-vouched-for")


def upload_checks(procedure, document_index: int, applicant: tuple[str, str] | None = None) -> list:
    """The checks every receiver asks for on an upload of this document."""
    return [check for _receiver, check in upload_check_wanted.send(
        procedure, procedure=procedure, document_index=document_index, applicant=applicant) if check]

# Sent with ``ward`` before a result that already carries signatures is attached. A receiver returns None, or
# the fingerprints of the certificates one of which must have signed it (approvals: the ward's enrolled leaders,
# when the ward has leaders); the ward's own seal is always required.
result_signers_wanted = _signals.signal("dossier-result-signers-wanted")


def result_signers(ward) -> frozenset | None:
    """Fingerprints of which at least one must have signed a ward's result, or None when no one in particular."""
    wanted = [set(found) for _receiver, found in result_signers_wanted.send(ward, ward=ward) if found is not None]
    return frozenset().union(*wanted) if wanted else None
