"""per-ward search synonyms

Revision ID: 0005
Revises: 0001
Create Date: 2026-11-23 11:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_synonym",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("phrase", sa.String(length=120), nullable=False),
        sa.Column("expansion", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["ward_id"], ["ward.id"], name=op.f("fk_search_synonym_ward_id_ward"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_synonym")),
        sa.UniqueConstraint("ward_id", "phrase", name="uq_search_synonym_ward_phrase"),
    )
    with op.batch_alter_table("search_synonym", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_synonym_ward_id"), ["ward_id"], unique=False)


def downgrade():
    with op.batch_alter_table("search_synonym", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_synonym_ward_id"))
    op.drop_table("search_synonym")
