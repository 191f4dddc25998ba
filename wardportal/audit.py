"""The audit log: who changed what, when, from which address. Never residents' personal data.

``record`` adds the entry to the current transaction, so a change and its audit entry commit together.
``details`` must hold only identifiers and field names (procedure codes, role names, changed field
names), never the text a resident typed.
"""

from datetime import datetime

from sqlalchemy import func, select

from .extensions import db
from .models import StaffUser, Ward
from .models.editorial import AuditEntry


def record(action: str, actor: StaffUser | None, ip_address: str, now: datetime, ward: Ward | None = None,
           target: str = "", details: dict | None = None) -> AuditEntry:
    """Add an audit entry to the session (committed with the change it describes)."""
    entry = AuditEntry(action=action, at=now, actor_id=actor.id if actor else None,
                       actor_email=actor.email if actor else "", ward_id=ward.id if ward else None,
                       target=target[:200], details=details or {}, ip_address=(ip_address or "")[:64])
    db.session.add(entry)
    return entry


def entries_for(ward: Ward | None, page: int = 1, per_page: int = 50) -> tuple[list[AuditEntry], int]:
    """A page of the ward's audit log, newest first (``ward=None``: province-level entries), and the total."""
    condition = AuditEntry.ward_id == ward.id if ward else AuditEntry.ward_id.is_(None)
    total = db.session.scalar(select(func.count()).select_from(AuditEntry).where(condition))
    query = (select(AuditEntry).where(condition).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
             .limit(per_page).offset((max(page, 1) - 1) * per_page))
    return list(db.session.scalars(query)), total
