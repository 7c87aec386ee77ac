"""The cell's kit: tasks of the fiches réflexes and the crisis directory's entries.

Revision ID: 0015_kit
Revises: 0014_rejections
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from bot.store.tables import UTCDateTime

revision = "0015_kit"
down_revision = "0014_rejections"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tasks",
        sa.Column(
            "crisis_id",
            sa.Integer,
            sa.ForeignKey("crises.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("due_at", UTCDateTime, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("done_by", sa.String(200)),
        sa.Column("done_at", UTCDateTime),
        sa.Column("note", sa.Text),
    )
    op.create_table(
        "contacts",
        sa.Column(
            "crisis_id",
            sa.Integer,
            sa.ForeignKey("crises.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("code", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("set_by", sa.String(200), nullable=False),
        sa.Column("set_at", UTCDateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("contacts")
    op.drop_table("tasks")
