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
from bot.domain.outbox import SLACK, OutboxItem, Posted
from bot.domain.people import Platform, platform_of, unmark

log = logging.getLogger(__name__)
BUTTONS_ON = frozenset({EventKind.BROUILLON_REDIGE, EventKind.BROUILLON_APPROUVE})
METADATA_EVENT = "crisisbot_outbox"
HISTORY_LIMIT = 100
_SLACK_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
DEFAULT_WAIT = 30.0


def mention(person_id: str, name: str) -> str:
    return f"<@{person_id}>" if _SLACK_ID.match(person_id) else "@" + escape(name)


class SlackTransport:
    platform = SLACK
    mentions = True

    def __init__(self, client: AsyncWebClient, names: Names, labels: dict[str, str]) -> None:
        self.client = client
        self.names = names
        self.labels = labels
        # Per outbox key, the messages of a long post that the channel already shows: a
        # post cut short after its first messages is finished, not begun again.
        self.shown: dict[str, Posted] = {}

    def accepts(self, item: OutboxItem) -> bool:
        return platform_of(item.channel) is Platform.SLACK

    async def already_sent(self, item: OutboxItem) -> bool:
        """Whether the channel's recent history holds every message of the item (each
        carries the item's key, its page and the number of pages); the pages it holds are
        remembered so that ``send`` posts only the others. Private reminders (to a person)
        are not looked up; without the history scopes (channels:history, groups:history)
        the item is posted again."""
        self.shown.pop(item.key, None)
        if item.recipient:
            return False
        try:
            history = await self.client.conversations_history(
                channel=item.channel, limit=HISTORY_LIMIT, include_all_metadata=True
            )
        except SlackApiError as exc:
            log.warning("cannot read the history of %s (%s): posting again", item.channel, exc)
            return False
        found: dict[int, str] = {}
        total = 1
        for message in history.get("messages") or []:
            payload = (message.get("metadata") or {}).get("event_payload") or {}
            if payload.get("key") == item.key:
                found[int(payload.get("page", 0))] = str(message.get("ts") or "")
                total = max(total, int(payload.get("pages", 1)))
        posted = Posted(found, total)
        if posted.complete:
            return True
        self.shown[item.key] = posted
        return False

    async def send(self, item: OutboxItem, text: str) -> None:
        shown = unmark(self.names.humanize(text), mention)
        draft = None
        if item.payload.get("kind") in BUTTONS_ON:
            draft = int(item.payload.get("draft") or str(item.payload["subject"]).split()[-1])
        if item.recipient:
            try:
                await self.post(item.recipient, shown, draft, item.key)
                return
            except SlackApiError as exc:
                if exc.response.status_code == 429:
                    raise RetryAfter(wait_of(exc)) from exc
                log.warning(
                    "direct message to %s refused (%s): posted in the channel", item.recipient, exc
                )
            shown = f"{mention(item.recipient, item.recipient)} {shown}"
        try:
            await self.post(item.channel, shown, draft, item.key)
        except SlackApiError as exc:
            if exc.response.status_code == 429:
                raise RetryAfter(wait_of(exc)) from exc
            raise

    async def post(self, channel: str, text: str, draft: int | None, key: str) -> None:
        """Post ``text`` in as many messages as Slack's limits need, each carrying the outbox
        key, its page and the number of pages in its metadata, so that a post is never sent
        twice after a lost answer, nor left half sent; the pages the channel already shows
        (``already_sent``) are skipped."""
        messages = pages(text)
        shown = self.shown.pop(key, Posted())
        for index, group in enumerate(messages):
            if shown.has(index):
                continue
            last = index == len(messages) - 1
            blocks_: list[dict[str, Any]] = list(group)
            if last and draft is not None:
                blocks_.append(blocks.draft_actions(draft, self.labels))
            payload = {"key": key, "page": index, "pages": len(messages)}
            await self.client.chat_postMessage(
                channel=channel,
                metadata={"event_type": METADATA_EVENT, "event_payload": payload},
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
