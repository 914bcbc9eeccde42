"""feed revisions: the series' SEQUENCE and UID token, and each override's SEQUENCE

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 16:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meetingseriesstate",
        sa.Column("series_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("fingerprint", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("uid_token", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.PrimaryKeyConstraint("series_key"),
    )
    with op.batch_alter_table("meetingoverride", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sequence", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("meetingoverride", schema=None) as batch_op:
        batch_op.drop_column("sequence")
    op.drop_table("meetingseriesstate")
