"""staff accounts: e-mail proof (verified-at, e-mailed links) and two-step seeds sealed with a key

Revision ID: 0119
Revises: 0115
Create Date: 2027-01-10 10:00:00

Seeds stored in clear are sealed with the key the app uses (staff/totp_seeds.py: WARDPORTAL_TOTP_KEY, else
the files store's ``totp_key``, made now when absent). No existing account counts as having proved its
address: any of them may have been set up through a link its inviter saw.
"""
import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = "0119"
down_revision = "0115"
branch_labels = None
depends_on = None

STAFF = sa.table("staff_user", sa.column("id", sa.Integer), sa.column("totp_secret", sa.String))


def _is_sealed(value: str) -> bool:
    """Fernet tokens start with the version byte 0x80 ("gAAAAA"); base32 seeds are A-Z and 2-7 only."""
    return value.startswith("gAAAAA")


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

    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.alter_column("totp_secret", existing_type=sa.String(length=64), type_=sa.String(length=255),
                              existing_nullable=True)
        batch_op.add_column(sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("account_token", schema=None) as batch_op:
        batch_op.add_column(sa.Column("emailed", sa.Boolean(), nullable=False, server_default=sa.false()))
    config = current_app.config
    _rewrite_seeds(lambda value: value if _is_sealed(value) else seal(value, config))


def downgrade():
    from wardportal.staff.totp_seeds import unseal

    config = current_app.config
    _rewrite_seeds(lambda value: unseal(value, config) if _is_sealed(value) else value)
    with op.batch_alter_table("account_token", schema=None) as batch_op:
        batch_op.drop_column("emailed")
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.drop_column("email_verified_at")
        batch_op.alter_column("totp_secret", existing_type=sa.String(length=255), type_=sa.String(length=64),
                              existing_nullable=True)
