"""One-time codes that let the applicant lift the phone-check lock of their own dossier.

Anyone who knows a dossier's code can lock its details with wrong phone digits; the applicant then asks for
a code, which goes only to the phone and e-mail on the dossier (through the outbox), and types it in. A
code is six random digits, stored as an HMAC under the app's secret key (a database copy alone does not
give it away), valid ``valid_for``, good for one use and ``max_attempts`` tries; sending a new one spends the
old. At most ``max_codes`` are sent per dossier within the phone check's window, so the lock cannot be used
to flood the applicant with messages. Neither the code nor a recipient is ever logged. No request objects
in here: the views pass the secret, the address and the time.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from wardportal.dossiers.models import Dossier, PhoneUnlockCode
from wardportal.kernel.extensions import db
from wardportal.kernel.times import as_utc
from wardportal.notifications.messages import notify_applicant
from wardportal.staff import audit
from wardportal.track.phone_check import lift_lock, locked_until

logger = logging.getLogger("wardportal.track")

CODE_EVENT = "phone_unlock_code"
CODE_DIGITS = 6


@dataclass(frozen=True)
class UnlockRules:
    """How long a code is valid, how many tries it allows, how many codes a dossier gets per window."""

    valid_for: timedelta = timedelta(minutes=15)
    max_attempts: int = 5
    max_codes: int = 3
    window: timedelta = timedelta(hours=24)


def rules_from_config(config) -> UnlockRules:
    """Rules from TRACK_UNLOCK_CODE_MINUTES, TRACK_UNLOCK_MAX_CODES and the phone check's window."""
    defaults = UnlockRules()
    return UnlockRules(
        valid_for=timedelta(minutes=max(1, int(config.get("TRACK_UNLOCK_CODE_MINUTES", defaults.valid_for.total_seconds() // 60)))),
        max_codes=max(1, int(config.get("TRACK_UNLOCK_MAX_CODES", defaults.max_codes))),
        window=timedelta(minutes=max(1, int(config.get("TRACK_PHONE_WINDOW_MINUTES",
                                                       defaults.window.total_seconds() // 60)))),
    )


class SendOutcome(enum.Enum):
    """What a request for a code came to."""

    SENT = "sent"
    NOT_LOCKED = "not_locked"  # nothing to lift: the phone digits open the dossier
    NO_CONTACT = "no_contact"  # no phone or e-mail on the dossier: only the office can help
    TOO_MANY = "too_many"  # this window's codes are used up


class EnterOutcome(enum.Enum):
    """What typing a code came to."""

    OPENED = "opened"
    WRONG = "wrong"  # wrong, expired, spent, or no code was sent: one answer for all


def _digest(secret: bytes, dossier_id: int, code: str) -> str:
    return hmac.new(secret, f"phone-unlock:{dossier_id}:{code}".encode(), hashlib.sha256).hexdigest()


def send_code(dossier: Dossier, *, secret: bytes, rules: UnlockRules, now: datetime,
              ip_address: str = "") -> SendOutcome:
    """Queue a fresh code to the applicant when the dossier is locked; spend the codes sent before. Commits."""
    db.session.refresh(dossier, with_for_update=True)  # one sender at a time per dossier, on every server
    if locked_until(dossier, now) is None:
        db.session.commit()
        return SendOutcome.NOT_LOCKED
    if not (dossier.applicant_phone or dossier.applicant_email):
        db.session.commit()
        return SendOutcome.NO_CONTACT
    sent = db.session.scalar(db.select(db.func.count(PhoneUnlockCode.id)).where(
        PhoneUnlockCode.dossier_id == dossier.id, PhoneUnlockCode.created_at > now - rules.window))
    if sent >= rules.max_codes:
        db.session.commit()
        return SendOutcome.TOO_MANY
    _spend_open_codes(dossier, now)
    code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
    db.session.add(PhoneUnlockCode(dossier_id=dossier.id, code_hash=_digest(secret, dossier.id, code),
                                   created_at=now, expires_at=now + rules.valid_for))
    minutes = int(rules.valid_for.total_seconds() // 60)
    notify_applicant(dossier, CODE_EVENT, unlock_code=code, minutes=minutes)  # commits with the row
    audit.record("track.phone_unlock_code_sent", None, ip_address, now, ward=dossier.ward, target=dossier.code)
    db.session.commit()
    logger.info("phone unlock code queued dossier_id=%s", dossier.id)
    return SendOutcome.SENT


def enter_code(dossier: Dossier, typed: str, *, secret: bytes, rules: UnlockRules, now: datetime,
               ip_address: str = "") -> EnterOutcome:
    """Check a typed code against the dossier's open one; a match spends it and lifts the lock. Commits."""
    db.session.refresh(dossier, with_for_update=True)
    row = db.session.scalar(db.select(PhoneUnlockCode).where(
        PhoneUnlockCode.dossier_id == dossier.id, PhoneUnlockCode.spent_at.is_(None))
        .order_by(PhoneUnlockCode.id.desc()).limit(1))
    if row is None or as_utc(row.expires_at) <= now:
        db.session.commit()
        return EnterOutcome.WRONG
    typed = (typed or "").strip()
    row.attempts += 1
    if typed.isascii() and hmac.compare_digest(row.code_hash, _digest(secret, dossier.id, typed)):
        row.spent_at = now
        lift_lock(dossier)
        audit.record("track.phone_lock_lifted", None, ip_address, now, ward=dossier.ward, target=dossier.code)
        db.session.commit()
        logger.info("phone lock lifted by unlock code dossier_id=%s", dossier.id)
        return EnterOutcome.OPENED
    if row.attempts >= rules.max_attempts:
        row.spent_at = now
    db.session.commit()
    return EnterOutcome.WRONG


def _spend_open_codes(dossier: Dossier, now: datetime) -> None:
    """Only the newest code works: a code sent earlier is spent when a new one goes out."""
    for row in db.session.scalars(db.select(PhoneUnlockCode).where(
            PhoneUnlockCode.dossier_id == dossier.id, PhoneUnlockCode.spent_at.is_(None))):
        row.spent_at = now
