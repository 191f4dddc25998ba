"""The audit log: who changed what, when, from which address. Never residents' personal data.

``record`` adds the entry to the current transaction, so a change and its audit entry commit together.
``details`` must hold only identifiers and field names (procedure codes, role names, changed field
names), never the text a resident typed.
"""

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import func, select

from wardportal.kernel.extensions import db
from wardportal.staff.models import AuditEntry, StaffUser, Ward


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


# Other capabilities name the targets they own ("procedure", "contact", ...): kind -> namer(refs, ward) returning
# {"kind:ref": name, ...}. They register in their events module; this module never imports them.
_target_namers: dict[str, Callable[[set[str], Ward | None], dict[str, object]]] = {}


def register_target_namer(kind: str, namer: Callable[[set[str], Ward | None], dict[str, object]]) -> None:
    """Let the audit log show ``kind:ref`` targets by name (called once per kind at start-up)."""
    _target_namers[kind] = namer


def target_names(entries: list[AuditEntry], ward: Ward | None) -> dict[str, object]:
    """Readable names for the entries' actors and targets: ``staff:3`` → the person's name, and so on.

    Keys are ``staff:<id>`` and whatever the registered namers return (e.g. ``procedure:<code>`` with
    ``procedure-id:<code>``, the guide's id, and ``contact:<id>``); a target that no longer exists (a deleted
    contact) is simply missing, and the caller falls back to the raw reference.
    """
    refs: dict[str, set[str]] = {}
    for entry in entries:
        if entry.actor_id:
            refs.setdefault("staff", set()).add(str(entry.actor_id))
        kind, _, ref = entry.target.partition(":")
        admin = str(entry.details.get("admin", "")) if isinstance(entry.details, dict) else ""
        for kind, ref in ((kind, ref), tuple(admin.partition(":")[::2])):
            if ref:
                refs.setdefault(kind, set()).add(ref)
    names: dict[str, object] = {}
    staff_ids = {int(ref) for ref in refs.get("staff", ()) if ref.isdigit()}
    if staff_ids:
        for staff_id, full_name, email in db.session.execute(
                select(StaffUser.id, StaffUser.full_name, StaffUser.email).where(StaffUser.id.in_(staff_ids))):
            names[f"staff:{staff_id}"] = full_name or email
    for kind, namer in _target_namers.items():
        if refs.get(kind):
            names.update(namer(refs[kind], ward))
    return names
