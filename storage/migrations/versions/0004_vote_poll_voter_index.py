"""index votes by poll and voter

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 01:52:38.088532
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.create_index("ix_vote_poll_voter", ["poll_id", "voter"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.drop_index("ix_vote_poll_voter")
