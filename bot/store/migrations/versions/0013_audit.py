"""The ledger of rows: every table's rows, as each transaction left them, in a keyed chain.

Revision ID: 0013_audit
Revises: 0012_provenance
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from bot.store.tables import UTCDateTime

revision = "0013_audit"
down_revision = "0012_provenance"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("rows", sa.JSON, nullable=False),
        sa.Column("note", sa.JSON, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ledger")
