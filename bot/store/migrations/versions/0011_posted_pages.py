"""The platform's id of each page of an outbox post, recorded as the platform accepts it.

Revision ID: 0011_posted_pages
Revises: 0010_main_courante
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_posted_pages"
down_revision = "0010_main_courante"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: rebuilding the table would lose its SQLite AUTOINCREMENT.
    op.add_column("outbox", sa.Column("posted", sa.JSON))


def downgrade() -> None:
    op.drop_column("outbox", "posted")
