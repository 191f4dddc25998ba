"""The phone check in front of a dossier's personal data, with its failures counted in the database.

The last four digits of the applicant's phone number are the only factor, so guessing them is limited per
dossier: wrong answers from the tracking form and from the QR page count together, in the dossier's row,
so every worker and every server sees the same count. ``max_failures`` wrong answers within ``window`` (a
day, counted from the first wrong answer) lock the detail view until that window ends: the budget is per
window, not per lock, so the guesses on one dossier are bounded per day (a lock served does not refill it).
The applicant is told (e-mail/SMS), the ward's audit log records it, and the applicant can lift the lock
with a one-time code sent to them (`unlock_codes`); lifting it does not refill the budget either: the next
wrong answer in the same window locks again. No request objects in here: the views pass the address and
the time.
"""

from __future__ import annotations

import enum
import hmac
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from wardportal.dossiers.models import Dossier
from wardportal.kernel.extensions import db
from wardportal.kernel.times import as_utc
from wardportal.notifications.messages import notify_applicant
from wardportal.staff import audit

logger = logging.getLogger("wardportal.track")

LOCKED_EVENT = "phone_check_locked"


class Outcome(enum.Enum):
    """What one phone check came to."""

    MATCH = "match"
    WRONG = "wrong"
    LOCKED = "locked"  # this answer, right or wrong, was not even compared


@dataclass(frozen=True)
class PhoneCheckRules:
    """How many wrong answers in how long lock the dossier (until that window ends)."""

    max_failures: int = 5
    window: timedelta = timedelta(hours=24)


@dataclass(frozen=True)
class PhoneCheckResult:
    """The outcome, and until when the dossier is locked (when it is)."""

    outcome: Outcome
    locked_until: datetime | None = None
    just_locked: bool = False


def rules_from_config(config) -> PhoneCheckRules:
    """Rules from TRACK_PHONE_MAX_FAILURES and TRACK_PHONE_WINDOW_MINUTES."""
    defaults = PhoneCheckRules()
    return PhoneCheckRules(
        max_failures=max(1, int(config.get("TRACK_PHONE_MAX_FAILURES", defaults.max_failures))),
        window=timedelta(minutes=max(1, int(config.get("TRACK_PHONE_WINDOW_MINUTES",
                                                       defaults.window.total_seconds() // 60)))),
    )


def phone_matches(dossier: Dossier, suffix: str) -> bool:
    """Whether the four digits are the end of the phone number given (compared in constant time)."""
    digits = "".join(ch for ch in dossier.applicant_phone or "" if ch in "0123456789")
    typed = (suffix or "").strip()
    # compare_digest refuses non-ASCII text; the form folds other scripts' digits, this is the backstop
    return (len(digits) >= 4 and typed.isascii()
            and hmac.compare_digest(digits[-4:].encode(), typed.encode()))


def locked_until(dossier: Dossier, now: datetime) -> datetime | None:
    """When the dossier's lock ends, or None when it is not locked at ``now``."""
    until = dossier.phone_locked_until
    if until is not None and as_utc(until) > now:
        return as_utc(until)
    return None


def check_phone(dossier: Dossier, suffix: str, *, rules: PhoneCheckRules, now: datetime,
                ip_address: str = "") -> PhoneCheckResult:
    """Compare the digits unless the dossier is locked; count a wrong answer and lock after too many.

    Commits. The row is locked for the update (SELECT … FOR UPDATE on PostgreSQL; SQLite's write
    transactions are serialised already), so concurrent wrong answers from several servers all count.
    """
    db.session.refresh(dossier, with_for_update=True)
    until = locked_until(dossier, now)
    if until is not None:
        db.session.commit()
        return PhoneCheckResult(Outcome.LOCKED, until)
    if phone_matches(dossier, suffix):
        if dossier.phone_failures:
            dossier.phone_failures, dossier.phone_failures_since = 0, None
        db.session.commit()
        return PhoneCheckResult(Outcome.MATCH)
    since = dossier.phone_failures_since
    if since is None or as_utc(since) + rules.window <= now:
        # a new window (the old one ran out): count from this answer; a served lock never refills it
        dossier.phone_failures, dossier.phone_failures_since, dossier.phone_locked_until = 0, now, None
    dossier.phone_failures += 1
    if dossier.phone_failures < rules.max_failures:
        db.session.commit()
        return PhoneCheckResult(Outcome.WRONG)
    until = as_utc(dossier.phone_failures_since) + rules.window
    dossier.phone_locked_until = until
    # identifiers only: the code, the count; never the digits tried
    audit.record("track.phone_check_locked", None, ip_address, now, ward=dossier.ward, target=dossier.code,
                 details={"failures": dossier.phone_failures, "locked_minutes": int((until - now).total_seconds() // 60)})
    notify_applicant(dossier, LOCKED_EVENT)  # outbox: the notice commits with the lock, the worker sends it
    db.session.commit()
    logger.warning("phone check locked dossier_id=%s failures=%s", dossier.id, dossier.phone_failures)
    return PhoneCheckResult(Outcome.WRONG, until, just_locked=True)


def lift_lock(dossier: Dossier) -> None:
    """End the lock (the applicant proved it is theirs); the window's count stays, so it refills nothing.

    Does not commit: the caller commits with the spent unlock code.
    """
    dossier.phone_locked_until = None
