"""phone unlock codes: one-time codes that lift a dossier's phone-check lock

Revision ID: 0118
Revises: 0115
Create Date: 2026-12-03 09:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0118"
down_revision = "0115"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "phone_unlock_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("spent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], name=op.f("fk_phone_unlock_code_dossier_id_dossier"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phone_unlock_code")),
    )
    with op.batch_alter_table("phone_unlock_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_phone_unlock_code_dossier_id"), ["dossier_id"], unique=False)


def downgrade():
    with op.batch_alter_table("phone_unlock_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_phone_unlock_code_dossier_id"))
    op.drop_table("phone_unlock_code")
