"""leaders' enrolled signing certificates: the public part of each certificate a leader may sign with in a
ward, confirmed by a ward admin

Revision ID: 0122
Revises: 0121
Create Date: 2027-01-14 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0122"
down_revision = "0121"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "signing_certificate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("certificate_der", sa.LargeBinary(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("common_name", sa.String(length=300), nullable=False),
        sa.Column("citizen_id", sa.String(length=20), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("not_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("refused_by_id", sa.Integer(), nullable=True),
        sa.Column("refused_reason", sa.String(length=500), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["confirmed_by_id"], ["staff_user.id"],
                                name=op.f("fk_signing_certificate_confirmed_by_id_staff_user"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["refused_by_id"], ["staff_user.id"],
                                name=op.f("fk_signing_certificate_refused_by_id_staff_user"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_user.id"],
                                name=op.f("fk_signing_certificate_staff_id_staff_user"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["ward_id"], ["ward.id"], name=op.f("fk_signing_certificate_ward_id_ward"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_certificate")),
        sa.UniqueConstraint("ward_id", "staff_id", "fingerprint", name="uq_signing_certificate"),
    )
    op.create_index(op.f("ix_signing_certificate_staff_id"), "signing_certificate", ["staff_id"], unique=False)
    op.create_index(op.f("ix_signing_certificate_ward_id"), "signing_certificate", ["ward_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_signing_certificate_ward_id"), table_name="signing_certificate")
    op.drop_index(op.f("ix_signing_certificate_staff_id"), table_name="signing_certificate")
    op.drop_table("signing_certificate")
