"""Outbox rows: enqueue (idempotent by key), claim due items, record the outcome."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from bot.domain.outbox import (
    CLAIM_LIMIT,
    CONSOLE,
    LEASE,
    UNSENT,
    OutboxItem,
    OutboxStatus,
    Posted,
    claimable,
)
from bot.store import tables as t

log = logging.getLogger(__name__)

_FIELDS = (
    "key", "crisis_id", "channel", "recipient", "kind", "payload", "attempts", "last_error",
    "created_at", "next_attempt_at", "sent_at", "platform", "rejected_at", "claimed_by",
)  # fmt: skip


def _item(row: RowMapping) -> OutboxItem:
    values: dict[str, Any] = {name: row[name] for name in (*_FIELDS, "id")}
    return OutboxItem(status=OutboxStatus(row["status"]), **values)


class SqlOutbox:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def enqueue(self, item: OutboxItem) -> bool:
        """Add ``item`` unless an item with its key exists; True when added. Another
        instance adding the same key at the same moment (the daily digest, run by every
        instance) is the expected race: the loser adds nothing, and its transaction goes on."""
        exists = sa.select(t.outbox.c.id).where(t.outbox.c.key == item.key)
        if self.conn.execute(exists).first() is not None:
            return False
        values = {name: getattr(item, name) for name in _FIELDS}
        try:
            with self.conn.begin_nested():
                self.conn.execute(sa.insert(t.outbox).values(status=item.status.value, **values))
        except sa.exc.IntegrityError:
            if self.conn.execute(exists).first() is None:
                raise
            log.debug("%s was added by another instance meanwhile", item.key)
            return False
        return True

    def claim(
        self,
        now: datetime,
        platform: str,
        limit: int = CLAIM_LIMIT,
        lease: timedelta = LEASE,
        worker: str | None = None,
    ) -> list[OutboxItem]:
        """Due items of ``platform``, leased to ``worker``, in order per target. Rows are
        locked (not skipped) so that a concurrent worker sees the leases before choosing."""
        unsent = [s.value for s in UNSENT]
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
                .values(
                    status=OutboxStatus.SENDING.value,
                    next_attempt_at=now + lease,
                    claimed_by=worker,
                )
            )
        return items

    def claimants(self, now: datetime) -> list[str]:
        """The workers holding a lease that has not run out."""
        query = (
            sa.select(t.outbox.c.claimed_by)
            .where(
                t.outbox.c.status == OutboxStatus.SENDING.value,
                t.outbox.c.next_attempt_at > now,
                t.outbox.c.claimed_by.is_not(None),
            )
            .distinct()
        )
        return [str(value) for value in self.conn.execute(query).scalars()]

    def leases(self, now: datetime) -> dict[str, datetime]:
        """The workers holding a lease that has not run out, each with its latest end."""
        query = (
            sa.select(t.outbox.c.claimed_by, sa.func.max(t.outbox.c.next_attempt_at))
            .where(
                t.outbox.c.status == OutboxStatus.SENDING.value,
                t.outbox.c.next_attempt_at > now,
                t.outbox.c.claimed_by.is_not(None),
            )
            .group_by(t.outbox.c.claimed_by)
        )
        return {str(worker): until for worker, until in self.conn.execute(query)}

    def renew_claims(self, worker: str, now: datetime, lease: timedelta) -> int:
        """A live worker's heartbeat: its leases end ``lease`` after ``now``."""
        query = sa.update(t.outbox).where(
            t.outbox.c.status == OutboxStatus.SENDING.value,
            t.outbox.c.claimed_by == worker,
        )
        return int(self.conn.execute(query.values(next_attempt_at=now + lease)).rowcount)

    def release_claims(self, workers: list[str], now: datetime) -> int:
        """End at once the leases of ``workers`` (processes gone): their items are due now,
        still marked as perhaps sent, so that the platform is asked before they go again."""
        if not workers:
            return 0
        query = sa.update(t.outbox).where(
            t.outbox.c.status == OutboxStatus.SENDING.value,
            t.outbox.c.claimed_by.in_(workers),
            t.outbox.c.next_attempt_at > now,
        )
        return self.conn.execute(query.values(next_attempt_at=now, claimed_by=None)).rowcount

    def unsent(self, crisis_id: int) -> int:
        """How many posts of the crisis the platform has not taken yet (rejected ones aside)."""
        query = sa.select(sa.func.count()).where(
            t.outbox.c.crisis_id == crisis_id, t.outbox.c.status.in_([s.value for s in UNSENT])
        )
        return int(self.conn.execute(query).scalar_one())

    def rejected(self, crisis_id: int) -> int:
        """How many posts of the crisis the platform refused for good."""
        query = sa.select(sa.func.count()).where(
            t.outbox.c.crisis_id == crisis_id,
            t.outbox.c.status == OutboxStatus.REJECTED.value,
        )
        return int(self.conn.execute(query).scalar_one())

    def drop_rejected(self, crisis_id: int) -> int:
        query = sa.delete(t.outbox).where(
            t.outbox.c.crisis_id == crisis_id,
            t.outbox.c.status == OutboxStatus.REJECTED.value,
        )
        return int(self.conn.execute(query).rowcount)

    def retry(self, now: datetime, channel: str | None = None) -> int:
        """Make every failed, waiting or rejected item (of ``channel`` if given) due now;
        return how many."""
        waiting = (OutboxStatus.PENDING.value, OutboxStatus.FAILED.value)
        query = sa.update(t.outbox).where(
            sa.or_(
                sa.and_(t.outbox.c.status.in_(waiting), t.outbox.c.next_attempt_at > now),
                t.outbox.c.status == OutboxStatus.REJECTED.value,
            )
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
