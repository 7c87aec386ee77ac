"""The outbox: every post that leaves the process is first a row written in the same
transaction as the change that causes it, then delivered once by a worker, with retries.

A post the platform refuses for good (a malformed message, a channel it cannot post in) is
not tried forever: once a plain-text retry failed too where the message's form was at fault,
it is recorded as rejected, the pilote is told, and the channel's next posts go on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    REJECTED = "rejected"


CONSOLE = "console"
SLACK = "slack"
TEAMS = "teams"

NOTICE = "notice"
DIGEST = "digest"
REMINDER = "reminder"
REJECTION = "rejection"
"""The private notice telling a crisis's pilote that one of its posts was rejected."""
UNSENT = (OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.FAILED)
MAX_ATTEMPTS = 10
CLAIM_LIMIT = 5
CLAIM_TARGETS = 50  # conversations delivered side by side, each its items in order
SEND_TIMEOUT = timedelta(seconds=40)
LEASE_MARGIN = timedelta(minutes=1)
LEASE = CLAIM_LIMIT * SEND_TIMEOUT + LEASE_MARGIN
"""A claimed batch holds at most CLAIM_LIMIT items per target, delivered one after the other
(the targets side by side), each send given up after SEND_TIMEOUT (the platform client's own
retries included): the lease outlasts a target's share of the batch, so that no other worker
takes an item while it may still be on its way."""


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
    rejected_at: datetime | None = None
    claimed_by: str | None = None


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
    """Try again later, after a failure that may pass (``Fault.TRANSIENT``). After
    MAX_ATTEMPTS the item shows as failed (``crisisbot outbox``) but is still tried every
    quarter of an hour, and ``crisisbot outbox --retry`` tries it now: nothing is abandoned,
    and the items after it in its channel keep waiting for it."""
    item.attempts += 1
    item.last_error = error[:500]
    item.status = OutboxStatus.FAILED if item.attempts >= MAX_ATTEMPTS else OutboxStatus.PENDING
    item.next_attempt_at = now + backoff(item.attempts)
    return item


def claimable(
    items: list[OutboxItem], now: datetime, limit: int, targets: int = CLAIM_TARGETS
) -> list[OutboxItem]:
    """From the unsent items in order, those to send now: per target (a channel, or a person
    for a private reminder), at most ``limit`` leading items that are due, for at most
    ``targets`` targets (delivered side by side); an item not yet due (waiting for a retry,
    or leased to a worker) holds back every later item of its target."""
    held: set[str] = set()
    taken: dict[str, int] = {}
    chosen = []
    for item in items:
        target = item.recipient or item.channel
        if target in held:
            continue
        if item.next_attempt_at > now or (target not in taken and len(taken) == targets):
            held.add(target)
            continue
        chosen.append(item)
        taken[target] = taken.get(target, 0) + 1
        if taken[target] == limit:
            held.add(target)
    return chosen


def for_platform(platform: str, item_platform: str | None) -> bool:
    """Whether a transport of ``platform`` may take an item. Items enqueued before crises
    recorded their platform go to a chat platform, never to the console."""
    if item_platform is None:
        return platform != CONSOLE
    return item_platform == platform


class Fault(StrEnum):
    """How a platform refused a post: ``transient`` (a limit, an outage, a lost answer: the
    same post may pass later), ``form`` (the message's blocks or card: its plain text may
    pass), ``permanent`` (this post will never pass, however often it is tried)."""

    TRANSIENT = "transient"
    FORM = "form"
    PERMANENT = "permanent"


class Decision(StrEnum):
    RETRY_LATER = "retry_later"
    PLAIN_TEXT = "plain_text"
    REJECT = "reject"


def decide(fault: Fault, plain: bool) -> Decision:
    """What to do with a post refused with ``fault``, ``plain`` when the refused try was
    already in plain text: try again later, try now without blocks, or reject it."""
    if fault is Fault.TRANSIENT:
        return Decision.RETRY_LATER
    if fault is Fault.FORM and not plain:
        return Decision.PLAIN_TEXT
    return Decision.REJECT


def rejected(item: OutboxItem, code: str, now: datetime) -> OutboxItem:
    """Record the platform's refusal for good: the item leaves the queue of its target."""
    item.attempts += 1
    item.status, item.last_error, item.rejected_at = OutboxStatus.REJECTED, code[:500], now
    return item


def rejection_notices(item: OutboxItem, pilotes: list[str], now: datetime) -> list[OutboxItem]:
    """The private notices telling each pilote of ``item``'s crisis that the platform
    rejected it: keyed by the item, so told once; none for a notice of a rejection."""
    if item.kind == REJECTION:
        return []
    payload: dict[str, Any] = {
        "key": item.key, "kind": item.kind, "code": item.last_error or "",
        "at": now.isoformat(), "platform": item.platform or "",
        **{name: item.payload[name] for name in ("seq", "number") if name in item.payload},
    }  # fmt: skip
    notices = []
    for pilote in pilotes:
        key = f"{REJECTION}:{item.key}:{pilote}"
        notice = OutboxItem(key, item.crisis_id, item.channel, REJECTION, payload, now, now)
        notice.recipient, notice.platform = pilote, item.platform
        notices.append(notice)
    return notices


@dataclass(frozen=True)
class Worker:
    """The process that claims outbox items: its host, its pid, and its boot: the pid
    namespace it runs in, the moment its process started (clock ticks since the host's boot)
    and an id drawn at its start, as ``namespace.started.id`` (a pid is reused, by the next
    boot of a container for one, and two containers may share a host name and a pid)."""

    host: str
    pid: int
    boot: str

    def __str__(self) -> str:
        return f"{self.host}/{self.pid}/{self.boot}"

    @classmethod
    def parse(cls, text: str | None) -> Worker | None:
        parts = (text or "").rsplit("/", 2)
        if len(parts) != 3 or not parts[1].isdigit():
            return None
        host, pid, boot = parts
        return cls(host, int(pid), boot)

    @property
    def namespace(self) -> str:
        """The pid namespace, "" when unknown (a claim written before it was recorded)."""
        parts = self.boot.split(".")
        return parts[0] if len(parts) == 3 else ""

    @property
    def started(self) -> str | None:
        parts = self.boot.split(".")
        return parts[1] if len(parts) == 3 and parts[1] else None


def stale(renewed: datetime, now: datetime, lease: timedelta) -> bool:
    """Whether a claim last renewed at ``renewed`` shows a worker that stopped: a live
    worker renews its claims every eighth of the lease while it delivers them."""
    return renewed < now - lease / 4


def abandoned(
    claimant: Worker,
    me: Worker,
    running: Callable[[int, str | None], bool],
    fresh: bool = False,
) -> bool:
    """Whether a claim of ``claimant`` can be taken back at once by ``me``. Only a claim of
    this host: in this very pid namespace, when no process ``claimant.pid`` started at
    ``claimant.started`` runs any more (an earlier boot of this pid, a process killed); in
    another namespace (another container sharing the host name) or an unknown one, when the
    claim is not ``fresh``: its worker has stopped renewing it. A claim of another host
    keeps its lease: no process here can tell whether its worker lives."""
    if claimant.host != me.host or claimant == me:
        return False
    if claimant.namespace and claimant.namespace == me.namespace:
        return not running(claimant.pid, claimant.started)
    return not fresh
