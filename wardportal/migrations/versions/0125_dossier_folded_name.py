"""the applicant's name folded as the search folds it, indexed with the ward, for the desk search

Revision ID: 0125
Revises: 0124
Create Date: 2027-01-24 10:00:00

A name typed without diacritics ("le van tam") finds "Lê Văn Tám". The existing rows are folded here in
Python, with the same rule the model applies to new rows (wardportal/kernel/text_folding.py).
"""
import sqlalchemy as sa
from alembic import op

from wardportal.kernel.text_folding import words

revision = "0125"
down_revision = "0124"
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade():
    with op.batch_alter_table("dossier") as batch:
        batch.add_column(sa.Column("applicant_name_folded", sa.String(200), nullable=False, server_default=""))
    bind = op.get_bind()
    dossier = sa.table("dossier", sa.column("id", sa.Integer), sa.column("applicant_name", sa.String),
                       sa.column("applicant_name_folded", sa.String))
    last = 0
    while True:
        rows = bind.execute(sa.select(dossier.c.id, dossier.c.applicant_name).where(dossier.c.id > last)
                            .order_by(dossier.c.id).limit(BATCH)).all()
        if not rows:
            break
        bind.execute(dossier.update().where(dossier.c.id == sa.bindparam("row_id"))
                     .values(applicant_name_folded=sa.bindparam("folded")),
                     [{"row_id": row.id, "folded": " ".join(words(row.applicant_name or ""))[:200]}
                      for row in rows])
        last = rows[-1].id
    op.create_index("ix_dossier_ward_name_folded", "dossier", ["ward_id", "applicant_name_folded"])


def downgrade():
    op.drop_index("ix_dossier_ward_name_folded", table_name="dossier")
    with op.batch_alter_table("dossier") as batch:
        batch.drop_column("applicant_name_folded")
