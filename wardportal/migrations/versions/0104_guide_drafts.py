"""guide drafts: unpublished changes to a published guide, and scheduled publication

Revision ID: 0104
Revises: 0006
Create Date: 2026-12-01 12:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0104"
down_revision = "0110"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "procedure_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scheduled_for", sa.Date(), nullable=True),
        sa.Column("scheduled_by_id", sa.Integer(), nullable=True),
        sa.Column("scheduled_by_name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["procedure_id"], ["procedure.id"],
                                name=op.f("fk_procedure_draft_procedure_id_procedure"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["staff_user.id"],
                                name=op.f("fk_procedure_draft_author_id_staff_user"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["scheduled_by_id"], ["staff_user.id"],
                                name=op.f("fk_procedure_draft_scheduled_by_id_staff_user"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure_draft")),
        sa.UniqueConstraint("procedure_id", name=op.f("uq_procedure_draft_procedure_id")),
    )
    with op.batch_alter_table("procedure_draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_procedure_draft_scheduled_for"), ["scheduled_for"], unique=False)


def downgrade():
    with op.batch_alter_table("procedure_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_procedure_draft_scheduled_for"))
    op.drop_table("procedure_draft")
