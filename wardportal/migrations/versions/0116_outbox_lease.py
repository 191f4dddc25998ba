"""outbox messages: a worker's lease, an idempotency key, and staff drops

Revision ID: 0116
Revises: 0117
Create Date: 2026-12-02 10:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0116"
down_revision = "0117"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("idempotency_key", sa.String(length=64), server_default="", nullable=False))
        batch_op.add_column(sa.Column("lease_token", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("dropped_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("drop_reason", sa.String(length=300), server_default="", nullable=False))
    # Messages queued before this revision get a key of their own too (new ones get a random one).
    op.execute("UPDATE outbox_message SET idempotency_key = 'outbox-' || id WHERE idempotency_key = ''")


def downgrade():
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("drop_reason")
        batch_op.drop_column("dropped_at")
        batch_op.drop_column("lease_until")
        batch_op.drop_column("lease_token")
        batch_op.drop_column("idempotency_key")
