"""Delivering the outbox: render each due item and hand it to the chat platform.

Each transport takes only the items of its platform. A failed post is retried with
backoff, and the items after it in its channel wait for it, so that a channel's posts keep
their order. Nothing is lost: an item stays in the outbox until the platform accepted it.

Nothing is posted twice either, as far as the platform lets us know: a post may be several
messages (pages, ``bot.domain.outbox.Posted``); before an item is tried again, its transport
asks which pages the platform already shows, and sends only the others. Slack is asked (each
message carries the item's key and page in its metadata); for Teams, the id the connector
returns for each page is recorded as it answers. What neither can see is a message the
platform took but never confirmed: Slack finds it in the channel's history, Teams cannot,
and posts that page again (see ``bot.adapters.teams.transport``).

A post the platform refuses for good (``Refused``) does not hold its channel forever: when
its blocks or card were at fault it is tried once more in plain text, then it is recorded as
rejected, its crisis's pilote is told in private, and the channel's next posts go on.

Each claim names its worker (host, pid, boot: pid namespace, start time, a random id), and a
worker renews its claims while it delivers them: a process started again on the same host
takes back at once the claims of the processes gone from its pid namespace, and those of
another namespace whose worker stopped renewing them, instead of waiting their lease."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot import posts, yamlfile
from bot.domain.journal import fingerprint
from bot.domain.model import EventKind, QuestionState
from bot.domain.outbox import (
    CLAIM_LIMIT,
    DIGEST,
    REJECTION,
    REMINDER,
    Decision,
    OutboxItem,
    OutboxStatus,
    Worker,
    abandoned,
    after_failure,
    decide,
    rejected,
    rejection_notices,
    stale,
)
from bot.domain.people import unmark
from bot.domain.roles import Role
from bot.drafting.environment import render_string
from bot.messages import Messages
from bot.services import editing
from bot.services.context import Deps
from bot.services.digest import build
from bot.transport import Refused, RetryAfter, Transport, Transports, Unreachable
from bot.workers import running, this_worker

log = logging.getLogger(__name__)
DELIVERY_PERIOD = 5.0
WAKE_MARGIN = 0.01  # a timer may fire a little early: the held target is surely free then
MAX_WAIT = 900.0
"""The longest a rate limit holds a conversation, whatever the platform asks."""


class Deliverer:
    def __init__(
        self, deps: Deps, messages: Messages, messages_dir: Path, worker: Worker | None = None
    ) -> None:
        self.deps = deps
        self.messages = messages
        self.worker = worker or this_worker()
        # The earliest moment a target held by a limit is free again (``run_forever``
        # wakes then rather than at the next period).
        self.wake_at: datetime | None = None
        self.notices: dict[str, str] = yamlfile.safe_load(
            (messages_dir / "fr" / "notices.yml").read_text("utf-8")
        )
        self.wording: dict[str, Any] = yamlfile.safe_load(
            (messages_dir / "fr" / "outbox.yml").read_text("utf-8")
        )

    def claim(self, platform: str, limit: int = CLAIM_LIMIT) -> list[OutboxItem]:
        with self.deps.uow() as uow:
            now, lease = self.deps.clock.now(), self.deps.outbox_lease
            items = uow.repo.claim(now, platform, limit, lease, str(self.worker))
            uow.commit()
            return items

    def recover(self) -> int:
        """Take back at once the claims of the workers gone from this host (an earlier boot
        of this process, a process killed, a worker of another pid namespace that stopped
        renewing its claims); return how many items are due again."""
        now, lease = self.deps.clock.now(), self.deps.outbox_lease
        with self.deps.read() as uow:
            leases = uow.repo.leases(now)
        gone = []
        for text, until in leases.items():
            claimant = Worker.parse(text)
            fresh = not stale(until - lease, now, lease)
            if claimant is not None and abandoned(claimant, self.worker, running, fresh):
                gone.append(text)
        if not gone:
            return 0
        with self.deps.uow() as uow:
            count = uow.repo.release_claims(gone, self.deps.clock.now())
            uow.commit()
        log.info("%d posts claimed by workers gone (%s) are due again", count, gone)
        return count

    def retry(self) -> int:
        """Make every failed, waiting or rejected item due now; return how many."""
        with self.deps.uow() as uow:
            count = uow.repo.retry_outbox(self.deps.clock.now())
            uow.commit()
            return count

    def text_of(self, item: OutboxItem) -> str | None:
        """The text to post, or None when there is nothing to post for this item; an
        exercise crisis's posts carry the « EXERCICE » mark."""
        text = self.plain_text(item)
        if text is not None and posts.is_exercise(self.deps, item.channel):
            return posts.marked(self.messages, text)
        return text

    def plain_text(self, item: OutboxItem) -> str | None:
        assert item.crisis_id is not None
        if item.kind in posts.KINDS:
            return posts.point_text(self.deps, self.messages, item)
        if item.kind == DIGEST:
            return self.digest_text(item)
        if item.kind == REMINDER:
            return self.reminder_text(item)
        if item.kind == REJECTION:
            return self.rejection_text(item)
        with self.deps.uow() as uow:
            event = uow.repo.event(item.crisis_id, int(item.payload["seq"]))
            if event is None or event.kind not in self.notices:
                return None
            draft = None
            if event.kind == EventKind.BROUILLON_PUBLIE:
                number = item.payload.get("draft") or event.subject.split()[-1]
                draft = uow.repo.draft(item.crisis_id, int(number))
            people = uow.repo.names()
            changes = editing.notice_changes(uow.repo, item.crisis_id, event)
        source = self.notices[event.kind]
        return render_string(
            self.messages.env, source, e=event, draft=draft, fingerprint=fingerprint(event),
            lang="fr", people=people, marks=True, changes=changes,
        )  # fmt: skip

    def digest_text(self, item: OutboxItem) -> str | None:
        assert item.crisis_id is not None
        with self.deps.read() as uow:
            crisis = uow.repo.crisis_for_channel(item.channel)
            if crisis is None:
                return None
            since, upto = int(item.payload["since"]), int(item.payload["upto"])
            digest = build(self.deps, uow.repo, crisis, since, upto)
            people = uow.repo.names()
        template = self.messages.env.get_template("fr/posts/digest.j2")
        return template.render(
            d=digest, insurer_days=self.deps.insurer_days, lang="fr", people=people
        ).strip()

    def reminder_text(self, item: OutboxItem) -> str | None:
        assert item.crisis_id is not None
        with self.deps.read() as uow:
            question = uow.repo.question(item.crisis_id, int(item.payload["number"]))
            people = uow.repo.names()
        if question is None or question.state is not QuestionState.OUVERTE:
            return None
        template = self.messages.env.get_template("fr/posts/reminder.j2")
        return template.render(
            q=question, moment=item.payload["moment"], lang="fr", people=people
        ).strip()

    def rejection_text(self, item: OutboxItem) -> str | None:
        with self.deps.read() as uow:
            crisis = uow.repo.crisis_for_channel(item.channel)
        what = self.wording["what"].get(item.payload["kind"], self.wording["what"]["other"])
        names = self.wording["platforms"]
        values = dict(item.payload, title=crisis.title if crisis else item.channel)
        return render_string(
            self.messages.env, self.wording["rejection"], p=values, lang="fr",
            what=render_string(self.messages.env, what, p=values, lang="fr"),
            platform=names.get(item.payload.get("platform"), names["other"]),
        ).strip()  # fmt: skip

    def reject(self, item: OutboxItem, code: str) -> None:
        """Record the platform's refusal for good and, for a post of a crisis, tell its
        pilote once, in private."""
        with self.deps.uow() as uow:
            now = self.deps.clock.now()
            uow.repo.save_outbox(rejected(item, code, now))
            crisis = uow.repo.crisis_for_channel(item.channel)
            if crisis is not None and crisis.id is not None and crisis.id == item.crisis_id:
                pilotes = [m.user for m in uow.repo.members(crisis.id) if m.role is Role.PILOTE]
                for notice in rejection_notices(item, pilotes or [crisis.opened_by], now):
                    uow.repo.enqueue(notice)
            uow.commit()

    def record(self, item: OutboxItem, error: str | None) -> None:
        with self.deps.uow() as uow:
            now = self.deps.clock.now()
            if error is None:
                item.status, item.sent_at, item.last_error = OutboxStatus.SENT, now, None
            else:
                after_failure(item, error, now)
            uow.repo.save_outbox(item)
            uow.commit()

    def release(self, item: OutboxItem, at: datetime | None = None) -> None:
        """Give back an item not tried this round, or not this transport's to deliver, due
        again ``at`` (now by default). An item that may have reached the platform already
        (claimed by a worker gone, its lease run out, or partly posted) stays so, to be
        looked up first."""
        self.release_all([item], at)

    def release_all(self, items: list[OutboxItem], at: datetime | None = None) -> None:
        with self.deps.uow() as uow:
            for item in items:
                if item.status is not OutboxStatus.SENDING:
                    item.status = OutboxStatus.PENDING
                item.next_attempt_at, item.claimed_by = at or self.deps.clock.now(), None
                uow.repo.save_outbox(item)
            uow.commit()

    async def deliver_due(self, transport: Transport | Transports) -> int:
        """Deliver what is due now; return how many items were posted. Each target (a
        channel, or a person) gets its items one after the other, the targets side by side.
        A failure with one item (whatever it is) is recorded for that item and its target
        only: the round goes on with the other targets."""
        if isinstance(transport, Transports):
            return sum([await self.deliver_due(one) for one in transport.transports])
        items = await asyncio.to_thread(self.claim, transport.platform)
        if not items:
            return 0
        chains: dict[str, list[OutboxItem]] = {}
        for item in items:
            chains.setdefault(item.recipient or item.channel, []).append(item)
        blocked: dict[str, datetime | None] = {}
        heartbeat = asyncio.create_task(self.heartbeat())
        try:
            sent = await asyncio.gather(
                *(self._chain(transport, chain, blocked) for chain in chains.values())
            )
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat
        waits = [until for until in blocked.values() if until is not None]
        if waits:
            self.wake_at = min([*waits, *([self.wake_at] if self.wake_at else [])])
        return sum(sent)

    async def _chain(
        self, transport: Transport, chain: list[OutboxItem], blocked: dict[str, datetime | None]
    ) -> int:
        """The claimed items of one target, in order, until the target is held: the rest are
        given back together, due when the target is free again."""
        sent = 0
        for index, item in enumerate(chain):
            target = item.recipient or item.channel
            if target in blocked:
                await asyncio.to_thread(self.release_all, chain[index:], blocked[target])
                break
            try:
                sent += await self._deliver(transport, item, blocked)
            except Exception:
                # Its outcome is unknown (it may have been posted): it is looked up first
                # at its next try, and the items after it in its target wait for it.
                log.exception("delivery of %s could not be recorded", item.key)
                blocked[target] = blocked.get(target)
                item.status = OutboxStatus.SENDING
                with contextlib.suppress(Exception):
                    await asyncio.to_thread(self.release, item)
        return sent

    async def heartbeat(self) -> None:
        """While a round delivers its claims, renew them every eighth of the lease: a worker
        of another pid namespace on this host sees that this one lives (``abandoned``)."""
        period = self.deps.outbox_lease.total_seconds() / 8
        while True:
            await asyncio.sleep(period)
            try:
                await asyncio.to_thread(self.renew)
            except Exception:
                log.warning("claims of %s not renewed", self.worker, exc_info=True)

    def renew(self) -> int:
        with self.deps.uow() as uow:
            now = self.deps.clock.now()
            count = uow.repo.renew_claims(str(self.worker), now, self.deps.outbox_lease)
            uow.commit()
            return count

    async def _deliver(
        self, transport: Transport, item: OutboxItem, blocked: dict[str, datetime | None]
    ) -> int:
        """Try one item, record the outcome, and hold its target in ``blocked`` when the
        items after it must wait; return 1 when it was posted."""
        target = item.recipient or item.channel
        if target in blocked or not transport.accepts(item):
            await asyncio.to_thread(self.release, item, blocked.get(target))
            return 0
        try:
            text = await asyncio.to_thread(self.text_of, item)
            if text is not None:
                marked = getattr(transport, "mentions", False)
                shown = text if marked else unmark(text)
                await asyncio.wait_for(
                    self._send(transport, item, shown), self.deps.send_timeout.total_seconds()
                )
        except Refused as exc:
            if decide(exc.fault, plain=True) is Decision.RETRY_LATER:
                blocked[target] = None
                await asyncio.to_thread(self.record, item, str(exc))
                return 0
            log.warning("%s refused for good by %s: %s", item.key, transport.platform, exc)
            await asyncio.to_thread(self.reject, item, exc.code)
            return 0
        except Unreachable:
            log.info("%s cannot be reached yet: its posts wait", target)
            blocked[target] = None
            await asyncio.to_thread(self.release, item)
            return 0
        except RetryAfter as exc:
            wait = MAX_WAIT if math.isnan(exc.seconds) else min(max(exc.seconds, 0.0), MAX_WAIT)
            log.info("delivery to %s waits %s s (rate limit)", target, wait)
            if exc.partial:
                item.status = OutboxStatus.SENDING
            blocked[target] = self.deps.clock.now() + timedelta(seconds=wait)
            await asyncio.to_thread(self.release, item, blocked[target])
            return 0
        except Exception as exc:
            log.warning("delivery of %s failed: %s", item.key, exc, exc_info=True)
            blocked[target] = None
            await asyncio.to_thread(self.record, item, f"{type(exc).__name__}: {exc}")
            return 0
        await asyncio.to_thread(self.record, item, None)
        return 1

    async def _send(self, transport: Transport, item: OutboxItem, text: str) -> None:
        """Post ``item``, unless a previous try may have reached the platform and the
        platform shows it: a worker whose lease ran out (killed between the platform's
        acceptance and the record), or a try that failed after the platform took the post
        (a timeout, a lost answer)."""
        tried = item.status is OutboxStatus.SENDING or item.attempts > 0
        if tried and await transport.already_sent(item):
            log.info("%s was already posted by an earlier try: not sent again", item.key)
            return
        try:
            await transport.send(item, text)
        except Refused as exc:
            if decide(exc.fault, plain=False) is not Decision.PLAIN_TEXT:
                raise
            log.info("%s refused (%s): tried again in plain text", item.key, exc.code)
            await transport.send(item, text, plain=True)

    async def run_forever(self, transport: Transport | Transports, bell: asyncio.Event) -> None:
        """Deliver the outbox when a command rings the bell, and every few seconds anyway;
        first, take back the claims of the workers gone from this host."""
        while True:
            try:
                await asyncio.to_thread(self.recover)
                while await self.deliver_due(transport):
                    pass
            except Exception:
                log.exception("outbox delivery round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(bell.wait(), timeout=self.pause())
            bell.clear()

    def pause(self) -> float:
        """Seconds until the next round: the period, or less when a target held by a limit
        is free sooner."""
        wake, self.wake_at = self.wake_at, None
        if wake is None:
            return DELIVERY_PERIOD
        left = (wake - self.deps.clock.now()).total_seconds() + WAKE_MARGIN
        return min(DELIVERY_PERIOD, max(left, 0.0))
