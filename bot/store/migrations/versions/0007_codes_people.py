"""Stored states become ASCII codes (labels live in ``messages/``); people and their names.

Revision ID: 0007_codes_people
Revises: 0006
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_codes_people"
down_revision = "0006"
branch_labels = None
depends_on = None

CODES = {
    ("facts", "status"): {"signalé": "signale", "vérifié": "verifie", "réfuté": "refute"},
    ("facts", "kind"): {"booléen": "booleen", "date-heure": "date_heure"},
    ("questions", "state"): {"répondue": "repondue", "abandonnée": "abandonnee"},
    ("drafts", "state"): {"rejeté": "rejete", "publié": "publie"},
    ("outbox", "status"): {
        "en attente": "pending",
        "en cours": "sending",
        "envoyé": "sent",
        "échec": "failed",
    },
}


def _convert(mapping_of: dict[tuple[str, str], dict[str, str]], reverse: bool) -> None:
    for (table, column), mapping in mapping_of.items():
        for old, new in mapping.items():
            before, after = (new, old) if reverse else (old, new)
            op.execute(
                sa.text(
                    f'UPDATE {table} SET "{column}" = :after WHERE "{column}" = :before'
                ).bindparams(before=before, after=after)
            )


def upgrade() -> None:
    _convert(CODES, reverse=False)
    op.create_table(
        "people",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("folded", sa.String(200), nullable=False),
    )
    op.create_index("ix_people_folded", "people", ["folded"])


def downgrade() -> None:
    op.drop_index("ix_people_folded", "people")
    op.drop_table("people")
    _convert(CODES, reverse=True)
