"""staff accounts: e-mail proof (verified-at, e-mailed links) and two-step seeds sealed with a key

Revision ID: 0119
Revises: 0115
Create Date: 2027-01-10 10:00:00

Seeds stored in clear are sealed with the key the app uses (staff/totp_seeds.py: WARDPORTAL_TOTP_KEY, else
the files store's ``totp_key``, made now when absent). The sealed seed fits the column the clear one had,
and the new columns are plain ADD COLUMNs: staff_user is not rebuilt on SQLite, where dropping the old
table would fire the ON DELETE CASCADE of every table that points at it. No existing account counts as
having proved its address: any of them may have been set up through a link its inviter saw.
"""
import re

import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = "0119"
down_revision = "0118"
branch_labels = None
depends_on = None

STAFF = sa.table("staff_user", sa.column("id", sa.Integer), sa.column("totp_secret", sa.String))
CLEAR_SEED = re.compile(r"[A-Z2-7]{16,40}=*")


def _rewrite_seeds(change) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(STAFF.c.id, STAFF.c.totp_secret)
                              .where(STAFF.c.totp_secret.is_not(None))).all()
    for staff_id, value in rows:
        new = change(value)
        if new != value:
            connection.execute(STAFF.update().where(STAFF.c.id == staff_id).values(totp_secret=new))


def upgrade():
    from wardportal.staff.totp_seeds import seal

    op.add_column("staff_user", sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("account_token", sa.Column("emailed", sa.Boolean(), nullable=False, server_default=sa.false()))
    config = current_app.config
    _rewrite_seeds(lambda value: seal(value, config) if CLEAR_SEED.fullmatch(value) else value)


def downgrade():
    from wardportal.staff.totp_seeds import unseal

    config = current_app.config
    _rewrite_seeds(lambda value: value if CLEAR_SEED.fullmatch(value) else unseal(value, config))
    # Plain DROP COLUMN (SQLite 3.35+), not a batch rebuild: see the module's note on cascades.
    op.drop_column("account_token", "emailed")
    op.drop_column("staff_user", "email_verified_at")
