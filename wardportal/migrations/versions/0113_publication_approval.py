"""documents signed for publication through the leaders' approval flow

Revision ID: 0113
Revises: 0104
"""
from alembic import op
import sqlalchemy as sa


revision = "0113"
down_revision = "0104"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("publication", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signed_by_id", sa.Integer(), nullable=True))
        # existing rows get an empty reason; the model writes "" itself from then on
        batch_op.add_column(sa.Column("return_reason", sa.Text(), nullable=False, server_default=""))
        batch_op.create_foreign_key(batch_op.f("fk_publication_signed_by_id_staff_user"), "staff_user",
                                    ["signed_by_id"], ["id"], ondelete="SET NULL")


def downgrade():
    with op.batch_alter_table("publication", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_publication_signed_by_id_staff_user"), type_="foreignkey")
        batch_op.drop_column("return_reason")
        batch_op.drop_column("signed_by_id")
