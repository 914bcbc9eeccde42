"""tally slot

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 01:58:55.773878
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("poll", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("tally_lease_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("tally_pushed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("poll", schema=None) as batch_op:
        batch_op.drop_column("tally_pushed_at")
        batch_op.drop_column("tally_lease_until")
