"""Posts refused for good (when), and which process claimed a post (host, pid, boot).

Revision ID: 0014_rejections
Revises: 0013_audit
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from bot.store.tables import UTCDateTime

revision = "0014_rejections"
down_revision = "0013_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs: rebuilding the table would lose its SQLite AUTOINCREMENT.
    op.add_column("outbox", sa.Column("rejected_at", UTCDateTime))
    op.add_column("outbox", sa.Column("claimed_by", sa.String(300)))


def downgrade() -> None:
    op.drop_column("outbox", "claimed_by")
    op.drop_column("outbox", "rejected_at")
