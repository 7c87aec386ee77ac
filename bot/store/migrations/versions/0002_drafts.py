"""Drafts and their approvals.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

from bot.store.tables import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "crisis_id",
            sa.Integer,
            sa.ForeignKey("crises.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("model", sa.String(40), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("facts_used", sa.JSON, nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("warnings", sa.JSON, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("motif", sa.Text),
        sa.Column("published_by", sa.String(200)),
        sa.Column("published_at", UTCDateTime),
        sa.UniqueConstraint("crisis_id", "number", name="uq_drafts_crisis_number"),
    )
    op.create_table(
        "approvals",
        sa.Column(
            "draft_id",
            sa.Integer,
            sa.ForeignKey("drafts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("role", sa.String(30), primary_key=True),
        sa.Column("user", sa.String(200), nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("approvals")
    op.drop_table("drafts")
