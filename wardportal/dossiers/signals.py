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

# Sent with ``procedure`` and ``document_index`` before an applicant's upload for that document is stored.
# A receiver returns None, or a check ``check(uploads, stored_name) -> problem | None`` that the upload must
# pass (approvals: a form the applicant must sign). Checks run with no transaction open.
upload_check_wanted = _signals.signal("dossier-upload-check-wanted")


def upload_checks(procedure, document_index: int) -> list:
    """The checks every receiver asks for on an upload of this document."""
    return [check for _receiver, check in upload_check_wanted.send(procedure, procedure=procedure,
                                                                    document_index=document_index) if check]
