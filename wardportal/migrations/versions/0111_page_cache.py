"""page cache: ward content generation, Markdown rendered at save

Revision ID: 0111
Revises: 0109
Create Date: 2026-12-01 13:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0111"
down_revision = "0114"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("ward", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_html", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("content_generation", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("content_changed_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rendered_html", sa.JSON(), nullable=True))
    # Existing guides and notices keep rendering on view (Procedure.html falls back) until their next save;
    # render them here so no view runs Markdown after the upgrade.
    from wardportal.kernel.markdown_text import render_markdown

    bind = op.get_bind()
    fields = ("steps", "requirements", "where_to_submit", "legal_basis")
    procedure = sa.table("procedure", sa.column("id", sa.Integer), sa.column("rendered_html", sa.JSON),
                         *(sa.column(name, sa.Text) for name in fields))
    for row in bind.execute(sa.select(procedure.c.id, *(procedure.c[name] for name in fields))).all():
        html = {name: str(render_markdown(getattr(row, name))) for name in fields}
        bind.execute(procedure.update().where(procedure.c.id == row.id).values(rendered_html=html))
    ward = sa.table("ward", sa.column("id", sa.Integer), sa.column("notice", sa.Text),
                    sa.column("notice_html", sa.Text))
    for row in bind.execute(sa.select(ward.c.id, ward.c.notice)).all():
        bind.execute(ward.update().where(ward.c.id == row.id).values(notice_html=str(render_markdown(row.notice))))


def downgrade():
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.drop_column("rendered_html")
    with op.batch_alter_table("ward", schema=None) as batch_op:
        batch_op.drop_column("content_changed_at")
        batch_op.drop_column("content_generation")
        batch_op.drop_column("notice_html")
