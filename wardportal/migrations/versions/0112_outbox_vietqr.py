"""the VietQR string of a queued fee e-mail

Revision ID: 0112
Revises: 0105
Create Date: 2026-12-01 13:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0112"
down_revision = "0105"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("vietqr_payload", sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("vietqr_payload")
