"""The database models, importable from one place so Alembic and the app see every table."""

from .dossier import ClockPause, Dossier, DossierEvent, DossierFile
from .editorial import (AccountToken, AuditEntry, ProcedureDraft, ProcedureRevision, RecoveryCode,  # noqa: F401
                        TotpUse)
from .procedure import Contact, FormTemplate, Procedure, RequiredDocument
from .search import SearchSynonym
from .staff import StaffUser, WardMembership
from .submission import ApplicationDraft, DossierDayCounter, DraftFile  # noqa: F401
from .ward import Ward
from .workflow import DocumentRequest, MissingDocument, StaffNotification  # noqa: F401

__all__ = [
    "ClockPause",
    "Contact",
    "Dossier",
    "DossierEvent",
    "DossierFile",
    "FormTemplate",
    "Procedure",
    "RequiredDocument",
    "SearchSynonym",
    "StaffUser",
    "Ward",
    "WardMembership",
]
