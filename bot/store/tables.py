"""The tables, described once for the repository; migrations are in ``migrations/``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Aware datetimes stored as naive UTC, read back as aware UTC, on every backend."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        result: datetime = value
        return result.replace(tzinfo=UTC)


metadata = sa.MetaData()

crises = sa.Table(
    "crises",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("channel", sa.String(200), nullable=False, unique=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("opened_by", sa.String(200), nullable=False),
    sa.Column("opened_at", UTCDateTime, nullable=False),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("closed_at", UTCDateTime),
    sa.Column("platform", sa.String(20)),
    sa.Column("exercise", sa.Boolean, nullable=False, server_default=sa.false()),
    sqlite_autoincrement=True,
)

members = sa.Table(
    "members",
    metadata,
    sa.Column(
        "crisis_id", sa.Integer, sa.ForeignKey("crises.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("user", sa.String(200), primary_key=True),
    sa.Column("role", sa.String(30), nullable=False),
    sa.Column("since", UTCDateTime, nullable=False),
)

facts = sa.Table(
    "facts",
    metadata,
    sa.Column(
        "crisis_id", sa.Integer, sa.ForeignKey("crises.id", ondelete="CASCADE"), primary_key=True
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

questions = sa.Table(
    "questions",
    metadata,
    sa.Column(
        "crisis_id", sa.Integer, sa.ForeignKey("crises.id", ondelete="CASCADE"), primary_key=True
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

events = sa.Table(
    "events",
    metadata,
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
    sa.Column("scheme", sa.Integer, nullable=False, server_default="1"),
    sa.UniqueConstraint("crisis_id", "seq", name="uq_events_crisis_seq"),
    sqlite_autoincrement=True,
)

preferences = sa.Table(
    "preferences",
    metadata,
    sa.Column("user", sa.String(200), primary_key=True),
    sa.Column("language", sa.String(10), nullable=False),
)

drafts = sa.Table(
    "drafts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "crisis_id", sa.Integer, sa.ForeignKey("crises.id", ondelete="CASCADE"), nullable=False
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
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("corrects", sa.Integer),
    sa.Column("findings", sa.JSON, nullable=False, server_default="[]"),
    sa.UniqueConstraint("crisis_id", "number", name="uq_drafts_crisis_number"),
    sqlite_autoincrement=True,
)

draft_versions = sa.Table(
    "draft_versions",
    metadata,
    sa.Column(
        "draft_id", sa.Integer, sa.ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("text_hash", sa.String(64), nullable=False),
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("provenance", sa.JSON),
)

disseminations = sa.Table(
    "disseminations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "crisis_id", sa.Integer, sa.ForeignKey("crises.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("draft", sa.Integer, nullable=False),
    sa.Column("recipient", sa.String(30), nullable=False),
    sa.Column("detail", sa.Text),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("recorded_at", UTCDateTime, nullable=False),
    sa.Column("text_hash", sa.String(64), nullable=False),
)

approvals = sa.Table(
    "approvals",
    metadata,
    sa.Column(
        "draft_id", sa.Integer, sa.ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("role", sa.String(30), primary_key=True),
    sa.Column("user", sa.String(200), primary_key=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("text_hash", sa.String(64), nullable=False),
)

purges = sa.Table(
    "purges",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("channel", sa.String(200), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("opened_at", UTCDateTime, nullable=False),
    sa.Column("closed_at", UTCDateTime),
    sa.Column("counts", sa.JSON, nullable=False),
    sa.Column("last_hash", sa.String(64), nullable=False),
    sa.Column("purged_at", UTCDateTime, nullable=False),
    sa.Column("purged_by", sa.String(200), nullable=False),
    sa.Column("crisis_id", sa.Integer),
    sa.Column("last_seq", sa.Integer),
    sqlite_autoincrement=True,
)

outbox = sa.Table(
    "outbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(200), nullable=False, unique=True),
    sa.Column("crisis_id", sa.Integer),
    sa.Column("channel", sa.String(200), nullable=False),
    sa.Column("recipient", sa.String(200)),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("last_error", sa.Text),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("next_attempt_at", UTCDateTime, nullable=False),
    sa.Column("sent_at", UTCDateTime),
    sa.Column("platform", sa.String(20)),
    # The platform's id of each page already accepted (Teams): {"pages": n, "ids": {page: id}}.
    sa.Column("posted", sa.JSON),
    # When the platform refused the post for good (status "rejected", the code in last_error).
    sa.Column("rejected_at", UTCDateTime),
    # The worker that claimed it last: "host/pid/boot" (bot.domain.outbox.Worker).
    sa.Column("claimed_by", sa.String(300)),
    sa.Index("ix_outbox_due", "status", "next_attempt_at"),
    sqlite_autoincrement=True,
)

requests = sa.Table(
    "requests",
    metadata,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("at", UTCDateTime, nullable=False),
)

conversations = sa.Table(
    "conversations",
    metadata,
    sa.Column("key", sa.String(300), primary_key=True),
    sa.Column("reference", sa.JSON, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

people = sa.Table(
    "people",
    metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("platform", sa.String(20), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("folded", sa.String(200), nullable=False, index=True),
)


def _crisis_fk() -> sa.Column[int]:
    return sa.Column(
        "crisis_id", sa.Integer, sa.ForeignKey("crises.id", ondelete="CASCADE"), primary_key=True
    )


decisions = sa.Table(
    "decisions",
    metadata,
    _crisis_fk(),
    sa.Column("number", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("motif", sa.Text),
    sa.Column("facts", sa.JSON, nullable=False),
    sa.Column("decided_by", sa.String(200), nullable=False),
    sa.Column("decided_at", UTCDateTime, nullable=False),
    sa.Column("moment", UTCDateTime),
)

filings = sa.Table(
    "filings",
    metadata,
    _crisis_fk(),
    sa.Column("number", sa.Integer, primary_key=True),
    sa.Column("body", sa.String(20), nullable=False),
    sa.Column("filed_on", sa.Date, nullable=False),
    sa.Column("reference", sa.Text),
    sa.Column("note", sa.Text),
    sa.Column("recorded_by", sa.String(200), nullable=False),
    sa.Column("recorded_at", UTCDateTime, nullable=False),
)

inquiries = sa.Table(
    "inquiries",
    metadata,
    _crisis_fk(),
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

cadences = sa.Table(
    "cadences",
    metadata,
    _crisis_fk(),
    sa.Column("hours", sa.Integer, nullable=False),
    sa.Column("owner", sa.String(200), nullable=False),
    sa.Column("next_at", UTCDateTime, nullable=False),
    sa.Column("last_seq", sa.Integer, nullable=False),
    sa.Column("count", sa.Integer, nullable=False),
)

# The ledger of rows (``bot.domain.ledger``): each transaction's rows as keyed images.
ledger = sa.Table(
    "ledger",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("rows", sa.JSON, nullable=False),
    sa.Column("note", sa.JSON, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)

# Tables the ledger does not rebuild, each with why; every other table is proved row by row.
UNLEDGERED = {"ledger": "it proves itself: its keyed chain, and its head in the witness"}

tasks = sa.Table(
    "tasks",
    metadata,
    sa.Column(
        "crisis_id", sa.Integer, sa.ForeignKey("crises.id", ondelete="CASCADE"), primary_key=True
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

contacts = sa.Table(
    "contacts",
    metadata,
    sa.Column(
        "crisis_id", sa.Integer, sa.ForeignKey("crises.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("code", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("set_by", sa.String(200), nullable=False),
    sa.Column("set_at", UTCDateTime, nullable=False),
)
