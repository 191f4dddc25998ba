"""citizens' signed uploads: whether the applicant signed; every stored verdict is checked again

Revision ID: 0121
Revises: 0120
Create Date: 2027-01-20 10:00:00

The verdicts stored so far were made by the old check (no revocation, no whole-file rule, any trusted signer
taken as the applicant); clearing their trust digest makes the new policy redo each one when its dossier is
next shown.
"""
import sqlalchemy as sa
from alembic import op

revision = "0121"
down_revision = "0120"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("file_signature_check") as batch:
        batch.add_column(sa.Column("by_applicant", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute(sa.text("UPDATE file_signature_check SET trust_digest = ''"))


def downgrade():
    with op.batch_alter_table("file_signature_check") as batch:
        batch.drop_column("by_applicant")
