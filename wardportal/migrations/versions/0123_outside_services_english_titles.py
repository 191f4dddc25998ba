"""services another agency handles (answered first by search), guides' English titles, outside-service counts

Revision ID: 0123
Revises: 0122
Create Date: 2026-12-08 02:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0123"
down_revision = "0122"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outside_service",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ward_id", sa.Integer(), sa.ForeignKey("ward.id", ondelete="CASCADE"), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("title_en", sa.String(length=300), nullable=False),
        sa.Column("handled_by", sa.String(length=300), nullable=False),
        sa.Column("where", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.UniqueConstraint("ward_id", "code", name="uq_outside_service_ward_code"),
    )
    op.create_index("ix_outside_service_ward_id", "outside_service", ["ward_id"])
    with op.batch_alter_table("procedure") as batch:
        batch.add_column(sa.Column("title_en", sa.String(length=300), nullable=False, server_default=""))
        batch.add_column(sa.Column("keywords_en", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("search_query_day") as batch:
        batch.add_column(sa.Column("outside", sa.Integer(), nullable=False, server_default="0"))


def downgrade():
    with op.batch_alter_table("search_query_day") as batch:
        batch.drop_column("outside")
    with op.batch_alter_table("procedure") as batch:
        batch.drop_column("keywords_en")
        batch.drop_column("title_en")
    op.drop_index("ix_outside_service_ward_id", table_name="outside_service")
    op.drop_table("outside_service")
