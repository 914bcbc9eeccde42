"""agenda order and closing: an item's rank when an organiser moved it, closed agendas

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 22:30:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agendaitem", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rank", sa.Float(), nullable=True))
    op.create_table(
        "agendaclosure",
        sa.Column("series_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("occurrence", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("closed_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("closed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("series_key", "occurrence"),
    )


def downgrade() -> None:
    op.drop_table("agendaclosure")
    with op.batch_alter_table("agendaitem", schema=None) as batch_op:
        batch_op.drop_column("rank")
