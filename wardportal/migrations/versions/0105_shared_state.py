"""several servers: search change log, notification outbox, unit codes unique across the install

Revision ID: 0105
Revises: 0006
Create Date: 2026-12-01 12:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0105"
down_revision = "0102"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_change")),
    )
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("dossier_code", sa.String(length=60), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=400), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], name=op.f("fk_outbox_message_dossier_id_dossier"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_message")),
    )
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_message_dossier_id"), ["dossier_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_message_next_attempt_at"), ["next_attempt_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_message_sent_at"), ["sent_at"], unique=False)

    # Wards that already share a unit code keep it for the oldest ward; the others get their id appended
    # (their earlier dossiers keep their codes; new ones no longer collide).
    ward = sa.table("ward", sa.column("id", sa.Integer), sa.column("unit_code", sa.String))
    bind = op.get_bind()
    seen = set()
    for ward_id, unit_code in bind.execute(sa.select(ward.c.id, ward.c.unit_code).order_by(ward.c.id)).all():
        if unit_code.upper() in seen:
            bind.execute(sa.update(ward).where(ward.c.id == ward_id).values(unit_code=f"{unit_code}.{ward_id}"))
        seen.add(unit_code.upper())
    with op.batch_alter_table("ward", schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f("uq_ward_unit_code"), ["unit_code"])


def downgrade():
    with op.batch_alter_table("ward", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_ward_unit_code"), type_="unique")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_message_sent_at"))
        batch_op.drop_index(batch_op.f("ix_outbox_message_next_attempt_at"))
        batch_op.drop_index(batch_op.f("ix_outbox_message_dossier_id"))
    op.drop_table("outbox_message")
    op.drop_table("search_change")
