"""The open311 area's blueprint with every view registered on it (create_app registers it).

The views import the blueprint from `blueprint.py`; importing them here, not there, keeps the two free of an
import cycle."""

from wardportal.open311.blueprint import bp
from wardportal.open311 import views  # noqa: F401  (each registers its routes on bp)

__all__ = ["bp"]
