"""register of outgoing document numbers: a yearly counter per ward and document type, and one line per
number given to a dossier's result ("Số: 12/QĐ-UBND", Decree 30/2020)

Revision ID: 0120
Revises: 0119
Create Date: 2027-01-12 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0120"
down_revision = "0119"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outgoing_number_counter",
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("doc_type", sa.String(length=10), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["ward_id"], ["ward.id"], name=op.f("fk_outgoing_number_counter_ward_id_ward"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("ward_id", "year", "doc_type", name=op.f("pk_outgoing_number_counter")),
    )
    op.create_table(
        "outgoing_number",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("doc_type", sa.String(length=10), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], name=op.f("fk_outgoing_number_dossier_id_dossier"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["ward_id"], ["ward.id"], name=op.f("fk_outgoing_number_ward_id_ward"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_number")),
        sa.UniqueConstraint("dossier_id", name=op.f("uq_outgoing_number_dossier_id")),
        sa.UniqueConstraint("ward_id", "year", "doc_type", "number", name="uq_outgoing_number"),
    )
    op.create_index(op.f("ix_outgoing_number_ward_id"), "outgoing_number", ["ward_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_outgoing_number_ward_id"), table_name="outgoing_number")
    op.drop_table("outgoing_number")
    op.drop_table("outgoing_number_counter")
