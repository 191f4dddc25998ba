"""residents signed in with their national identity (OpenID Connect): accounts, sessions, drafts; verified
applicant details on the dossier

Revision ID: 0124
Revises: 0123
Create Date: 2027-02-01 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0124"
down_revision = "0123"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "resident",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("subject_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("citizen_id", sa.String(12), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("address", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed_in_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_resident_citizen_id", "resident", ["citizen_id"])
    op.create_table(
        "resident_session",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("resident_id", sa.Integer(), sa.ForeignKey("resident.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id_token", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_resident_session_resident_id", "resident_session", ["resident_id"])
    op.create_table(
        "resident_draft",
        sa.Column("draft_id", sa.Integer(), sa.ForeignKey("application_draft.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("resident_id", sa.Integer(), sa.ForeignKey("resident.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("ix_resident_draft_resident_id", "resident_draft", ["resident_id"])
    op.create_table(
        "resident_feedback",
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("feedback_report.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("resident_id", sa.Integer(), sa.ForeignKey("resident.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("ix_resident_feedback_resident_id", "resident_feedback", ["resident_id"])
    with op.batch_alter_table("dossier") as batch:
        batch.add_column(sa.Column("applicant_verified", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("dossier") as batch:
        batch.drop_column("applicant_verified")
    op.drop_table("resident_feedback")
    op.drop_table("resident_draft")
    op.drop_table("resident_session")
    op.drop_table("resident")
