"""Each version of a draft keeps the provenance of its sentences: the clauses and facts
behind a register sentence, or who wrote a sentence and when.

Revision ID: 0012_provenance
Revises: 0011_posted_pages
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_provenance"
down_revision = "0011_posted_pages"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Versions written before hold no provenance: their sentences are read as their
    # author's, to be confirmed by the approvers.
    op.add_column("draft_versions", sa.Column("provenance", sa.JSON))


def downgrade() -> None:
    op.drop_column("draft_versions", "provenance")
