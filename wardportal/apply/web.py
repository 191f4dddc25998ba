"""The apply area's blueprint with every view registered on it (create_app registers it).

The views import the blueprint from `blueprint.py`; importing them here, not there, keeps the two free of an
import cycle."""

from wardportal.apply.blueprint import bp
from wardportal.apply import steps, views, views_case, views_trust  # noqa: F401  (each registers its routes on bp)

__all__ = ["bp"]
