"""Signals of the search capability, so others add to the results page without search importing them."""

from blinker import Namespace

from wardportal.kernel.hooks import gathered

_signals = Namespace()

# Sent with ``ward`` and ``query`` when a ward's search page shows results. A receiver returns a dict of
# template variables for its own section (publications: ``publication_groups``, matching notices and news).
results_sections = _signals.signal("search-results-sections")


def sections_for(ward, query: str) -> dict:
    """Every receiver's variables for the results page of ``query`` in ``ward``."""
    return gathered(results_sections, ward, ward=ward, query=query)
