"""Delivering the outbox: render each due item and hand it to the chat platform.

A failed post is retried with backoff; items of a channel whose post failed wait for the
next round, so that a channel's notices keep their order. Nothing is lost: an item stays
in the outbox until the platform accepted it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path
from typing import Protocol

import yaml

from bot import posts
from bot.domain.model import EventKind, QuestionState
from bot.domain.outbox import DIGEST, REMINDER, OutboxItem, OutboxStatus, after_failure
from bot.drafting.environment import render_string
from bot.messages import Messages
from bot.services.context import Deps
from bot.services.digest import build

log = logging.getLogger(__name__)
DELIVERY_PERIOD = 5.0


class Transport(Protocol):
    def accepts(self, item: OutboxItem) -> bool:
        """False for items this platform shows otherwise: they are marked sent unposted."""

    async def send(self, item: OutboxItem, text: str) -> None:
        """Post ``text``; raise on failure so that the item is retried."""


class Deliverer:
    def __init__(self, deps: Deps, messages: Messages, messages_dir: Path) -> None:
        self.deps = deps
        self.messages = messages
        self.notices: dict[str, str] = yaml.safe_load(
            (messages_dir / "fr" / "notices.yml").read_text("utf-8")
        )

    def claim(self, limit: int = 20) -> list[OutboxItem]:
        with self.deps.uow() as uow:
            items = uow.repo.claim(self.deps.clock.now(), limit)
            uow.commit()
            return items

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
        with self.deps.uow() as uow:
            event = uow.repo.event(item.crisis_id, int(item.payload["seq"]))
            if event is None or event.kind not in self.notices:
                return None
            draft = None
            if event.kind == EventKind.BROUILLON_PUBLIE:
                draft = uow.repo.draft(item.crisis_id, int(event.subject.split()[-1]))
        source = self.notices[event.kind]
        return render_string(self.messages.env, source, e=event, draft=draft, lang="fr")

    def digest_text(self, item: OutboxItem) -> str | None:
        assert item.crisis_id is not None
        with self.deps.read() as uow:
            crisis = uow.repo.crisis_for_channel(item.channel)
            if crisis is None:
                return None
            since, upto = int(item.payload["since"]), int(item.payload["upto"])
            digest = build(self.deps, uow.repo, crisis, since, upto)
        template = self.messages.env.get_template("fr/posts/digest.j2")
        return template.render(d=digest, insurer_days=self.deps.insurer_days, lang="fr").strip()

    def reminder_text(self, item: OutboxItem) -> str | None:
        assert item.crisis_id is not None
        with self.deps.read() as uow:
            question = uow.repo.question(item.crisis_id, int(item.payload["number"]))
        if question is None or question.state is not QuestionState.OUVERTE:
            return None
        template = self.messages.env.get_template("fr/posts/reminder.j2")
        return template.render(q=question, moment=item.payload["moment"], lang="fr").strip()

    def record(self, item: OutboxItem, error: str | None) -> None:
        with self.deps.uow() as uow:
            now = self.deps.clock.now()
            if error is None:
                item.status, item.sent_at, item.last_error = OutboxStatus.SENT, now, None
            else:
                after_failure(item, error, now)
            uow.repo.save_outbox(item)
            uow.commit()

    def release(self, item: OutboxItem) -> None:
        """Give back an item not tried this round."""
        with self.deps.uow() as uow:
            item.status, item.next_attempt_at = OutboxStatus.PENDING, self.deps.clock.now()
            uow.repo.save_outbox(item)
            uow.commit()

    async def deliver_due(self, transport: Transport) -> int:
        """Deliver what is due now; return how many items were posted."""
        items = await asyncio.to_thread(self.claim)
        blocked: set[str] = set()
        sent = 0
        for item in items:
            target = item.recipient or item.channel
            if target in blocked:
                await asyncio.to_thread(self.release, item)
                continue
            try:
                text = (
                    await asyncio.to_thread(self.text_of, item) if transport.accepts(item) else None
                )
                if text is not None:
                    await transport.send(item, text)
            except Exception as exc:
                log.warning("delivery of %s failed: %s", item.key, exc, exc_info=True)
                blocked.add(target)
                await asyncio.to_thread(self.record, item, f"{type(exc).__name__}: {exc}")
                continue
            await asyncio.to_thread(self.record, item, None)
            sent += 1
        return sent

    async def run_forever(self, transport: Transport, bell: asyncio.Event) -> None:
        """Deliver the outbox when a command rings the bell, and every few seconds anyway."""
        while True:
            try:
                await self.deliver_due(transport)
            except Exception:
                log.exception("outbox delivery round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(bell.wait(), timeout=DELIVERY_PERIOD)
            bell.clear()
