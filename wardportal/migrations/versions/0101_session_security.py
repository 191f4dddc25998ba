"""server-side staff sessions, membership offers, a ward's two-step requirement

Revision ID: 0101
Revises: 0006
Create Date: 2026-12-01 12:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0101"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "staff_session",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_user.id"], name=op.f("fk_staff_session_staff_id_staff_user"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_staff_session")),
    )
    with op.batch_alter_table("staff_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_session_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "membership_offer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("offered_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["ward_id"], ["ward.id"], name=op.f("fk_membership_offer_ward_id_ward"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_user.id"],
                                name=op.f("fk_membership_offer_staff_id_staff_user"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["offered_by_id"], ["staff_user.id"],
                                name=op.f("fk_membership_offer_offered_by_id_staff_user"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership_offer")),
        sa.UniqueConstraint("ward_id", "staff_id", name="uq_membership_offer_ward_staff"),
    )
    with op.batch_alter_table("membership_offer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_membership_offer_ward_id"), ["ward_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_membership_offer_staff_id"), ["staff_id"], unique=False)

    with op.batch_alter_table("ward", schema=None) as batch_op:
        batch_op.add_column(sa.Column("require_two_step", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("ward", schema=None) as batch_op:
        batch_op.drop_column("require_two_step")
    with op.batch_alter_table("membership_offer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_offer_staff_id"))
        batch_op.drop_index(batch_op.f("ix_membership_offer_ward_id"))
    op.drop_table("membership_offer")
    with op.batch_alter_table("staff_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_session_staff_id"))
    op.drop_table("staff_session")
