"""Staff accounts and their roles in wards."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .columns import utcnow

ROLES = ("admin", "editor", "officer", "leader")


class StaffUser(UserMixin, db.Model):
    """A person who signs in to work for one or more wards (or the whole province)."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40), default="")
    password_hash: Mapped[str] = mapped_column(String(300), default="")
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)
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
