"""The residents area's blueprint with every view registered on it (create_app registers it)."""

from wardportal.residents.blueprint import bp
from wardportal.residents import views  # noqa: F401  (registers its routes on bp)

__all__ = ["bp"]
