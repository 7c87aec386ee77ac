"""Text for Slack: mrkdwn escaping and user names."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)
_USER_ID = re.compile(r"@([UW][A-Z0-9]{6,})\b")
SECTION = 2900  # characters of a section block (Slack: 3000)
PER_MESSAGE = 12  # section blocks of a message: under 50 blocks and 40 000 characters
PAGE = 200  # people per users.list page


def escape(text: str) -> str:
    """Escape the three characters mrkdwn reserves, so that no text pings or forges a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# What a cut must not split: Slack's markup (``<@U…>``, ``<#C…|name>``, ``<https://…|label>``),
# an entity (``&amp;``, ``&lt;``), and, when the text leaves a choice, a ``*bold*`` span.
_TOKEN = re.compile(r"<[^<>\n]*>|&#?\w+;")
_BOLD = re.compile(r"(?<![\w*])\*[^*\n]+\*(?![\w*])")
# Where a cut may fall, best first: between paragraphs, lines, sentences, words. A better
# boundary is taken only in the second half of the section, so that no section is tiny.
_BOUNDARIES = (
    re.compile(r"\n[ \t]*\n\s*"),
    re.compile(r"[ \t]*\n\s*"),
    re.compile(r"(?<=[.!?…])\s+"),
    re.compile(r"\s+"),
)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < position < end for start, end in spans)


def cut(text: str, limit: int) -> tuple[int, int]:
    """Where to cut ``text``, longer than ``limit``: the end of the first piece and the start
    of the rest (the whitespace at the cut ends the piece, or is dropped where it does not
    fit). Never inside a token, nor inside a bold
    span where the text allows; a word longer than ``limit`` is cut before its token."""
    tokens = [m.span() for m in _TOKEN.finditer(text, 0, 2 * limit + 2)]
    bold = [m.span() for m in _BOLD.finditer(text, 0, 2 * limit + 2)]
    for protected in (tokens + bold, tokens):
        for rank, boundary in enumerate(_BOUNDARIES):
            lowest = 1 if rank == len(_BOUNDARIES) - 1 else limit // 2
            found = [
                m.span()
                for m in boundary.finditer(text, 0, limit + 1)
                if lowest <= m.start() <= limit and not _inside(m.start(), protected)
            ]
            if found:
                start, end = found[-1]
                return (end if end <= limit else start), end
    straddling = [start for start, end in tokens if 0 < start < limit < end]
    position = straddling[0] if straddling else limit
    return position, position


def sections(text: str, limit: int = SECTION) -> list[dict[str, Any]]:
    """Section blocks of at most ``limit`` characters, cut on the safest boundary (``cut``)."""
    blocks: list[dict[str, Any]] = []
    rest = text
    while rest:
        end, start = (len(rest), len(rest)) if len(rest) <= limit else cut(rest, limit)
        chunk, rest = rest[:end], rest[start:]
        if chunk.strip():
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": chunk}})
    return blocks


def pages(text: str, per_message: int = PER_MESSAGE) -> list[list[dict[str, Any]]]:
    """The sections of ``text`` grouped into messages that Slack accepts, in reading order:
    the templates put what matters most first."""
    blocks = sections(text)
    return [blocks[i : i + per_message] for i in range(0, len(blocks), per_message)] or [[]]


def lines_in(blocks: list[dict[str, Any]]) -> int:
    return sum(str(block["text"]["text"]).strip().count("\n") + 1 for block in blocks)


def display_name(user: dict[str, Any]) -> str:
    """The name Slack shows for a user object (``users.list``, ``user_change``…)."""
    profile = user.get("profile") or {}
    return str(
        profile.get("display_name")
        or profile.get("real_name")
        or user.get("real_name")
        or user.get("name")
        or user.get("id")
    )


class Names:
    """Display names of the workspace, filled by ``users.list`` at start and kept current by
    the ``user_change`` and ``team_join`` events: a request never waits for a name."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client
        self.cache: dict[str, str] = {}

    def cached(self, user_id: str) -> str | None:
        return self.cache.get(user_id)

    def learn(self, user_id: str, name: str | None) -> None:
        """A name Slack sent with a payload (``user.name``, a mention's label): kept only
        until the directory says better."""
        if name and user_id not in self.cache:
            self.cache[user_id] = name

    def update(self, user: dict[str, Any]) -> str:
        """A user object from the directory or an event: its name replaces what was known."""
        name = display_name(user)
        self.cache[str(user["id"])] = name
        return name

    async def load(self, page: int = PAGE) -> int:
        """Read the whole directory, page by page; return how many people it holds."""
        cursor = None
        count = 0
        while True:
            try:
                response = await self.client.users_list(limit=page, cursor=cursor)
            except SlackApiError as exc:
                log.warning("users.list failed after %s people: %s", count, exc)
                return count
            for user in response.get("members") or []:
                if user.get("id") and not user.get("deleted"):
                    self.update(user)
                    count += 1
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return count

    def humanize(self, text: str) -> str:
        """Escape ``text`` for mrkdwn and show a known ``@U123`` as ``@Name``."""
        escaped = escape(text)
        for user_id in set(_USER_ID.findall(escaped)):
            name = self.cached(user_id)
            if name:
                escaped = escaped.replace(f"@{user_id}", "@" + escape(name))
        return escaped
