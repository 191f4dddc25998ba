"""Staff accounts: passwords, invitations and reset links, two-step sign-in (TOTP) and recovery codes.

Plain functions over the models; callers pass the actor and the time, and commit where the function says
it does not. Nothing here touches the request or the session.
"""

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import pyotp
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from wardportal.kernel.database import end_read_transaction
from wardportal.kernel.extensions import db
from wardportal.kernel.times import as_utc, now_utc
from wardportal.staff import sessions as staff_sessions, totp_seeds
from wardportal.staff.models import (ROLES, AccountToken, MembershipOffer, RecoveryCode, StaffUser, TotpUse, Ward,
    WardMembership)

MIN_PASSWORD_LENGTH = 8
# Long passphrases are welcome; the cap only stops a megabyte "password" from tying up the KDF.
MAX_PASSWORD_LENGTH = 128
INVITE_LIFETIME = timedelta(days=7)
RESET_LIFETIME = timedelta(hours=24)
RECOVERY_CODE_COUNT = 10
OFFER_LIFETIME = timedelta(days=14)
# Roles whose every page opens dossiers (residents' names, ID numbers, scans): in a ward requiring two-step
# sign-in they turn it on at sign-in. Other roles meet ``may_see_personal_data`` at the first page with any.
PERSONAL_DATA_ROLES = ("officer", "admin")
COMMON_PASSWORDS_FILE = Path(__file__).parents[1] / "data" / "common-passwords.txt"

# Hashing a password for an unknown e-mail too makes "no such account" take as long as "wrong password".
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


