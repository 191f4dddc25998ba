"""Staff accounts and their roles in wards."""

from datetime import datetime, time
from flask_login import UserMixin
from markupsafe import Markup
from sqlalchemy import (Boolean, DateTime, ForeignKey, Integer, JSON, String, Text, Time, UniqueConstraint,
    inspect, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wardportal.kernel.columns import utcnow
from wardportal.kernel.extensions import db
from wardportal.kernel.markdown_text import render_markdown

ROLES = ("admin", "editor", "officer", "leader")


class StaffUser(UserMixin, db.Model):
    """A person who signs in to work for one or more wards (or the whole province)."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40), default="")
    password_hash: Mapped[str] = mapped_column(String(300), default="")
    # The authenticator's seed, sealed (staff/totp_seeds.py: AES-GCM, 64 characters), never the base32 seed.
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # When the owner last followed a one-time link that went only to this address: until then the account
    # may have been made by someone who merely knew the address, and it cannot accept another ward's offer.
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    is_province_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    memberships = relationship("WardMembership", back_populates="staff", cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses sessions of deactivated accounts."""
        return self.is_active_account

    def roles_in(self, ward_id: int) -> set[str]:
        """The roles this person holds in the given ward."""
        return {m.role for m in self.memberships if m.ward_id == ward_id}


class WardMembership(db.Model):
    """A role (admin, editor, officer) a staff member holds in one ward."""

    __tablename__ = "ward_membership"
    __table_args__ = (UniqueConstraint("staff_id", "ward_id", "role", name="uq_membership"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))

    staff = relationship("StaffUser", back_populates="memberships")
    ward = relationship("Ward")


class StaffSession(db.Model):
    """One signed-in session, kept server-side so it can be ended at once (the cookie holds only its id).

    Only the SHA-256 of the random session id is stored: a copy of this table does not sign anyone in.
    A session is valid while ``ended_at`` is empty; sign-out, a password change, a two-step reset, a role
    removal and "sign out everywhere" set it.
    """

    __tablename__ = "staff_session"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class MembershipOffer(db.Model):
    """Roles a ward admin offered to an account that already exists; nothing changes until its owner accepts.

    Without this step an admin of one ward could add another ward's officer to their own ward, then reset
    that account's password and read the other ward's dossiers.
    """

    __tablename__ = "membership_offer"
    __table_args__ = (UniqueConstraint("ward_id", "staff_id", name="uq_membership_offer_ward_staff"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    roles: Mapped[list] = mapped_column(JSON, default=list)
    offered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"),
                                                      nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    ward = relationship("Ward")
    staff = relationship("StaffUser", foreign_keys=[staff_id])


class Ward(db.Model):
    """A ward (phường) or commune (xã) served by this install, addressed by its slug in URLs."""

    __tablename__ = "ward"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    # Prefix of dossier codes (UNITCODE-YYMMDD-NNNN); must not contain spaces. Unique across the install,
    # or two wards would hand out the same dossier codes.
    unit_code: Mapped[str] = mapped_column(String(40), unique=True)
    province: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    hours: Mapped[str] = mapped_column(String(300), default="")
    hotline: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    notice: Mapped[str] = mapped_column(Text, default="")
    # Every account holding a role that sees residents' personal data (desk roles) must use two-step sign-in.
    require_two_step: Mapped[bool] = mapped_column(Boolean, default=False)
    # Applications received after this local time count from the next working day (Decree 61/2018 practice).
    cutoff_time: Mapped[time] = mapped_column(Time, default=time(15, 0), server_default=text("'15:00:00'"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The notice's sanitised HTML, rendered when the notice is saved.
    notice_html: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Bumped in the same transaction as every change to what the ward's public pages show (page_cache):
    # each server compares it with the generation of its cached pages, so no server serves an old page.
    content_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    content_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    procedures = relationship("Procedure", back_populates="ward", lazy="dynamic")
    contacts = relationship("Contact", back_populates="ward", order_by="Contact.position",
                            cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Ward {self.slug}>"

    @property
    def notice_rendered(self) -> Markup:
        """The home page notice as sanitised HTML (stored at save; rendered now if never stored)."""
        if self.notice_html is None:
            return render_markdown(self.notice)
        return Markup(self.notice_html)


def store_notice_html(_mapper, _connection, ward: Ward) -> None:
    """Render the notice's Markdown once per save rather than on every home page view."""
    if ward.notice_html is None or inspect(ward).attrs["notice"].history.has_changes():
        ward.notice_html = str(render_markdown(ward.notice))


class AuditEntry(db.Model):
    """One change made by staff: who, what, when, from which address (never residents' personal data)."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    ward_id: Mapped[int | None] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), nullable=True,
                                                index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"), nullable=True)
    actor_email: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    ip_address: Mapped[str] = mapped_column(String(64), default="")


class AccountToken(db.Model):
    """A one-time link to accept an invitation or reset a password; only the token's hash is stored."""

    __tablename__ = "account_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    # invite, reset or confirm (the owner asked to prove the address; the link also sets the password)
    purpose: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"),
                                                      nullable=True)
    # Sent only to the account's e-mail address (never shown to whoever issued it): following it proves
    # control of the address.
    emailed: Mapped[bool] = mapped_column(Boolean, default=False)

    staff = relationship("StaffUser", foreign_keys=[staff_id])


class RecoveryCode(db.Model):
    """A single-use code that replaces the authenticator app once (hashed like a password)."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    # Codes are 40 random bits and sign-in is rate-limited, so a plain SHA-256 suffices; a slow KDF
    # would cost seconds per check, since every unused code must be tried.
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class TotpUse(db.Model):
    """The last accepted TOTP time step per account, so an observed code cannot be replayed."""

    __tablename__ = "totp_use"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True)
    last_step: Mapped[int] = mapped_column(Integer)


