"""abuse limits: phone-check failures per dossier, slips issued once, uploads counted per address

Revision ID: 0102
Revises: 0006
Create Date: 2026-12-01 12:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0102"
down_revision = "0103"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone_failures", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("phone_failures_since", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("phone_locked_until", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("dossier_file", schema=None) as batch_op:
        batch_op.add_column(sa.Column("event_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_dossier_file_event_id_dossier_event"), "dossier_event",
                                    ["event_id"], ["id"], ondelete="SET NULL")
        batch_op.create_unique_constraint(batch_op.f("uq_dossier_file_event_id"), ["event_id"])
    with op.batch_alter_table("application_draft", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_hash", sa.String(length=64), server_default="", nullable=False))
        batch_op.create_index(batch_op.f("ix_application_draft_client_hash"), ["client_hash"], unique=False)


def downgrade():
    with op.batch_alter_table("application_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_draft_client_hash"))
        batch_op.drop_column("client_hash")
    with op.batch_alter_table("dossier_file", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_dossier_file_event_id"), type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_dossier_file_event_id_dossier_event"), type_="foreignkey")
        batch_op.drop_column("event_id")
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_column("phone_locked_until")
        batch_op.drop_column("phone_failures_since")
        batch_op.drop_column("phone_failures")
