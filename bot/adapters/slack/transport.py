"""Posting outbox items in Slack: notices and digests in the channel, reminders in private."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack import blocks
from bot.adapters.slack.format import Names
from bot.domain.model import EventKind
from bot.domain.outbox import OutboxItem
from bot.domain.people import Platform, platform_of

BUTTONS_ON = frozenset({EventKind.BROUILLON_REDIGE, EventKind.BROUILLON_APPROUVE})


class SlackTransport:
    def __init__(self, client: AsyncWebClient, names: Names, labels: dict[str, str]) -> None:
        self.client = client
        self.names = names
        self.labels = labels

    def accepts(self, item: OutboxItem) -> bool:
        return platform_of(item.channel) is Platform.SLACK

    async def send(self, item: OutboxItem, text: str) -> None:
        shown = await self.names.humanize(text)
        draft = None
        if item.payload.get("kind") in BUTTONS_ON:
            draft = int(str(item.payload["subject"]).split()[-1])
        await self.client.chat_postMessage(
            channel=item.recipient or item.channel,
            text=shown[:3000],
            blocks=blocks.message(shown, draft, self.labels),
            unfurl_links=False,
            unfurl_media=False,
        )
