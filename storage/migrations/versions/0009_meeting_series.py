"""several meeting series: series and their change log in the database, overrides per series
(reminder claims made before keep their keys: bot/meetings/service.py honours them)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 22:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_OVERRIDE_COLUMNS = "original_start, cancelled, new_start, changed_by, changed_at, sequence"


def _override_table(name: str, *, with_series: bool) -> None:
    columns = [
        sa.Column("original_start", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("new_start", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("changed_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False, server_default="0"),
    ]
    key = ["original_start"]
    if with_series:
        series = sqlmodel.sql.sqltypes.AutoString(length=64)
        columns.insert(0, sa.Column("series_key", series, nullable=False))
        key = ["series_key", "original_start"]
    op.create_table(name, *columns, sa.PrimaryKeyConstraint(*key, name=f"pk_{name}"))


def upgrade() -> None:
    op.create_table(
        "meetingseries",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("definition", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "meetingchange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("changed_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("before", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("after", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_meetingchange_series_key", "meetingchange", ["series_key"])
    # The primary key gains the series: a new table, the rows copied (every existing skip and
    # move belongs to the one series there was, 'default'), the old one dropped. The same
    # statements on SQLite and PostgreSQL.
    _override_table("meetingoverride_new", with_series=True)
    op.execute(  # the SQL is this file's constants
        f"INSERT INTO meetingoverride_new (series_key, {_OVERRIDE_COLUMNS}) "  # noqa: S608
        f"SELECT 'default', {_OVERRIDE_COLUMNS} FROM meetingoverride"
    )
    op.drop_table("meetingoverride")
    op.rename_table("meetingoverride_new", "meetingoverride")


def downgrade() -> None:
    _override_table("meetingoverride_old", with_series=False)
    op.execute(
        f"INSERT INTO meetingoverride_old ({_OVERRIDE_COLUMNS}) "  # noqa: S608
        f"SELECT {_OVERRIDE_COLUMNS} FROM meetingoverride WHERE series_key = 'default'"
    )
    op.drop_table("meetingoverride")
    op.rename_table("meetingoverride_old", "meetingoverride")
    op.drop_index("ix_meetingchange_series_key", table_name="meetingchange")
    op.drop_table("meetingchange")
    op.drop_table("meetingseries")
