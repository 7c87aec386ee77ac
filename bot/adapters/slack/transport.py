"""Posting outbox items in Slack: notices and digests in the channel, reminders in private."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack import blocks
from bot.adapters.slack.format import Names
from bot.domain.model import EventKind
from bot.domain.outbox import SLACK, OutboxItem

log = logging.getLogger(__name__)
BUTTONS_ON = frozenset({EventKind.BROUILLON_REDIGE, EventKind.BROUILLON_APPROUVE})
METADATA_EVENT = "crisisbot_outbox"
HISTORY_LIMIT = 100


class SlackTransport:
    platform = SLACK

    def __init__(self, client: AsyncWebClient, names: Names, labels: dict[str, str]) -> None:
        self.client = client
        self.names = names
        self.labels = labels

    def accepts(self, item: OutboxItem) -> bool:
        return True

    async def already_sent(self, item: OutboxItem) -> bool:
        """Whether the channel's recent history holds a message carrying the item's key.
        Private reminders (to a person) are not looked up; without the history scopes
        (channels:history, groups:history) the item is posted again."""
        if item.recipient:
            return False
        try:
            history = await self.client.conversations_history(
                channel=item.channel, limit=HISTORY_LIMIT, include_all_metadata=True
            )
        except SlackApiError as exc:
            log.warning("cannot read the history of %s (%s): posting again", item.channel, exc)
            return False
        for message in history.get("messages") or []:
            metadata = message.get("metadata") or {}
            if (metadata.get("event_payload") or {}).get("key") == item.key:
                return True
        return False

    async def send(self, item: OutboxItem, text: str) -> None:
        shown = await self.names.humanize(text)
        draft = None
        if item.payload.get("kind") in BUTTONS_ON:
            draft = int(item.payload.get("draft") or str(item.payload["subject"]).split()[-1])
        await self.client.chat_postMessage(
            channel=item.recipient or item.channel,
            metadata={"event_type": METADATA_EVENT, "event_payload": {"key": item.key}},
            text=shown[:3000],
            blocks=blocks.message(shown, draft, self.labels),
            unfurl_links=False,
            unfurl_media=False,
        )
