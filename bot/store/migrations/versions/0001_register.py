"""The register: crises, members, facts, questions, journal, preferences.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

from bot.store.tables import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crises",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("channel", sa.String(200), nullable=False, unique=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("opened_by", sa.String(200), nullable=False),
        sa.Column("opened_at", UTCDateTime, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
    )
    op.create_table(
        "members",
        sa.Column(
            "crisis_id",
            sa.Integer,
            sa.ForeignKey("crises.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("user", sa.String(200), primary_key=True),
        sa.Column("role", sa.String(30), nullable=False),
        sa.Column("since", UTCDateTime, nullable=False),
    )
    op.create_table(
        "facts",
        sa.Column(
            "crisis_id",
            sa.Integer,
            sa.ForeignKey("crises.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("proof", sa.Text),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("language", sa.String(10)),
    )
    op.create_table(
        "questions",
        sa.Column(
            "crisis_id",
            sa.Integer,
            sa.ForeignKey("crises.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("asked_by", sa.String(200), nullable=False),
        sa.Column("asked_at", UTCDateTime, nullable=False),
        sa.Column("owner", sa.String(200)),
        sa.Column("due_at", UTCDateTime),
        sa.Column("answer", sa.Text),
        sa.Column("answered_by", sa.String(200)),
        sa.Column("answered_at", UTCDateTime),
        sa.Column("state", sa.String(20), nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "crisis_id", sa.Integer, sa.ForeignKey("crises.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("crisis_id", "seq", name="uq_events_crisis_seq"),
    )
    op.create_table(
        "preferences",
        sa.Column("user", sa.String(200), primary_key=True),
        sa.Column("language", sa.String(10), nullable=False),
    )


def downgrade() -> None:
    for table in ("preferences", "events", "questions", "facts", "members", "crises"):
        op.drop_table(table)
