"""blank forms added to or removed from a published guide wait for its draft

Revision ID: 0114
Revises: 0113
Create Date: 2026-12-01 13:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0114"
down_revision = "0113"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("form_template", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pending", sa.String(length=10), server_default="public", nullable=False))


def downgrade():
    with op.batch_alter_table("form_template", schema=None) as batch_op:
        batch_op.drop_column("pending")
