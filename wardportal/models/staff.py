"""Staff accounts and their roles in wards."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, String, UniqueConstraint
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
