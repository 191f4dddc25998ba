"""news pictures and feedback photos record their size and SHA-256, so check-storage can verify them

Revision ID: 0117
Revises: 0111
Create Date: 2026-12-03 10:00:00

Rows stored before keep an empty hash: check-storage then checks only that the file is there.
"""
import sqlalchemy as sa
from alembic import op

revision = "0117"
down_revision = "0111"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("publication", schema=None) as batch_op:
        batch_op.add_column(sa.Column("image_size", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("image_sha256", sa.String(length=64), server_default="", nullable=False))
    with op.batch_alter_table("feedback_report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("photo_size", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("photo_sha256", sa.String(length=64), server_default="", nullable=False))


def downgrade():
    with op.batch_alter_table("feedback_report", schema=None) as batch_op:
        batch_op.drop_column("photo_sha256")
        batch_op.drop_column("photo_size")
    with op.batch_alter_table("publication", schema=None) as batch_op:
        batch_op.drop_column("image_sha256")
        batch_op.drop_column("image_size")
