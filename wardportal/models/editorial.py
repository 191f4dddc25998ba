"""Editorial history and account security: procedure revisions, the audit log, one-time links, 2FA."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .columns import RevisionColumns, utcnow


class ProcedureRevision(RevisionColumns, db.Model):
    """A saved state of a procedure guide: who saved it, when, which fields changed, and the full snapshot."""

    __tablename__ = "procedure_revision"
    __table_args__ = (UniqueConstraint("procedure_id", "number", name="uq_procedure_revision_number"),)

    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"), index=True)
    # actions: saved, published, unpublished, restored, draft_saved, …

    procedure = relationship("Procedure")


class ProcedureDraft(db.Model):
    """Unpublished changes to a guide, kept apart so the public page and the index show only what is public.

    One per guide. ``content`` holds the guide's fields and documents as the editor left them;
    ``scheduled_for`` is the effective date when an editor published it for a later day. Any server applies
    a due draft (on a request or from ``flask apply-scheduled``), so no in-process timer is needed.
    """

    __tablename__ = "procedure_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"), unique=True)
    content: Mapped[dict] = mapped_column(JSON)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"), nullable=True)
    author_name: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    scheduled_for: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    scheduled_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"),
                                                        nullable=True)
    scheduled_by_name: Mapped[str] = mapped_column(String(200), default="")

    procedure = relationship("Procedure")


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
    # invite or reset
    purpose: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"),
                                                      nullable=True)

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


__all__ = ["AccountToken", "AuditEntry", "ProcedureDraft", "ProcedureRevision", "RecoveryCode", "TotpUse"]
