"""approvals: result drafts, leader profiles, ward seals, signature checks of citizens' uploads

Revision ID: 0107
Revises: 0006
Create Date: 2026-12-01 12:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0107"
down_revision = "0106"
branch_labels = None
depends_on = None


def _fk(table, column, target, ondelete):
    """A named foreign key, as the models' naming convention names it."""
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"),
                                   ondelete=ondelete)


def upgrade():
    op.create_table(
        "result_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("file_id", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("return_reason", sa.Text(), nullable=False),
        sa.Column("signed_file_id", sa.Integer(), nullable=True),
        _fk("result_draft", "dossier_id", "dossier", "CASCADE"),
        _fk("result_draft", "ward_id", "ward", "CASCADE"),
        _fk("result_draft", "officer_id", "staff_user", "SET NULL"),
        _fk("result_draft", "file_id", "dossier_file", "SET NULL"),
        _fk("result_draft", "decided_by_id", "staff_user", "SET NULL"),
        _fk("result_draft", "signed_file_id", "dossier_file", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result_draft")),
    )
    with op.batch_alter_table("result_draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_result_draft_dossier_id"), ["dossier_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_result_draft_ward_id"), ["ward_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_result_draft_status"), ["status"], unique=False)

    op.create_table(
        "leader_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("token_label", sa.String(length=100), nullable=False),
        sa.Column("key_label", sa.String(length=100), nullable=False),
        sa.Column("signature_png", sa.LargeBinary(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _fk("leader_profile", "staff_id", "staff_user", "CASCADE"),
        _fk("leader_profile", "ward_id", "ward", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leader_profile")),
        sa.UniqueConstraint("staff_id", "ward_id", name="uq_leader_profile"),
    )
    with op.batch_alter_table("leader_profile", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_leader_profile_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_leader_profile_ward_id"), ["ward_id"], unique=False)

    op.create_table(
        "ward_seal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("seal_png", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _fk("ward_seal", "ward_id", "ward", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ward_seal")),
        sa.UniqueConstraint("ward_id", name=op.f("uq_ward_seal_ward_id")),
    )

    op.create_table(
        "file_signature_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("signer_name", sa.String(length=300), nullable=False),
        sa.Column("issuer_name", sa.String(length=300), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("trust_digest", sa.String(length=64), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        _fk("file_signature_check", "file_id", "dossier_file", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_file_signature_check")),
        sa.UniqueConstraint("file_id", name=op.f("uq_file_signature_check_file_id")),
    )

    op.create_table(
        "signed_form_requirement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("document_index", sa.Integer(), nullable=False),
        _fk("signed_form_requirement", "procedure_id", "procedure", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signed_form_requirement")),
        sa.UniqueConstraint("procedure_id", "document_index", name="uq_signed_form_requirement"),
    )
    with op.batch_alter_table("signed_form_requirement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signed_form_requirement_procedure_id"), ["procedure_id"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("signed_form_requirement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signed_form_requirement_procedure_id"))
    op.drop_table("signed_form_requirement")
    op.drop_table("file_signature_check")
    op.drop_table("ward_seal")
    with op.batch_alter_table("leader_profile", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_leader_profile_ward_id"))
        batch_op.drop_index(batch_op.f("ix_leader_profile_staff_id"))
    op.drop_table("leader_profile")
    with op.batch_alter_table("result_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_result_draft_status"))
        batch_op.drop_index(batch_op.f("ix_result_draft_ward_id"))
        batch_op.drop_index(batch_op.f("ix_result_draft_dossier_id"))
    op.drop_table("result_draft")
