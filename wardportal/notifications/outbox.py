"""Delivering the outbox: claim a message, send it outside any transaction, record what happened.

At least once, never blind. Each message is claimed first: a short transaction sets a lease
(``lease_token``, ``lease_until`` = now + ``OUTBOX_LEASE_SECONDS``) and commits, so no other worker takes
it meanwhile — on PostgreSQL the claim's ``SELECT … FOR UPDATE SKIP LOCKED`` lets several workers claim
different rows at once; on SQLite the claim is one short BEGIN IMMEDIATE transaction. The provider is called
with no transaction open (SQLite's install-wide write lock is not held during a slow SMTP or SMS call), then a
second short transaction records the result, only if the lease is still ours. A worker that dies between the
provider's answer and that record leaves a lease that expires: the message is due again and is sent a second
time, with the same idempotency key (the e-mail's Message-ID; ``message.idempotency_key`` for SMS), so a
provider or mail client that de-duplicates drops the copy. Messages whose retries ran out ("dead") stay
listed for staff (`problem_messages`, the staff outbox page, ``flask outbox status``) until retried or dropped.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select

from wardportal.dossiers.models import Dossier
from wardportal.kernel.extensions import db
from wardportal.kernel.senders import Message, email_sender, mask_email, mask_phone, sms_sender
from wardportal.kernel.times import as_utc, now_utc
from wardportal.notifications.models import OutboxMessage
from wardportal.staff import audit

logger = logging.getLogger("wardportal.notifications")

# Waits between attempts: 1, 2, 4 … minutes, at most 6 hours; after MAX_ATTEMPTS the message is given up.
MAX_ATTEMPTS = 10
_FIRST_RETRY = 60
_LONGEST_RETRY = 6 * 3600
# How long a claim keeps other workers off a message; longer than any provider call may take (MAIL_TIMEOUT
# is 10 s), short enough that a crashed worker's messages go out again soon.
DEFAULT_LEASE_SECONDS = 300


class OutboxError(ValueError):
    """A staff command that cannot apply to this message (unknown, already sent, no reason given)."""


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failure (exponential backoff with a ceiling)."""
    return timedelta(seconds=min(_FIRST_RETRY * 2 ** (attempts - 1), _LONGEST_RETRY))


def lease_duration(config) -> timedelta:
    """``OUTBOX_LEASE_SECONDS`` (default 300): how long a worker's claim on a message lasts."""
    return timedelta(seconds=float(config.get("OUTBOX_LEASE_SECONDS", DEFAULT_LEASE_SECONDS)))


def _utc(moment: datetime | None) -> datetime:
    return moment or now_utc()


def _open():
    """Messages still to be sent (not sent, not dead, not dropped)."""
    return and_(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None),
                OutboxMessage.dropped_at.is_(None))


def _due(moment: datetime):
    """Open messages whose next attempt has come and that no live lease holds."""
    return and_(_open(), OutboxMessage.next_attempt_at <= moment,
                or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until <= moment))


@dataclass(frozen=True)
class Claim:
    """A message this worker holds the lease of, copied out of the session so sending needs no database."""

    message_id: int
    token: str
    channel: str
    message: Message


def claim_next(moment: datetime, lease: timedelta) -> Claim | None:
    """Lease the oldest due message and commit the lease (one short transaction); None when nothing is due."""
    row = db.session.scalar(select(OutboxMessage).where(_due(moment)).order_by(OutboxMessage.id).limit(1)
                            .with_for_update(skip_locked=True))
    if row is None:
        db.session.commit()
        return None
    token = secrets.token_hex(16)
    row.lease_token, row.lease_until = token, moment + lease
    claim = Claim(row.id, token, row.channel, Message(row.dossier_code, row.event, row.recipient, row.subject,
                                                      row.body, row.vietqr_payload, row.idempotency_key))
    db.session.commit()
    return claim


def _held(claim: Claim) -> OutboxMessage | None:
    """The claimed row, locked, if the lease is still this worker's (it may have expired and been re-taken)."""
    row = db.session.scalar(select(OutboxMessage).where(OutboxMessage.id == claim.message_id,
                                                        OutboxMessage.lease_token == claim.token)
                            .with_for_update())
    if row is None:
        logger.warning("%s lease lost before the result was recorded, message=%d", claim.channel, claim.message_id)
    return row


