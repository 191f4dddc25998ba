"""Signals sent when the public catalogue changes, so derived data (the search index) stays in step.

Senders call them *after* the database commit; receivers must never fail the sender's request.
"""

from blinker import Namespace

_signals = Namespace()

# Sent with ``procedure_ids=[...]`` and ``ward_id`` after guides are created, edited, published or unpublished.
procedures_changed = _signals.signal("procedures-changed")
# Sent with ``ward_id`` and ``codes=[...]`` after guides are deleted for good.
procedures_deleted = _signals.signal("procedures-deleted")
