"""residents' feedback, API clients, processing working days and figure indexes

Revision ID: 0108
Revises: 0006
Create Date: 2026-12-01 12:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0108"
down_revision = "0109"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "feedback_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["ward_id"], ["ward.id"], name=op.f("fk_feedback_category_ward_id_ward"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_category")),
        sa.UniqueConstraint("ward_id", "code", name="uq_feedback_category_ward_code"),
    )
    with op.batch_alter_table("feedback_category", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_category_ward_id"), ["ward_id"], unique=False)
    op.create_table(
        "api_client",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("key_prefix", sa.String(length=12), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["ward_id"], ["ward.id"], name=op.f("fk_api_client_ward_id_ward"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_client")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_api_client_key_hash")),
    )
    with op.batch_alter_table("api_client", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_client_ward_id"), ["ward_id"], unique=False)
    op.create_table(
        "feedback_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("tracking_code", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("address_text", sa.String(length=300), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("reporter_name", sa.String(length=200), nullable=False),
        sa.Column("reporter_phone", sa.String(length=20), nullable=False),
        sa.Column("reporter_email", sa.String(length=200), nullable=False),
        sa.Column("photo_name", sa.String(length=200), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("api_client_id", sa.Integer(), nullable=True),
        sa.Column("assigned_to_id", sa.Integer(), nullable=True),
        sa.Column("public_answer", sa.Text(), nullable=False),
        sa.Column("internal_note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["ward_id"], ["ward.id"], name=op.f("fk_feedback_report_ward_id_ward"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["category_id"], ["feedback_category.id"],
                                name=op.f("fk_feedback_report_category_id_feedback_category"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["api_client_id"], ["api_client.id"],
                                name=op.f("fk_feedback_report_api_client_id_api_client"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["assigned_to_id"], ["staff_user.id"],
                                name=op.f("fk_feedback_report_assigned_to_id_staff_user"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_report")),
        sa.UniqueConstraint("tracking_code", name=op.f("uq_feedback_report_tracking_code")),
    )
    with op.batch_alter_table("feedback_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_report_ward_id"), ["ward_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_report_category_id"), ["category_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_report_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_report_created_at"), ["created_at"], unique=False)
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.add_column(sa.Column("processing_working_days", sa.Integer(), nullable=True))
        # Covering indexes for the figures (see models/dossier.py).
        batch_op.create_index("ix_dossier_ward_received", ["ward_id", "received_at", "status", "channel",
                                                           "procedure_id", "result_ready_at"], unique=False)
        batch_op.create_index("ix_dossier_ward_resolved", ["ward_id", "result_ready_at", "status", "due_date",
                                                           "processing_working_days", "rating", "procedure_id",
                                                           "received_at"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_ward_resolved")
        batch_op.drop_index("ix_dossier_ward_received")
        batch_op.drop_column("processing_working_days")
    with op.batch_alter_table("feedback_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_report_created_at"))
        batch_op.drop_index(batch_op.f("ix_feedback_report_status"))
        batch_op.drop_index(batch_op.f("ix_feedback_report_category_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_report_ward_id"))
    op.drop_table("feedback_report")
    with op.batch_alter_table("api_client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_client_ward_id"))
    op.drop_table("api_client")
    with op.batch_alter_table("feedback_category", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_category_ward_id"))
    op.drop_table("feedback_category")
