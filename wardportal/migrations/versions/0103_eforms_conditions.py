"""conditional documents, application questions, e-forms and the ward's daily cut-off time

Revision ID: 0103
Revises: 0006
Create Date: 2026-12-01 12:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0103"
down_revision = "0108"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("procedure") as batch:
        batch.add_column(sa.Column("questions", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch.add_column(sa.Column("eform", sa.JSON(), nullable=True))
    with op.batch_alter_table("required_document") as batch:
        batch.add_column(sa.Column("condition", sa.String(length=80), nullable=False, server_default=""))
        batch.add_column(sa.Column("optional", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("ward") as batch:
        batch.add_column(sa.Column("cutoff_time", sa.Time(), nullable=False,
                                   server_default=sa.text("'15:00:00'")))


def downgrade():
    with op.batch_alter_table("ward") as batch:
        batch.drop_column("cutoff_time")
    with op.batch_alter_table("required_document") as batch:
        batch.drop_column("optional")
        batch.drop_column("condition")
    with op.batch_alter_table("procedure") as batch:
        batch.drop_column("eform")
        batch.drop_column("questions")
