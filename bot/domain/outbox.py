"""The outbox: every post that leaves the process is first a row written in the same
transaction as the change that causes it, then delivered once by a worker, with retries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


CONSOLE = "console"
SLACK = "slack"
TEAMS = "teams"

NOTICE = "notice"
DIGEST = "digest"
REMINDER = "reminder"
MAX_ATTEMPTS = 10
CLAIM_LIMIT = 5
SEND_TIMEOUT = timedelta(seconds=40)
LEASE_MARGIN = timedelta(minutes=1)
LEASE = CLAIM_LIMIT * SEND_TIMEOUT + LEASE_MARGIN
"""A claimed batch is delivered one item after the other, each send given up after
SEND_TIMEOUT (the platform client's own retries included): the lease outlasts the whole
batch, so that no other worker takes an item while it may still be on its way."""


@dataclass
class OutboxItem:
    key: str
    crisis_id: int | None
    channel: str
    kind: str
    payload: dict[str, Any]
    created_at: datetime
    next_attempt_at: datetime
    recipient: str | None = None
    status: OutboxStatus = OutboxStatus.PENDING
    attempts: int = 0
    last_error: str | None = None
    sent_at: datetime | None = None
    id: int | None = None
    platform: str | None = None


@dataclass(frozen=True)
class Posted:
    """What the platform already shows of an item: the pages it accepted (numbered from 0),
    each with the platform's id for it, out of ``pages`` (0 when nothing is known). A post
    of several messages cut short is finished, its missing pages only, not begun again."""

    ids: dict[int, str] = field(default_factory=dict)
    pages: int = 0

    @property
    def complete(self) -> bool:
        return self.pages > 0 and set(range(self.pages)) <= self.ids.keys()

    def has(self, page: int) -> bool:
        return page in self.ids


def backoff(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s… capped at 15 minutes."""
    return min(timedelta(seconds=5 * 2 ** max(attempts - 1, 0)), timedelta(minutes=15))


def after_failure(item: OutboxItem, error: str, now: datetime) -> OutboxItem:
    """Try again later. After MAX_ATTEMPTS the item shows as failed (``crisisbot outbox``)
    but is still tried every quarter of an hour, and ``crisisbot outbox --retry`` tries it
    now: nothing is abandoned, and the items after it in its channel keep waiting for it."""
    item.attempts += 1
    item.last_error = error[:500]
    item.status = OutboxStatus.FAILED if item.attempts >= MAX_ATTEMPTS else OutboxStatus.PENDING
    item.next_attempt_at = now + backoff(item.attempts)
    return item


def claimable(items: list[OutboxItem], now: datetime, limit: int) -> list[OutboxItem]:
    """From the unsent items in order, those to send now: per target (a channel, or a person
    for a private reminder), the leading items that are due; an item not yet due (waiting
    for a retry, or leased to a worker) holds back every later item of its target."""
    held: set[str] = set()
    chosen = []
    for item in items:
        target = item.recipient or item.channel
        if target in held:
            continue
        if item.next_attempt_at > now:
            held.add(target)
            continue
        chosen.append(item)
        if len(chosen) == limit:
            break
    return chosen


def for_platform(platform: str, item_platform: str | None) -> bool:
    """Whether a transport of ``platform`` may take an item. Items enqueued before crises
    recorded their platform go to a chat platform, never to the console."""
    if item_platform is None:
        return platform != CONSOLE
    return item_platform == platform
