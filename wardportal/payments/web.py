"""The payments area's blueprint with every view registered on it (create_app registers it).

The views import the blueprint from `blueprint.py`; importing them here, not there, keeps the two free of an
import cycle."""

from wardportal.payments.blueprint import bp
from wardportal.payments import views_desk, views_public  # noqa: F401  (each registers its routes on bp)

__all__ = ["bp"]
