"""The database models, importable from one place so Alembic and the app see every table."""

from .approval import FileSignatureCheck, LeaderProfile, ResultDraft, SignedFormRequirement, WardSeal  # noqa: F401
from .dossier import ClockPause, Dossier, DossierEvent, DossierFile
from .feedback import ApiClient, FeedbackCategory, FeedbackReport  # noqa: F401
from .editorial import (AccountToken, AuditEntry, ProcedureDraft, ProcedureRevision, RecoveryCode,  # noqa: F401
                        TotpUse)
from .payment import (BankStatement, DossierDelivery, DossierFees, FeePayment,  # noqa: F401
                      FeeReceiptCounter, GatewayPayment, StatementLine, UnappliedCredit, WardPaymentAccount)
from .publication import Publication, PublicationRevision  # noqa: F401
from .procedure import Contact, FormTemplate, Procedure, RequiredDocument
from .outbox import OutboxMessage  # noqa: F401
from .search import SearchChange, SearchQueryDay, SearchSynonym  # noqa: F401
from .staff import MembershipOffer, StaffSession, StaffUser, WardMembership  # noqa: F401
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
    "SearchQueryDay",
    "SearchSynonym",
    "StaffUser",
    "Ward",
    "WardMembership",
]
