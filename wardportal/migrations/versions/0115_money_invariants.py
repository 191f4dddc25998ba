"""money invariants: 64-bit amounts, indexed code tails, yearly receipt numbers, one list of unapplied credits

Revision ID: 0115
Revises: 0116
Create Date: 2026-12-02 09:00:00

"""
import re

import sqlalchemy as sa
from alembic import op

revision = "0115"
down_revision = "0116"
branch_labels = None
depends_on = None

MONEY_COLUMNS = (("dossier_fees", "amount_due"), ("fee_payment", "amount"), ("statement_line", "amount"),
                 ("gateway_payment", "amount"))
REVIEW_OUTCOMES = ("partial", "over", "duplicate", "unknown", "closed")
_TAIL = re.compile(r"-(\d{6})-(\d+)$")


def upgrade():
    bind = op.get_bind()
    # SQLite's INTEGER already holds 64 bits (the models declare BIGINT only on PostgreSQL), and rebuilding
    # these tables there would fire the foreign keys' ON DELETE actions.
    if bind.dialect.name == "postgresql":
        for table, column in MONEY_COLUMNS:
            op.alter_column(table, column, type_=sa.BigInteger(), existing_type=sa.Integer(),
                            existing_nullable=False)

    # Added without a table rebuild (plain ALTER TABLE ADD COLUMN on SQLite too).
    op.add_column("dossier", sa.Column("code_tail", sa.String(length=20), server_default="", nullable=False))
    dossier = sa.table("dossier", sa.column("id", sa.Integer), sa.column("code", sa.String),
                       sa.column("code_tail", sa.String))
    rows = bind.execute(sa.select(dossier.c.id, dossier.c.code)).all()
    tails = [{"i": row.id, "t": f"{m[1]}-{m[2]}"[:20]} for row in rows if (m := _TAIL.search(row.code or ""))]
    if tails:
        bind.execute(sa.update(dossier).where(dossier.c.id == sa.bindparam("i"))
                     .values(code_tail=sa.bindparam("t")), tails)
    op.create_index("ix_dossier_ward_code_tail", "dossier", ["ward_id", "code_tail"], unique=False)

    op.create_index(op.f("ix_gateway_payment_status"), "gateway_payment", ["status"], unique=False)

    op.create_table(
        "fee_receipt_counter",
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["ward_id"], ["ward.id"], name=op.f("fk_fee_receipt_counter_ward_id_ward"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("ward_id", "year", name=op.f("pk_fee_receipt_counter")),
    )

    money = sa.Integer().with_variant(sa.BigInteger(), "postgresql")
    op.create_table(
        "unapplied_credit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=True),
        sa.Column("statement_line_id", sa.Integer(), nullable=True),
        sa.Column("gateway_payment_id", sa.Integer(), nullable=True),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("amount", money, nullable=False),
        sa.Column("applied_amount", money, nullable=False),
        sa.Column("reason", sa.String(length=12), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("refund_reference", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["decided_by_id"], ["staff_user.id"],
                                name=op.f("fk_unapplied_credit_decided_by_id_staff_user"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"], name=op.f("fk_unapplied_credit_dossier_id_dossier"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["gateway_payment_id"], ["gateway_payment.id"],
                                name=op.f("fk_unapplied_credit_gateway_payment_id_gateway_payment"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["statement_line_id"], ["statement_line.id"],
                                name=op.f("fk_unapplied_credit_statement_line_id_statement_line"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["ward_id"], ["ward.id"], name=op.f("fk_unapplied_credit_ward_id_ward"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unapplied_credit")),
        sa.UniqueConstraint("gateway_payment_id", name=op.f("uq_unapplied_credit_gateway_payment_id")),
        sa.UniqueConstraint("statement_line_id", name=op.f("uq_unapplied_credit_statement_line_id")),
    )
    op.create_index(op.f("ix_unapplied_credit_dossier_id"), "unapplied_credit", ["dossier_id"], unique=False)
    op.create_index(op.f("ix_unapplied_credit_state"), "unapplied_credit", ["state"], unique=False)
    op.create_index(op.f("ix_unapplied_credit_ward_id"), "unapplied_credit", ["ward_id"], unique=False)

    # Lines already waiting for a decision join the one review list; earlier decisions stay on their lines.
    outcomes = ", ".join(f"'{o}'" for o in REVIEW_OUTCOMES)
    op.execute(
        "INSERT INTO unapplied_credit (ward_id, dossier_id, statement_line_id, method, amount, applied_amount, "
        "reason, state, received_on, description, reference, created_at, decision_note, refund_reference) "
        "SELECT l.ward_id, l.dossier_id, l.id, 'bank', l.amount, 0, l.outcome, 'waiting', l.booked_on, "
        "l.description, l.bank_reference, s.imported_at, '', '' "
        "FROM statement_line l JOIN bank_statement s ON s.id = l.statement_id "
        f"WHERE l.outcome IN ({outcomes})")


def downgrade():
    op.drop_index(op.f("ix_unapplied_credit_ward_id"), table_name="unapplied_credit")
    op.drop_index(op.f("ix_unapplied_credit_state"), table_name="unapplied_credit")
    op.drop_index(op.f("ix_unapplied_credit_dossier_id"), table_name="unapplied_credit")
    op.drop_table("unapplied_credit")
    op.drop_table("fee_receipt_counter")
    op.drop_index(op.f("ix_gateway_payment_status"), table_name="gateway_payment")
    op.drop_index("ix_dossier_ward_code_tail", table_name="dossier")
    op.drop_column("dossier", "code_tail")  # never a rebuild of dossier: its children would cascade
    if op.get_bind().dialect.name == "postgresql":
        for table, column in MONEY_COLUMNS:
            op.alter_column(table, column, type_=sa.Integer(), existing_type=sa.BigInteger(),
                            existing_nullable=False)
