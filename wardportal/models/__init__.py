"""The database models, importable from one place so Alembic and the app see every table."""

from .dossier import ClockPause, Dossier, DossierEvent, DossierFile
from .procedure import Contact, FormTemplate, Procedure, RequiredDocument
from .staff import StaffUser, WardMembership
from .ward import Ward

__all__ = [
    "ClockPause",
    "Contact",
    "Dossier",
    "DossierEvent",
    "DossierFile",
    "FormTemplate",
    "Procedure",
    "RequiredDocument",
    "StaffUser",
    "Ward",
    "WardMembership",
]
