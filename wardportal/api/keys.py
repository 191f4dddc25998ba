"""API keys of client applications: made by ward admins, shown once, stored only as a hash."""

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select

from wardportal.feedback.models import ApiClient
from wardportal.kernel.extensions import db
from wardportal.staff.models import Ward

PREFIX = "wpk_"


def hash_key(key: str) -> str:
    """SHA-256 of the key: keys are 256 random bits, so a fast hash cannot be brute-forced back."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def create_client(ward: Ward, name: str, now: datetime) -> tuple[ApiClient, str]:
    """A new client of the ward and its key (the only time the key exists in clear)."""
    name = (name or "").strip()[:200]
    if not name:
        raise ValueError("name is required")
    key = PREFIX + secrets.token_urlsafe(32)
    client = ApiClient(ward_id=ward.id, name=name, key_prefix=key[:12], key_hash=hash_key(key), created_at=now)
    db.session.add(client)
    db.session.flush()
    return client, key


def revoke_client(client: ApiClient, now: datetime) -> None:
    """Stop accepting the client's key (kept for the record of what it posted)."""
    if client.revoked_at is None:
        client.revoked_at = now


def client_for_key(key: str | None) -> ApiClient | None:
    """The active client holding ``key``, or None."""
    if not key or not key.startswith(PREFIX) or len(key) > 100:
        return None
    client = db.session.scalar(select(ApiClient).where(ApiClient.key_hash == hash_key(key)))
    return client if client is not None and client.revoked_at is None else None


def clients_of(ward: Ward) -> list[ApiClient]:
    """The ward's clients, newest first."""
    return list(db.session.scalars(select(ApiClient).where(ApiClient.ward_id == ward.id)
                                   .order_by(ApiClient.created_at.desc(), ApiClient.id.desc())))


def client_of_ward(ward: Ward, client_id: int) -> ApiClient | None:
    """One client of this ward by id."""
    client = db.session.get(ApiClient, client_id)
    return client if client is not None and client.ward_id == ward.id else None
