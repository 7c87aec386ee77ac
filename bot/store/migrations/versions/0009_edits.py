"""Versions of drafts, their fact-check, rectificatifs, and where published texts went.

Revision ID: 0009_edits
Revises: 0008_trust
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_edits"
down_revision = "0008_trust"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs: rebuilding the table would lose its SQLite AUTOINCREMENT.
    op.add_column("drafts", sa.Column("version", sa.Integer, nullable=False, server_default="1"))
    op.add_column("drafts", sa.Column("corrects", sa.Integer))
    op.add_column("drafts", sa.Column("findings", sa.JSON, nullable=False, server_default="[]"))
    op.create_table(
        "draft_versions",
        sa.Column(
            "draft_id",
            sa.Integer,
            sa.ForeignKey("drafts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.execute(
        "INSERT INTO draft_versions (draft_id, version, text, text_hash, author, created_at) "
        "SELECT id, 1, text, text_hash, author, created_at FROM drafts"
    )
    op.create_table(
        "disseminations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "crisis_id",
            sa.Integer,
            sa.ForeignKey("crises.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("draft", sa.Integer, nullable=False),
        sa.Column("recipient", sa.String(30), nullable=False),
        sa.Column("detail", sa.Text),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("disseminations")
    op.drop_table("draft_versions")
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("findings")
        batch.drop_column("corrects")
        batch.drop_column("version")
