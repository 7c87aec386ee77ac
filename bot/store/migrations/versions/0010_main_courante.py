"""The main courante: decisions, filings, press inquiries, points de situation; exercises.

Revision ID: 0010_main_courante
Revises: 0009_edits
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from bot.store.tables import UTCDateTime

revision = "0010_main_courante"
down_revision = "0009_edits"
branch_labels = None
depends_on = None


def _crisis() -> sa.Column[int]:
    return sa.Column(
        "crisis_id", sa.Integer, sa.ForeignKey("crises.id", ondelete="CASCADE"), primary_key=True
    )


def upgrade() -> None:
    # A plain ADD COLUMN: rebuilding the table would lose its SQLite AUTOINCREMENT.
    op.add_column(
        "crises", sa.Column("exercise", sa.Boolean, nullable=False, server_default=sa.false())
    )
    op.create_table(
        "decisions",
        _crisis(),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("motif", sa.Text),
        sa.Column("facts", sa.JSON, nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=False),
        sa.Column("decided_at", UTCDateTime, nullable=False),
        sa.Column("moment", UTCDateTime),
    )
    op.create_table(
        "filings",
        _crisis(),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("body", sa.String(20), nullable=False),
        sa.Column("filed_on", sa.Date, nullable=False),
        sa.Column("reference", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "inquiries",
        _crisis(),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("media", sa.Text, nullable=False),
        sa.Column("journalist", sa.Text, nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("asked_by", sa.String(200), nullable=False),
        sa.Column("asked_at", UTCDateTime, nullable=False),
        sa.Column("due_at", UTCDateTime),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("draft", sa.Integer),
        sa.Column("answered_by", sa.String(200)),
        sa.Column("answered_at", UTCDateTime),
    )
    op.create_table(
        "cadences",
        _crisis(),
        sa.Column("hours", sa.Integer, nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("next_at", UTCDateTime, nullable=False),
        sa.Column("last_seq", sa.Integer, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in ("cadences", "inquiries", "filings", "decisions"):
        op.drop_table(table)
    with op.batch_alter_table("crises") as batch:
        batch.drop_column("exercise")