def record_sent(claim: Claim, moment: datetime) -> None:
    """The provider took the message: mark it sent and release the lease (one short transaction)."""
    row = _held(claim)
    if row is not None:
        row.attempts += 1
        row.sent_at = moment
        row.lease_token = row.lease_until = None
    db.session.commit()


def record_failure(claim: Claim, moment: datetime, error: Exception) -> None:
    """The provider failed: schedule the next attempt, or give the message up after MAX_ATTEMPTS."""
    row = _held(claim)
    if row is not None:
        row.attempts += 1
        row.last_error = type(error).__name__[:200]
        row.lease_token = row.lease_until = None
        if row.attempts >= MAX_ATTEMPTS:
            row.failed_at = moment
            logger.error("%s given up after %d attempts event=%s dossier=%s", row.channel, row.attempts,
                         row.event, row.dossier_code)
        else:
            row.next_attempt_at = moment + retry_delay(row.attempts)
            logger.warning("%s failed event=%s dossier=%s: %s (attempt %d)", row.channel, row.event,
                           row.dossier_code, row.last_error, row.attempts)
    db.session.commit()


def deliver_pending(config, now: datetime | None = None, limit: int = 100) -> tuple[int, int]:
    """Send due outbox messages (claim, send outside any transaction, record); return (sent, failed).

    Several workers may run at once, on several servers: a message is sent by the worker holding its lease.
    """
    senders = {"email": email_sender(config), "sms": sms_sender(config)}
    lease = lease_duration(config)
    db.session.commit()  # whatever the caller had open ends here: the provider calls below hold no transaction
    sent = failed = 0
    for _ in range(limit):
        claim = claim_next(_utc(now), lease)
        if claim is None:
            break
        try:
            senders[claim.channel].send(claim.message)
        except Exception as exc:  # noqa: BLE001 — any provider failure is retried later
            record_failure(claim, _utc(now), exc)
            failed += 1
        else:
            record_sent(claim, _utc(now))
            sent += 1
    return sent, failed


# ---------------------------------------------------------------- what staff and operators see and do

STATES = ("due", "waiting", "sending", "retrying", "dead", "sent", "dropped")


def state_of(row: OutboxMessage, moment: datetime) -> str:
    """One word for where a message is: due, waiting (backoff), sending (leased), retrying, dead, sent, dropped."""
    if row.dropped_at:
        return "dropped"
    if row.sent_at:
        return "sent"
    if row.failed_at:
        return "dead"
    if row.lease_until and as_utc(row.lease_until) > moment:
        return "sending"
    if row.attempts:
        return "retrying"
    return "due" if as_utc(row.next_attempt_at) <= moment else "waiting"


def _scoped(query, ward):
    """Limit a query to one ward's messages (through their dossier); ``ward=None``: the whole install."""
    if ward is None:
        return query
    return query.join(Dossier, Dossier.id == OutboxMessage.dossier_id).where(Dossier.ward_id == ward.id)


@dataclass(frozen=True)
class OutboxStatus:
    """Counts by state, the oldest due message's time, and the messages that need a person."""

    counts: dict
    oldest_due: datetime | None
    problems: list


def status(ward=None, now: datetime | None = None, limit: int = 200) -> OutboxStatus:
    """The outbox of a ward (or the install): counts by state, oldest due, failing and dead messages."""
    moment = _utc(now)
    conditions = {
        "sent": OutboxMessage.sent_at.is_not(None),
        "dropped": OutboxMessage.dropped_at.is_not(None),
        "dead": and_(OutboxMessage.failed_at.is_not(None), OutboxMessage.dropped_at.is_(None),
                     OutboxMessage.sent_at.is_(None)),
        "sending": and_(_open(), OutboxMessage.lease_until > moment),
        "retrying": and_(_open(), OutboxMessage.attempts > 0,
                         or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until <= moment)),
        "due": and_(_due(moment), OutboxMessage.attempts == 0),
        "waiting": and_(_open(), OutboxMessage.attempts == 0, OutboxMessage.next_attempt_at > moment,
                        or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until <= moment)),
    }
    counts = {state: db.session.scalar(_scoped(select(func.count(OutboxMessage.id)), ward).where(condition))
              for state, condition in conditions.items()}
    oldest = db.session.scalar(_scoped(select(func.min(OutboxMessage.next_attempt_at)), ward).where(_due(moment)))
    return OutboxStatus({state: counts[state] for state in STATES}, as_utc(oldest) if oldest else None,
                        problem_messages(ward, limit))


