"""The approvals area's blueprint with every view registered on it (create_app registers it).

The views import the blueprint from `blueprint.py`; importing them here, not there, keeps the two free of an
import cycle."""

from wardportal.approvals.blueprint import bp
from wardportal.approvals import (views_desk, views_leader, views_settings,  # noqa: F401  (each registers its routes on bp)
                                  views_signers)

__all__ = ["bp"]
