"""Closing crises, and the summaries kept after a purge.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

from bot.store.tables import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("crises") as batch:
        batch.add_column(sa.Column("closed_at", UTCDateTime, nullable=True))
    op.create_table(
        "purges",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("channel", sa.String(200), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("opened_at", UTCDateTime, nullable=False),
        sa.Column("closed_at", UTCDateTime),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.Column("purged_at", UTCDateTime, nullable=False),
        sa.Column("purged_by", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("purges")
    with op.batch_alter_table("crises") as batch:
        batch.drop_column("closed_at")
