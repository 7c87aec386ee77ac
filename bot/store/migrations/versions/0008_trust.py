"""The keyed journal, platforms of crises and posts, and ids never reused.

An approval is keyed by draft, role and person: after a role change, another person may
approve in the role. Events record their chain scheme (1: plain SHA-256, the rows written
before; 2: keyed). Crises and outbox items record their chat platform. Purge records keep
the crisis id and its last event. On SQLite the tables with surrogate ids are rebuilt with
AUTOINCREMENT, and the crisis counter starts after every id an outbox key ever used.

Revision ID: 0008_trust
Revises: 0007_codes_people
Create Date: 2026-11-29
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

from bot.store.tables import UTCDateTime

revision = "0008_trust"
down_revision = "0007_codes_people"
branch_labels = None
depends_on = None

SURROGATE_IDS = ("crises", "drafts", "events", "purges", "outbox")


def _approvals() -> sa.Table:
    return sa.Table(
        "approvals",
        sa.MetaData(),
        sa.Column(
            "draft_id", sa.Integer, sa.ForeignKey("drafts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("role", sa.String(30), primary_key=True),
        sa.Column("user", sa.String(200), primary_key=True),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
    )  # fmt: skip


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    columns: dict[str, list[sa.Column[Any]]] = {
        "events": [sa.Column("scheme", sa.Integer, nullable=False, server_default="1")],
        "crises": [sa.Column("platform", sa.String(20))],
        "outbox": [sa.Column("platform", sa.String(20))],
        "purges": [sa.Column("crisis_id", sa.Integer), sa.Column("last_seq", sa.Integer)],
    }
    for table in SURROGATE_IDS:
        options = {"recreate": "always", "table_kwargs": {"sqlite_autoincrement": True}}
        with op.batch_alter_table(table, **(options if sqlite else {})) as batch:  # type: ignore[arg-type]
            for column in columns.get(table, []):
                batch.add_column(column)
    if sqlite:
        with op.batch_alter_table("approvals", copy_from=_approvals(), recreate="always"):
            pass
    else:
        op.drop_constraint("approvals_pkey", "approvals", type_="primary")
        op.create_primary_key("approvals_pkey", "approvals", ["draft_id", "role", "user"])
    if sqlite:
        op.execute(
            "update sqlite_sequence set seq = max(seq, "
            "(select coalesce(max(crisis_id), 0) from outbox)) where name = 'crises'"
        )
        op.execute(
            "insert into sqlite_sequence (name, seq) select 'crises', "
            "(select coalesce(max(crisis_id), 0) from outbox) "
            "where not exists (select 1 from sqlite_sequence where name = 'crises')"
        )


def downgrade() -> None:
    for table, names in (
        ("purges", ("last_seq", "crisis_id")),
        ("outbox", ("platform",)),
        ("crises", ("platform",)),
        ("events", ("scheme",)),
    ):
        with op.batch_alter_table(table) as batch:
            for name in names:
                batch.drop_column(name)
