"""Text for Slack: mrkdwn escaping and user names."""

from __future__ import annotations

import logging
import re

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)
_USER_ID = re.compile(r"@([UW][A-Z0-9]{6,})\b")
LIMIT = 2900


def escape(text: str) -> str:
    """Escape the three characters mrkdwn reserves, so that no text pings or forges a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sections(text: str) -> list[dict[str, object]]:
    """Section blocks of at most ``LIMIT`` characters, cut at paragraph ends when possible."""
    blocks: list[dict[str, object]] = []
    rest = text
    while rest:
        cut = len(rest) if len(rest) <= LIMIT else (rest.rfind("\n", 0, LIMIT) + 1 or LIMIT)
        chunk, rest = rest[:cut], rest[cut:]
        if chunk.strip():
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": chunk}})
    return blocks


class Names:
    """Display names from ``users.info``, cached for the life of the process."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client
        self.cache: dict[str, str] = {}

    def cached(self, user_id: str) -> str | None:
        return self.cache.get(user_id)

    def learn(self, user_id: str, name: str | None) -> None:
        """A name Slack sent with a payload (``user.name``, a mention's label)."""
        if name and user_id not in self.cache:
            self.cache[user_id] = name

    async def name(self, user_id: str) -> str:
        if user_id not in self.cache:
            try:
                response = await self.client.users_info(user=user_id)
                user = response.get("user") or {}
                profile = user.get("profile") or {}
                self.cache[user_id] = (
                    profile.get("display_name")
                    or profile.get("real_name")
                    or user.get("name")
                    or user_id
                )
            except SlackApiError as exc:
                log.warning("users.info failed for %s: %s", user_id, exc)
                return user_id
        return self.cache[user_id]

    async def humanize(self, text: str) -> str:
        """Escape ``text`` for mrkdwn and show ``@U123`` as ``@Name``."""
        escaped = escape(text)
        for user_id in set(_USER_ID.findall(escaped)):
            escaped = escaped.replace(f"@{user_id}", "@" + escape(await self.name(user_id)))
        return escaped
