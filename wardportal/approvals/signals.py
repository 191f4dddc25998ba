"""Signals of the approvals capability, so others add to the leaders' pages without approvals importing them."""

from blinker import Namespace

from wardportal.kernel.hooks import gathered

_signals = Namespace()

# Sent with ``ward`` when a leader opens the approval queue. A receiver returns a dict of template variables
# for its own section of the page (publications: ``documents`` waiting for the leader's signature).
leader_queue_sections = _signals.signal("leader-queue-sections")


def queue_sections(ward) -> dict:
    """Every receiver's variables for the leaders' queue page of ``ward``."""
    return gathered(leader_queue_sections, ward, ward=ward)
