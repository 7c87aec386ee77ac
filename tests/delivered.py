"""Delivering every post of the outbox in a test, on every platform, to a sink."""

from __future__ import annotations

import asyncio

from bot.bootstrap import Application
from bot.domain.outbox import CONSOLE, SLACK, TEAMS, OutboxItem


class Sink:
    """A transport of ``platform`` that takes every post and keeps it."""

    def __init__(self, platform: str) -> None:
        self.platform = platform
        self.sent: list[tuple[OutboxItem, str]] = []

    def accepts(self, item: OutboxItem) -> bool:
        return True

    async def already_sent(self, item: OutboxItem) -> bool:
        return False

    async def send(self, item: OutboxItem, text: str, plain: bool = False) -> None:
        self.sent.append((item, text))


def deliver_everything(app: Application) -> list[tuple[OutboxItem, str]]:
    """Post every due item of every platform; return what was posted."""
    sent = []
    for platform in (CONSOLE, SLACK, TEAMS):
        sink = Sink(platform)
        while asyncio.run(app.deliverer.deliver_due(sink)):
            pass
        sent += sink.sent
    return sent