class AccountError(ValueError):
    """A request the account rules refuse; ``code`` names the rule for the caller's message."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower-case."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password is refused (too_short, too_long, common, like_email), or None when it is fine."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "too_short"
    if len(password) > MAX_PASSWORD_LENGTH:
        return "too_long"
    lowered = password.lower()
    if lowered in common_passwords():
        return "common"
    if email and lowered in (email.lower(), email.split("@")[0].lower()):
        return "like_email"
    return None


def hash_password(password: str) -> str:
    """A salted scrypt hash (Werkzeug's default KDF)."""
    return generate_password_hash(password)


def normalise_email(email: str) -> str:
    """E-mail addresses compare case-insensitively and without surrounding spaces."""
    return email.strip().lower()


def email_problem(email: str) -> str | None:
    """Why an address cannot be a sign-in name ("invalid_email"), or None; no DNS look-up, staff may be offline."""
    try:
        validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError:
        return "invalid_email"
    return None


def staff_by_email(email: str) -> StaffUser | None:
    """The account with this e-mail address, if any."""
    return db.session.scalar(select(StaffUser).where(func.lower(StaffUser.email) == normalise_email(email)))


def authenticate(email: str, password: str) -> StaffUser | None:
    """The active account whose password matches; None otherwise, taking the same time either way."""
    user = staff_by_email(email)
    stored_hash = user.password_hash if user is not None else None
    active = user is not None and user.is_active_account
    # scrypt takes ~150 ms: the look-up's transaction (a write transaction in a POST) ends first, and the
    # caller's write (the session row) starts a new, short one
    end_read_transaction()
    if not stored_hash:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(stored_hash, password) or not active:
        return None
    return user


def _checked_hash(user: StaffUser, password: str) -> str:
    """The new password's hash after checking the policy; raises AccountError.

    The scrypt hash must not run inside a write transaction (SQLite's write lock): callers end theirs first.
    """
    problem = password_problem(password, user.email)
    if problem:
        raise AccountError(problem)
    return hash_password(password)


def set_password(user: StaffUser, password: str) -> None:
    """Replace the password after checking the policy (not committed); raises AccountError.

    Every link still open for the account stops working: a reset link an admin made last week must not
    outlive the password its owner has chosen since.
    """
    user.password_hash = _checked_hash(user, password)
    revoke_links(user)


def revoke_links(user: StaffUser, keep: "AccountToken | None" = None) -> None:
    """Delete the account's unused one-time links (all but ``keep``); not committed."""
    if user.id is None:
        return  # a new account has no links yet
    query = delete(AccountToken).where(AccountToken.staff_id == user.id, AccountToken.used_at.is_(None))
    if keep is not None:
        query = query.where(AccountToken.id != keep.id)
    db.session.execute(query)


def change_password(user: StaffUser, current: str, new: str) -> None:
    """Change one's own password, proving the current one first (not committed)."""
    stored_hash = user.password_hash or _DUMMY_HASH
    end_read_transaction()  # two scrypt runs follow: no write lock held meanwhile
    if not check_password_hash(stored_hash, current):
        raise AccountError("wrong_password")
    set_password(user, new)


def create_staff(email: str, full_name: str, password: str | None = None, ward: Ward | None = None,
                 roles: tuple[str, ...] = (), province_admin: bool = False) -> StaffUser:
    """Create an account (not committed), optionally with a password and roles in one ward."""
    if email_problem(email):
        raise AccountError("invalid_email")
    user = StaffUser(email=normalise_email(email), full_name=full_name.strip(), is_province_admin=province_admin)
    if password is not None:
        set_password(user, password)  # hashed before the look-up below opens a (write) transaction
    if staff_by_email(email) is not None:
        raise AccountError("email_taken")
    db.session.add(user)
    if ward is not None:
        for role in roles:
            if role not in ROLES:
                raise AccountError("unknown_role")
            user.memberships.append(WardMembership(ward=ward, role=role))
    return user


def ward_staff(ward: Ward) -> list[StaffUser]:
    """Everybody holding a role in the ward, by name."""
    query = (select(StaffUser).join(WardMembership).where(WardMembership.ward_id == ward.id)
             .distinct().order_by(StaffUser.full_name))
    return list(db.session.scalars(query))


def ward_member(ward: Ward, staff_id: int) -> StaffUser | None:
    """A staff member of this ward by id; None for anybody outside it."""
    user = db.session.get(StaffUser, staff_id)
    if user is None or not user.roles_in(ward.id):
        return None
    return user


def set_roles(ward: Ward, user: StaffUser, roles: set[str], now: datetime | None = None) -> None:
    """Give ``user`` exactly ``roles`` in ``ward`` (not committed); the ward always keeps one admin.

    Taking a role away ends the person's sessions, so a page opened with the old role stops working at once.
    """
    if not roles or not roles <= set(ROLES):
        raise AccountError("unknown_role")
    if "admin" not in roles and "admin" in user.roles_in(ward.id):
        admins = db.session.scalar(select(func.count()).select_from(WardMembership).where(
            WardMembership.ward_id == ward.id, WardMembership.role == "admin"))
        if admins <= 1:
            raise AccountError("last_admin")
    removed = [m for m in user.memberships if m.ward_id == ward.id and m.role not in roles]
    for membership in removed:
        user.memberships.remove(membership)
    if removed and user.id is not None:
        staff_sessions.end_all_sessions(user, now or now_utc())
    for role in roles - user.roles_in(ward.id):
        user.memberships.append(WardMembership(ward=ward, role=role))


def _token_hash(token: str) -> str:
    """Tokens are 256 random bits, so a fast hash is as good as a slow one here."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: StaffUser, purpose: str, created_by: StaffUser | None, now: datetime,
                emailed: bool = False) -> str:
    """A new one-time link token (invite, reset or confirm); every earlier unused link of the account stops
    working, so an account has one live link at most.

    ``emailed``: the caller sends it only to the account's address and shows it to nobody, so following it
    proves control of the address (see ``redeem_token``).
    """
    revoke_links(user)
    token = secrets.token_urlsafe(32)
    lifetime = INVITE_LIFETIME if purpose == "invite" else RESET_LIFETIME
    db.session.add(AccountToken(staff=user, purpose=purpose, token_hash=_token_hash(token), created_at=now,
                                expires_at=now + lifetime, created_by_id=created_by.id if created_by else None,
                                emailed=emailed))
    return token


def find_token(token: str, now: datetime) -> AccountToken | None:
    """The unused, unexpired token record for this raw token, or None."""
    record = db.session.scalar(select(AccountToken).where(AccountToken.token_hash == _token_hash(token)))
    if record is None or record.used_at is not None or as_utc(record.expires_at) <= now:
        return None
    return record


def redeem_token(token: str, password: str, now: datetime, full_name: str | None = None) -> tuple[StaffUser, bool]:
    """Set the password through a one-time link and spend the link (not committed).

    Returns the account and whether its two-step sign-in was turned off: a link that went only to the
    address proves its owner (``prove_email``), and whoever set the account up before may hold its
    authenticator.
    """
    record = find_token(token, now)
    if record is None:
        raise AccountError("bad_token")
    user = record.staff
    end_read_transaction()  # the hash below holds no write lock; the link is looked at again after it
    new_hash = _checked_hash(user, password)
    # the hash was made between transactions: look again, under the write lock, that the link is still open
    record = find_token(token, now)
    if record is None:
        raise AccountError("bad_token")
    user.password_hash = new_hash
    if full_name:
        user.full_name = full_name.strip()
    record.used_at = now
    revoke_links(user, keep=record)
    if record.emailed:
        two_step_dropped = prove_email(user, now)
    else:  # whoever was shown the link knows the password now: the address is no longer proved
        user.email_verified_at, two_step_dropped = None, False
    staff_sessions.end_all_sessions(user, now)
    return user, two_step_dropped


def prove_email(user: StaffUser, now: datetime) -> bool:
    """Record that the owner of the address holds the account (not committed); True if two-step was turned off.

    The first proof hands the account to the address's owner: a two-step seed set up before it may be in
    the hands of whoever saw the invitation link, so it goes, with its recovery codes.
    """
    dropped = user.email_verified_at is None and bool(user.totp_secret)
    if dropped:
        _drop_two_step(user)
    user.email_verified_at = now
    return dropped


def invite_staff(ward: Ward, email: str, full_name: str, roles: set[str], invited_by: StaffUser,
                 now: datetime, link_emailed: bool = False) -> tuple[StaffUser, str | None, bool]:
    """Add a person to the ward (not committed); return the account, an invitation token, and whether it waits.

    A new account gets its roles and a one-time link to choose a password (``link_emailed``: see
    ``issue_token``). An existing account belongs to its owner: a ward admin only *offers* the roles, and
    nothing changes until the owner accepts after signing in (``waits`` is True). A province administrator
    adds existing accounts directly.
    """
    if not roles or not roles <= set(ROLES):
        raise AccountError("unknown_role")
    user = staff_by_email(email)
    if user is None:
        user = create_staff(email, full_name)
        db.session.flush()
        set_roles(ward, user, roles)
        return user, issue_token(user, "invite", invited_by, now, emailed=link_emailed), False
    if user.roles_in(ward.id):
        raise AccountError("already_member")
    if invited_by.is_province_admin:
        set_roles(ward, user, roles)
        return user, None, False
    offer = db.session.scalar(select(MembershipOffer).where(MembershipOffer.ward_id == ward.id,
                                                            MembershipOffer.staff_id == user.id))
    if offer is None:
        offer = MembershipOffer(ward_id=ward.id, staff_id=user.id)
        db.session.add(offer)
    offer.roles, offer.offered_by_id = sorted(roles), invited_by.id
    offer.created_at, offer.expires_at = now, now + OFFER_LIFETIME
    return user, None, True


def pending_offers(user: StaffUser, now: datetime) -> list[MembershipOffer]:
    """The roles other wards have offered this account and it has not answered, oldest first."""
    offers = db.session.scalars(select(MembershipOffer).where(MembershipOffer.staff_id == user.id)
                                .order_by(MembershipOffer.created_at))
    return [offer for offer in offers if as_utc(offer.expires_at) > now]


def ward_offers(ward: Ward, now: datetime) -> list[MembershipOffer]:
    """Offers this ward made that their owners have not answered yet."""
    offers = db.session.scalars(select(MembershipOffer).where(MembershipOffer.ward_id == ward.id)
                                .order_by(MembershipOffer.created_at))
    return [offer for offer in offers if as_utc(offer.expires_at) > now]


def answer_offer(user: StaffUser, offer_id: int, accept: bool, now: datetime) -> MembershipOffer:
    """The account's owner accepts (roles granted) or declines an offer; either way it is spent (not committed).

    Accepting needs an account that proved its e-mail address: otherwise an admin of one ward could make
    the account of a future hire of another ward, keep it, and receive that ward's desk with the offer.
    """
    offer = db.session.get(MembershipOffer, offer_id)
    if offer is None or offer.staff_id != user.id or as_utc(offer.expires_at) <= now:
        raise AccountError("bad_offer")
    if accept and user.email_verified_at is None:
        raise AccountError("email_unproven")
    if accept:
        roles = set(offer.roles) & set(ROLES)
        if not roles:
            raise AccountError("unknown_role")
        set_roles(offer.ward, user, user.roles_in(offer.ward_id) | roles, now)
    db.session.delete(offer)
    return offer


def may_manage_account(actor: StaffUser, member: StaffUser) -> bool:
    """Whether ``actor`` may reset ``member``'s password or two-step sign-in.

    Only when every ward ``member`` works for is one ``actor`` administers (province administrators may
    always): otherwise an admin of one ward could take over an account that reads another ward's dossiers.
    A province administrator's account is managed only by province administrators.
    """
    if actor.is_province_admin:
        return True
    if member.is_province_admin or not member.memberships:
        return False
    administered = {m.ward_id for m in actor.memberships if m.role == "admin"}
    return all(m.ward_id in administered for m in member.memberships)


def reset_two_step(member: StaffUser, now: datetime) -> None:
    """An admin turns off a member's two-step sign-in (lost phone); the member sets it up again at next
    sign-in when it is required. Every session of the member ends (not committed)."""
    _drop_two_step(member)
    staff_sessions.end_all_sessions(member, now)


def _drop_two_step(member: StaffUser) -> None:
    """The seed, its recovery codes and its replay record go (not committed)."""
    member.totp_secret = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.staff_id == member.id))
    db.session.execute(delete(TotpUse).where(TotpUse.staff_id == member.id))


def unit_code_taken(unit_code: str, except_ward_id: int | None = None) -> bool:
    """Whether another ward of the install uses this unit code (any letter case): dossier codes would collide."""
    query = select(Ward.id).where(func.upper(Ward.unit_code) == unit_code.strip().upper())
    if except_ward_id is not None:
        query = query.where(Ward.id != except_ward_id)
    return db.session.scalar(query.limit(1)) is not None


def create_ward_with_admin(slug: str, name: str, unit_code: str, province: str, admin_email: str,
                           admin_name: str, created_by: StaffUser, now: datetime,
                           link_emailed: bool = False) -> tuple[Ward, StaffUser, str | None]:
    """A province administrator's new ward and its first admin, invited by one-time link (not committed)."""
    if db.session.scalar(select(Ward.id).where(Ward.slug == slug)) is not None:
        raise AccountError("slug_taken")
    if unit_code_taken(unit_code):
        raise AccountError("unit_code_taken")
    ward = Ward(slug=slug, name=name.strip(), unit_code=unit_code.strip(), province=province.strip())
    db.session.add(ward)
    db.session.flush()
    user, token, _waits = invite_staff(ward, admin_email, admin_name, {"admin"}, created_by, now,
                                       link_emailed=link_emailed)
    return ward, user, token


def new_totp_secret() -> str:
    """A fresh base32 secret for an authenticator app."""
    return pyotp.random_base32()


def totp_uri(user: StaffUser, secret: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step (±1 for clock drift) whose code equals ``code``."""
    code = code.strip().replace(" ", "")
    if not (code.isascii() and code.isdigit() and len(code) == 6):  # compare_digest refuses non-ASCII ('²')
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def verify_totp(user: StaffUser, code: str, now: datetime, secret: str | None = None) -> bool:
    """Check a code from the app; each code works once (replay refused). Records the step, not committed.

    ``secret`` is a seed in clear (being set up); without it the account's sealed seed is opened, and a
    key that cannot open it raises totp_seeds.TotpKeyError.
    """
    secret = secret or (totp_seeds.unseal(user.totp_secret) if user.totp_secret else None)
    step = _matching_step(secret, code, now) if secret else None
    if step is None:
        return False
    used = db.session.get(TotpUse, user.id)
    if used is not None and step <= used.last_step:
        return False
    if used is None:
        db.session.add(TotpUse(staff_id=user.id, last_step=step))
    else:
        used.last_step = step
    return True


def enable_totp(user: StaffUser, secret: str, code: str, now: datetime) -> list[str]:
    """Turn on two-step sign-in once the app shows a correct code; return new recovery codes (not committed)."""
    if not verify_totp(user, code, now, secret=secret):
        raise AccountError("bad_code")
    user.totp_secret = totp_seeds.seal(secret)
    return new_recovery_codes(user)


def may_see_personal_data(user: StaffUser, ward: Ward) -> bool:
    """The one rule for residents' personal data (applicants' and reporters' names, phones, e-mails, ID numbers,
    scans and photos, payers): a role in the ward (or province admin), and two-step sign-in on when the ward
    requires it, whatever the role. Sessions of an account with two-step on passed it: sign-in asks for the
    code, and turning it on or an admin's reset restarts or ends every session."""
    holds_role = user.is_province_admin or bool(user.roles_in(ward.id))
    return holds_role and (bool(user.totp_secret) or not ward.require_two_step)


def two_step_required(user: StaffUser) -> bool:
    """Admins (of a ward or the province) always need two-step sign-in; so does anyone holding a role that
    sees residents' personal data in a ward that requires it."""
    return user.is_province_admin or any(
        m.role == "admin" or (m.role in PERSONAL_DATA_ROLES and m.ward.require_two_step) for m in user.memberships)


def disable_totp(user: StaffUser) -> None:
    """Turn two-step sign-in off (not for those who must keep it) and drop the recovery codes."""
    if two_step_required(user):
        raise AccountError("totp_required")
    user.totp_secret = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.staff_id == user.id))


def new_recovery_codes(user: StaffUser) -> list[str]:
    """Replace the recovery codes with fresh ones, returned once in clear (not committed)."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.staff_id == user.id))
    raw = [secrets.token_hex(5) for _ in range(RECOVERY_CODE_COUNT)]
    for code in raw:
        db.session.add(RecoveryCode(staff_id=user.id, code_hash=_token_hash(code)))
    return [f"{code[:5]}-{code[5:]}" for code in raw]


def use_recovery_code(user: StaffUser, code: str, now: datetime) -> bool:
    """Spend one recovery code in place of a TOTP code (not committed)."""
    digest = _token_hash(code.strip().lower().replace("-", "").replace(" ", ""))
    record = db.session.scalar(select(RecoveryCode).where(RecoveryCode.staff_id == user.id,
                                                         RecoveryCode.code_hash == digest,
                                                         RecoveryCode.used_at.is_(None)))
    if record is None:
        return False
    record.used_at = now
    return True


def recovery_codes_left(user: StaffUser) -> int:
    """How many unused recovery codes the account still has."""
    return db.session.scalar(select(func.count()).select_from(RecoveryCode).where(
        RecoveryCode.staff_id == user.id, RecoveryCode.used_at.is_(None)))
