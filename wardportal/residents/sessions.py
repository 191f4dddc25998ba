"""A resident's sign-in session: server-side and revocable, like a staff session, and never a staff session.

The cookie carries only ``resident_sid`` (a random id) and the sign-in time; the row it names
(``resident_session``, only the id's SHA-256 stored) must still live on every request, so signing out ends
the session at once, even for a copied cookie. Signing in clears every key the browser had before (staff
sign-in included) and opens a new row: the session is rotated. Flask-Login's ``_user_id`` is never set, so
``staff_required`` cannot take a resident for a staff member.
"""

import hashlib
import secrets
import time
from datetime import timedelta

from flask import current_app, g, session
from sqlalchemy import delete, update

from wardportal.kernel.extensions import db
from wardportal.kernel.http_headers import RESIDENT_SESSION_KEY
from wardportal.kernel.times import now_utc
from wardportal.residents.models import Resident, ResidentSession

SESSION_SID = RESIDENT_SESSION_KEY  # the kernel's caching rule reads it too: a signed-in resident's pages are private
SESSION_SIGNED_IN_AT = "resident_signed_in_at"
KEEP_ENDED = timedelta(days=2)


def _hash(session_id: str) -> str:
    """Session ids are 192 random bits: a fast hash makes the stored value useless."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def start_resident_session(resident: Resident, id_token: str) -> None:
    """Sign ``resident`` in on a brand-new session (every key of the old one dropped); the caller commits."""
    now = now_utc()
    session.clear()
    session_id = secrets.token_urlsafe(24)
    max_age = timedelta(seconds=_max_age())
    db.session.add(ResidentSession(id_hash=_hash(session_id), resident_id=resident.id, created_at=now,
                                   id_token=id_token))
    db.session.execute(delete(ResidentSession).where(
        ResidentSession.resident_id == resident.id,
        (ResidentSession.ended_at < now - KEEP_ENDED) | (ResidentSession.created_at < now - max_age - KEEP_ENDED)))
    session[SESSION_SID] = session_id
    session[SESSION_SIGNED_IN_AT] = time.time()
    session.permanent = False


def _max_age() -> int:
    return int(current_app.config.get("RESIDENT_SESSION_SECONDS") or 8 * 3600)


def _live_row() -> ResidentSession | None:
    """The live row behind this browser's cookie, or None (no cookie, ended, or too old)."""
    session_id = session.get(SESSION_SID)
    signed_in_at = session.get(SESSION_SIGNED_IN_AT)
    if not session_id or not isinstance(session_id, str) or not isinstance(signed_in_at, (int, float)):
        return None
    if time.time() - signed_in_at > _max_age():
        return None
    row = db.session.get(ResidentSession, _hash(session_id))
    return row if row is not None and row.ended_at is None else None


def current_resident() -> Resident | None:
    """The signed-in resident of this request, or None; a dead session's keys are dropped from the cookie."""
    if "resident" in g:
        return g.resident
    row = _live_row()
    if row is None and SESSION_SID in session:
        session.pop(SESSION_SID, None)
        session.pop(SESSION_SIGNED_IN_AT, None)
    g.resident = row.resident if row is not None else None
    return g.resident


def end_resident_session() -> str:
    """Sign out: end the row and forget the session; return the ID token for the provider's logout."""
    row = _live_row()
    id_token = ""
    if row is not None:
        id_token = row.id_token
        db.session.execute(update(ResidentSession).where(ResidentSession.id_hash == row.id_hash)
                           .values(ended_at=now_utc(), id_token=""))
        db.session.commit()
    session.clear()
    g.resident = None
    return id_token


def end_all_sessions(resident: Resident) -> int:
    """End every live session of ``resident`` (the caller commits); return how many ended."""
    query = update(ResidentSession).where(ResidentSession.resident_id == resident.id,
                                          ResidentSession.ended_at.is_(None))
    return db.session.execute(query.values(ended_at=now_utc(), id_token="")).rowcount
