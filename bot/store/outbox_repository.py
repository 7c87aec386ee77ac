"""Outbox rows: enqueue (idempotent by key), claim due items, record the outcome."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from bot.domain.outbox import (
    CLAIM_LIMIT,
    CONSOLE,
    LEASE,
    OutboxItem,
    OutboxStatus,
    Posted,
    claimable,
)
from bot.store import tables as t

_FIELDS = (
    "key", "crisis_id", "channel", "recipient", "kind", "payload", "attempts", "last_error",
    "created_at", "next_attempt_at", "sent_at", "platform",
)  # fmt: skip


def _item(row: RowMapping) -> OutboxItem:
    values: dict[str, Any] = {name: row[name] for name in (*_FIELDS, "id")}
    return OutboxItem(status=OutboxStatus(row["status"]), **values)


class SqlOutbox:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def enqueue(self, item: OutboxItem) -> bool:
        """Add ``item`` unless an item with its key exists; True when added."""
        exists = sa.select(t.outbox.c.id).where(t.outbox.c.key == item.key)
        if self.conn.execute(exists).first() is not None:
            return False
        values = {name: getattr(item, name) for name in _FIELDS}
        self.conn.execute(sa.insert(t.outbox).values(status=item.status.value, **values))
        return True

    def claim(
        self, now: datetime, platform: str, limit: int = CLAIM_LIMIT, lease: timedelta = LEASE
    ) -> list[OutboxItem]:
        """Due items of ``platform``, leased to this worker, in order per target. Rows are
        locked (not skipped) so that a concurrent worker sees the leases before choosing."""
        unsent = [
            s.value for s in (OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.FAILED)
        ]
        mine = t.outbox.c.platform == platform
        if platform != CONSOLE:
            mine = sa.or_(mine, t.outbox.c.platform.is_(None))
        query = sa.select(t.outbox).where(t.outbox.c.status.in_(unsent), mine)
        query = query.order_by(t.outbox.c.id).with_for_update()
        items = claimable([_item(r) for r in self.conn.execute(query).mappings()], now, limit)
        if items:
            self.conn.execute(
                sa.update(t.outbox)
                .where(t.outbox.c.id.in_([i.id for i in items]))
                .values(status=OutboxStatus.SENDING.value, next_attempt_at=now + lease)
            )
        return items

    def retry(self, now: datetime, channel: str | None = None) -> int:
        """Make every failed or waiting item (of ``channel`` if given) due now; return how
        many."""
        waiting = (OutboxStatus.PENDING.value, OutboxStatus.FAILED.value)
        query = sa.update(t.outbox).where(
            t.outbox.c.status.in_(waiting), t.outbox.c.next_attempt_at > now
        )
        if channel is not None:
            query = query.where(t.outbox.c.channel == channel)
        result = self.conn.execute(
            query.values(status=OutboxStatus.PENDING.value, next_attempt_at=now)
        )
        return result.rowcount

    def save(self, item: OutboxItem) -> None:
        values = {name: getattr(item, name) for name in _FIELDS}
        self.conn.execute(
            sa.update(t.outbox)
            .where(t.outbox.c.id == item.id)
            .values(status=item.status.value, **values)
        )

    def record_page(self, key: str, page: int, pages: int, posted_id: str) -> None:
        """Add one accepted page to the item's record (its row is leased to this worker:
        no other writes it meanwhile)."""
        posted = self.posted(key)
        ids = {str(n): value for n, value in posted.ids.items()} | {str(page): posted_id}
        self.conn.execute(
            sa.update(t.outbox)
            .where(t.outbox.c.key == key)
            .values(posted={"pages": pages, "ids": ids})
        )

    def posted(self, key: str) -> Posted:
        query = sa.select(t.outbox.c.posted).where(t.outbox.c.key == key)
        saved: dict[str, Any] | None = self.conn.execute(query).scalar_one_or_none()
        if not saved:
            return Posted()
        ids = {int(n): str(value) for n, value in (saved.get("ids") or {}).items()}
        return Posted(ids, int(saved.get("pages") or 0))

    def last(self, crisis_id: int, kind: str) -> OutboxItem | None:
        query = (
            sa.select(t.outbox)
            .where(t.outbox.c.crisis_id == crisis_id, t.outbox.c.kind == kind)
            .order_by(t.outbox.c.id.desc())
            .limit(1)
        )
        row = self.conn.execute(query).mappings().first()
        return _item(row) if row else None

    def listing(self, statuses: tuple[OutboxStatus, ...]) -> list[OutboxItem]:
        query = sa.select(t.outbox).where(t.outbox.c.status.in_([s.value for s in statuses]))
        return [_item(r) for r in self.conn.execute(query.order_by(t.outbox.c.id)).mappings()]
