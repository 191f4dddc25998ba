"""Tables of the approval and signing area: result drafts, leaders' signing profiles, ward seals, the
signature checks of citizens' signed uploads, and the register of outgoing document numbers."""

from datetime import date, datetime
from sqlalchemy import (Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint,
    false as sa_false)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wardportal.kernel.columns import utcnow
from wardportal.kernel.extensions import db

DRAFT_PENDING, DRAFT_RETURNED, DRAFT_APPROVED, DRAFT_SUPERSEDED = "pending", "returned", "approved", "superseded"


class ResultDraft(db.Model):
    """A result an officer drafted and sent to the ward's leaders for approval (dự thảo kết quả)."""

    __tablename__ = "result_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), index=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"),
                                                   nullable=True)
    # The unsigned PDF (a DossierFile of kind "draft") and its hash when it was sent: approval signs
    # exactly these bytes or nothing.
    file_id: Mapped[int | None] = mapped_column(ForeignKey("dossier_file.id", ondelete="SET NULL"),
                                                nullable=True)
    sha256: Mapped[str] = mapped_column(String(64))
    # upload | template
    origin: Mapped[str] = mapped_column(String(10), default="upload")
    # pending | returned | approved | superseded
    status: Mapped[str] = mapped_column(String(12), default=DRAFT_PENDING, index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"),
                                                      nullable=True)
    return_reason: Mapped[str] = mapped_column(Text, default="")
    signed_file_id: Mapped[int | None] = mapped_column(ForeignKey("dossier_file.id", ondelete="SET NULL"),
                                                       nullable=True)

    dossier = relationship("Dossier")
    officer = relationship("StaffUser", foreign_keys=[officer_id])
    decided_by = relationship("StaffUser", foreign_keys=[decided_by_id])
    file = relationship("DossierFile", foreign_keys=[file_id])
    signed_file = relationship("DossierFile", foreign_keys=[signed_file_id])


class LeaderProfile(db.Model):
    """How a leader signs for a ward: their title, their token's label and their handwritten signature."""

    __tablename__ = "leader_profile"
    __table_args__ = (UniqueConstraint("staff_id", "ward_id", name="uq_leader_profile"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), index=True)
    # e.g. "CHỦ TỊCH" or "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", printed above the signature image
    title: Mapped[str] = mapped_column(String(200), default="")
    # Which token and key on it (never the PIN: that is typed for each signature and then forgotten).
    token_label: Mapped[str] = mapped_column(String(100), default="")
    key_label: Mapped[str] = mapped_column(String(100), default="")
    # Transparent PNG of the handwritten signature, checked and re-encoded on upload.
    signature_png: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    staff = relationship("StaffUser")


class WardSeal(db.Model):
    """The image of a ward's red seal (transparent PNG), laid over the leader's signature."""

    __tablename__ = "ward_seal"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), unique=True)
    seal_png: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FileSignatureCheck(db.Model):
    """What the signature of a citizen's signed PDF said when checked against the trust list."""

    __tablename__ = "file_signature_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("dossier_file.id", ondelete="CASCADE"), unique=True)
    # unsigned | intact | modified | untrusted | invalid
    state: Mapped[str] = mapped_column(String(12))
    signer_name: Mapped[str] = mapped_column(String(300), default="")
    issuer_name: Mapped[str] = mapped_column(String(300), default="")
    signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # One of the valid signatures is the applicant's own (citizen ID, else name, in the certificate's subject).
    by_applicant: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # Fingerprint of the trust list and revocation lists used: a changed list means checking again.
    trust_digest: Mapped[str] = mapped_column(String(64), default="")
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SignedFormRequirement(db.Model):
    """A procedure whose declaration form (one of its required documents) must carry the applicant's
    own valid digital signature."""

    __tablename__ = "signed_form_requirement"
    __table_args__ = (UniqueConstraint("procedure_id", "document_index", name="uq_signed_form_requirement"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"), index=True)
    # Index into the procedure's documents, as kept in the dossier's procedure_snapshot.
    document_index: Mapped[int] = mapped_column(default=0)


class OutgoingNumberCounter(db.Model):
    """The last outgoing document number a ward gave a document type in a year (the 12 of "12/QĐ-UBND")."""

    __tablename__ = "outgoing_number_counter"

    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    # the type's Decree 30 abbreviation ("QĐ", "GXN"; "" for an official letter), see outgoing_numbers
    doc_type: Mapped[str] = mapped_column(String(10), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class OutgoingNumber(db.Model):
    """One line of the register of outgoing documents (sổ đăng ký văn bản đi): a number given to a
    dossier's result, once, with the day it was given (printed as the document's date)."""

    __tablename__ = "outgoing_number"
    __table_args__ = (UniqueConstraint("ward_id", "year", "doc_type", "number", name="uq_outgoing_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    doc_type: Mapped[str] = mapped_column(String(10))
    number: Mapped[int] = mapped_column(Integer)
    # a dossier's result has one number, kept when its draft is made again after a leader returns it; the
    # line outlives a purged dossier (the number stays used)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id", ondelete="SET NULL"), unique=True,
                                                   nullable=True)
    issued_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SigningCertificate(db.Model):
    """A leader's signing certificate enrolled in a ward (public part only): the only certificates the
    leader may sign results and documents with there, once a ward admin has confirmed it."""

    __tablename__ = "signing_certificate"
    __table_args__ = (UniqueConstraint("ward_id", "staff_id", "fingerprint", name="uq_signing_certificate"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), index=True)
    certificate_der: Mapped[bytes] = mapped_column(LargeBinary)
    # SHA-256 of the DER, hex: how a signature's certificate is matched to the enrolment
    fingerprint: Mapped[str] = mapped_column(String(64))
    common_name: Mapped[str] = mapped_column(String(300), default="")
    citizen_id: Mapped[str] = mapped_column(String(20), default="")
    issuer: Mapped[str] = mapped_column(String(500), default="")
    not_before: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    not_after: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    enrolled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"),
                                                        nullable=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # a ward admin's refusal (with why), or the leader taking it back: either way it no longer counts
    refused_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"),
                                                      nullable=True)
    refused_reason: Mapped[str] = mapped_column(String(500), default="")
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    staff = relationship("StaffUser", foreign_keys=[staff_id])
    confirmed_by = relationship("StaffUser", foreign_keys=[confirmed_by_id])
    refused_by = relationship("StaffUser", foreign_keys=[refused_by_id])

    @property
    def state(self) -> str:
        """pending | confirmed | refused | withdrawn"""
        if self.withdrawn_at is not None:
            return "refused" if self.refused_by_id is not None else "withdrawn"
        return "confirmed" if self.confirmed_at is not None else "pending"