@dataclass(frozen=True)
class Backlog:
    """What monitoring watches: messages still to send, dead ones, and since when the oldest due one waits."""

    pending: int
    dead: int
    oldest_due: datetime | None


def backlog(now: datetime | None = None) -> Backlog:
    """The install's outbox backlog in three queries (readiness and metrics; no message is loaded)."""
    moment = _utc(now)
    pending = db.session.scalar(select(func.count(OutboxMessage.id)).where(_open()))
    dead = db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.failed_at.is_not(None), OutboxMessage.sent_at.is_(None), OutboxMessage.dropped_at.is_(None)))
    oldest = db.session.scalar(select(func.min(OutboxMessage.next_attempt_at)).where(_due(moment)))
    return Backlog(pending, dead, as_utc(oldest) if oldest else None)


def problem_messages(ward=None, limit: int = 200) -> list[OutboxMessage]:
    """Open messages that failed at least once, and dead ones, newest problem first."""
    query = _scoped(select(OutboxMessage), ward).where(
        OutboxMessage.sent_at.is_(None), OutboxMessage.dropped_at.is_(None),
        or_(OutboxMessage.failed_at.is_not(None), OutboxMessage.attempts > 0))
    return list(db.session.scalars(query.order_by(OutboxMessage.failed_at.is_(None),
                                                  OutboxMessage.id.desc()).limit(limit)))


def masked_recipient(row: OutboxMessage) -> str:
    """The recipient as the log shows it: never the full address or number."""
    return mask_email(row.recipient) if row.channel == "email" else mask_phone(row.recipient)


def message_in(message_id: int, ward=None) -> OutboxMessage:
    """A message of the ward (or of the install); OutboxError when there is none."""
    row = db.session.scalar(_scoped(select(OutboxMessage), ward).where(OutboxMessage.id == message_id))
    if row is None:
        raise OutboxError(f"no outbox message {message_id}")
    return row


def _audit(action: str, row: OutboxMessage, actor, ip_address: str, moment: datetime) -> None:
    """Audit a person's repair in the message's ward (identifiers only: never the recipient or the text)."""
    audit.record(action, actor, ip_address, moment, ward=row.dossier.ward if row.dossier else None,
                 target=f"outbox:{row.id}", details={"dossier": row.dossier_code, "event": row.event,
                                                     "channel": row.channel})


def _reopen(row: OutboxMessage, moment: datetime) -> None:
    if row.sent_at or row.dropped_at:
        raise OutboxError(f"message {row.id} was already {'sent' if row.sent_at else 'dropped'}")
    row.failed_at = None
    row.attempts = 0
    row.next_attempt_at = moment


def retry(row: OutboxMessage, now: datetime | None = None, *, actor=None, ip_address: str = "cli") -> None:
    """Make a failing or dead message due now with a fresh round of attempts, audited (the caller commits)."""
    moment = _utc(now)
    _reopen(row, moment)
    _audit("outbox.retried", row, actor, ip_address, moment)


def retry_all_dead(ward=None, now: datetime | None = None, *, actor=None, ip_address: str = "cli") -> int:
    """Make every dead message of the ward (or install) due again, audited; return how many (the caller
    commits)."""
    moment = _utc(now)
    rows = list(db.session.scalars(_scoped(select(OutboxMessage), ward).where(
        OutboxMessage.failed_at.is_not(None), OutboxMessage.sent_at.is_(None), OutboxMessage.dropped_at.is_(None))))
    for row in rows:
        _reopen(row, moment)
    audit.record("outbox.retried_all", actor, ip_address, moment, ward=ward, details={"count": len(rows)})
    return len(rows)


def drop(row: OutboxMessage, reason: str, now: datetime | None = None, *, actor=None,
         ip_address: str = "cli") -> None:
    """Never send this message; keep it with the reason, audited (the caller commits)."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise OutboxError("a reason is required to drop a message")
    if row.sent_at or row.dropped_at:
        raise OutboxError(f"message {row.id} was already {'sent' if row.sent_at else 'dropped'}")
    row.dropped_at = _utc(now)
    row.drop_reason = reason[:300]
    _audit("outbox.dropped", row, actor, ip_address, row.dropped_at)
