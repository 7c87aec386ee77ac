"""Posting outbox items in Slack: notices and digests in the channel, reminders in the
owner's direct messages (in the channel, mentioning them, when Slack refuses the DM).

People are mentioned (``<@U…>``): Slack notifies them and shows their current name. A rate
limit (429) is not waited out here: the deliverer holds that channel only."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack import blocks
from bot.adapters.slack.format import Names, escape, pages
from bot.delivery import RetryAfter
from bot.domain.model import EventKind
from bot.domain.outbox import OutboxItem
from bot.domain.people import unmark

log = logging.getLogger(__name__)
BUTTONS_ON = frozenset({EventKind.BROUILLON_REDIGE, EventKind.BROUILLON_APPROUVE})
_SLACK_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
DEFAULT_WAIT = 30.0


def mention(person_id: str, name: str) -> str:
    return f"<@{person_id}>" if _SLACK_ID.match(person_id) else "@" + escape(name)


class SlackTransport:
    mentions = True

    def __init__(self, client: AsyncWebClient, names: Names, labels: dict[str, str]) -> None:
        self.client = client
        self.names = names
        self.labels = labels

    def accepts(self, item: OutboxItem) -> bool:
        return True

    async def send(self, item: OutboxItem, text: str) -> None:
        shown = unmark(self.names.humanize(text), mention)
        draft = None
        if item.payload.get("kind") in BUTTONS_ON:
            draft = int(str(item.payload["subject"]).split()[-1])
        if item.recipient:
            try:
                await self.post(item.recipient, shown, draft)
                return
            except SlackApiError as exc:
                if exc.response.status_code == 429:
                    raise RetryAfter(wait_of(exc)) from exc
                log.warning(
                    "direct message to %s refused (%s): posted in the channel", item.recipient, exc
                )
            shown = f"{mention(item.recipient, item.recipient)} {shown}"
        try:
            await self.post(item.channel, shown, draft)
        except SlackApiError as exc:
            if exc.response.status_code == 429:
                raise RetryAfter(wait_of(exc)) from exc
            raise

    async def post(self, channel: str, text: str, draft: int | None) -> None:
        messages = pages(text)
        for index, group in enumerate(messages):
            last = index == len(messages) - 1
            blocks_: list[dict[str, Any]] = list(group)
            if last and draft is not None:
                blocks_.append(blocks.draft_actions(draft, self.labels))
            await self.client.chat_postMessage(
                channel=channel,
                text=str(group[0]["text"]["text"])[:3000] if group else text[:3000],
                blocks=blocks_,
                unfurl_links=False,
                unfurl_media=False,
            )


def wait_of(error: SlackApiError) -> float:
    """Seconds Slack asks to wait (``Retry-After``)."""
    headers = error.response.headers or {}
    value = headers.get("Retry-After") or headers.get("retry-after")
    if isinstance(value, list):
        value = value[0] if value else None
    try:
        return float(value) if value is not None else DEFAULT_WAIT
    except ValueError:
        return DEFAULT_WAIT
