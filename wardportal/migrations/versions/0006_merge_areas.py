"""merge the areas' branches (staff, submissions, workflow, search) into one head

Revision ID: 0006
Revises: 0002, 0003, 0004, 0005
Create Date: 2026-11-23 12:00:00

"""

revision = "0006"
down_revision = ("0002", "0003", "0004", "0005")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
