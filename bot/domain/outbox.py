"""The outbox: every post that leaves the process is first a row written in the same
transaction as the change that causes it, then delivered once by a worker, with retries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any


class OutboxStatus(StrEnum):
    PENDING = "en attente"
    SENDING = "en cours"
    SENT = "envoyé"
    FAILED = "échec"


CONSOLE = "console"
SLACK = "slack"
TEAMS = "teams"

NOTICE = "notice"
DIGEST = "digest"
REMINDER = "reminder"
MAX_ATTEMPTS = 10
LEASE = timedelta(minutes=2)


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


def backoff(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s… capped at 15 minutes."""
    return min(timedelta(seconds=5 * 2 ** max(attempts - 1, 0)), timedelta(minutes=15))


def after_failure(item: OutboxItem, error: str, now: datetime) -> OutboxItem:
    item.attempts += 1
    item.last_error = error[:500]
    if item.attempts >= MAX_ATTEMPTS:
        item.status = OutboxStatus.FAILED
    else:
        item.status = OutboxStatus.PENDING
        item.next_attempt_at = now + backoff(item.attempts)
    return item
