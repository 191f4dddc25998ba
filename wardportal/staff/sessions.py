"""Server-side staff sessions: each signed-in browser has a row, and ending the row ends the session at once.

Flask keeps the session itself in a signed cookie; a copy of that cookie stays valid as long as the signature
does. The cookie therefore also carries a random session id, and every request checks that the row for it
still lives. Only the id's SHA-256 is stored. Callers commit (these functions only add to the transaction).
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, update

from wardportal.kernel.extensions import db
from wardportal.staff.models import StaffSession, StaffUser

# Rows of sessions that ended (or expired) longer ago than this are deleted when someone signs in.
KEEP_ENDED = timedelta(days=2)


def _hash(session_id: str) -> str:
    """Session ids are 192 random bits, so a fast hash is enough to make the stored value useless."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def open_session(user: StaffUser, now: datetime, max_age: timedelta) -> str:
    """Record a new session for ``user`` and return its id for the cookie; clears out old rows too."""
    session_id = secrets.token_urlsafe(24)
    db.session.add(StaffSession(id_hash=_hash(session_id), staff_id=user.id, created_at=now))
    db.session.execute(delete(StaffSession).where(
        StaffSession.staff_id == user.id,
        (StaffSession.ended_at < now - KEEP_ENDED) | (StaffSession.created_at < now - max_age - KEEP_ENDED)))
    return session_id


def is_live(user_id: int, session_id: str | None) -> bool:
    """Whether the session with this id belongs to ``user_id`` and has not been ended."""
    if not session_id:
        return False
    row = db.session.get(StaffSession, _hash(session_id))
    return row is not None and row.staff_id == user_id and row.ended_at is None


def end_session(session_id: str | None, now: datetime) -> None:
    """End one session (sign-out)."""
    if session_id:
        db.session.execute(update(StaffSession).where(StaffSession.id_hash == _hash(session_id),
                                                      StaffSession.ended_at.is_(None)).values(ended_at=now))


def end_all_sessions(user: StaffUser, now: datetime) -> int:
    """End every live session of ``user``; return how many ended."""
    query = update(StaffSession).where(StaffSession.staff_id == user.id, StaffSession.ended_at.is_(None))
    return db.session.execute(query.values(ended_at=now)).rowcount


def live_session_count(user: StaffUser) -> int:
    """How many sessions of ``user`` are open (for the admin page)."""
    return db.session.scalar(db.select(db.func.count()).select_from(StaffSession).where(
        StaffSession.staff_id == user.id, StaffSession.ended_at.is_(None)))
