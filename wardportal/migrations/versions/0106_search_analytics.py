"""search analytics: daily counts per normalised query, and editors' search keywords on guides

Revision ID: 0106
Revises: 0006
Create Date: 2026-12-01 12:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0106"
down_revision = "0112"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_query_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("query", sa.String(length=120), nullable=False),
        sa.Column("searches", sa.Integer(), nullable=False),
        sa.Column("zero_results", sa.Integer(), nullable=False),
        sa.Column("clicks", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["ward_id"], ["ward.id"], name=op.f("fk_search_query_day_ward_id_ward"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_query_day")),
        sa.UniqueConstraint("ward_id", "day", "query", name="uq_search_query_day_ward_day_query"),
    )
    with op.batch_alter_table("search_query_day", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_query_day_ward_id"), ["ward_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_search_query_day_day"), ["day"], unique=False)
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_keywords", sa.Text(), server_default="", nullable=False))


def downgrade():
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.drop_column("search_keywords")
    with op.batch_alter_table("search_query_day", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_query_day_day"))
        batch_op.drop_index(batch_op.f("ix_search_query_day_ward_id"))
    op.drop_table("search_query_day")
