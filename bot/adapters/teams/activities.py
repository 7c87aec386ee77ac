"""Reading a Teams activity: its crisis channel, its author, the people it mentions, the
command it carries."""

from __future__ import annotations

import html
import re
from typing import Any

from microsoft_agents.activity import Activity

from bot.adapters.teams.cards import card_command
from bot.domain.commands import Command
from bot.domain.people import Person, Platform

_MENTION = re.compile(r"<at>(.*?)</at>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def channel_of(activity: Activity) -> str:
    """The crisis's conversation: the Teams *channel* (``channelData.channel.id``) for a
    channel post, whatever its thread; the chat itself otherwise."""
    data: Any = activity.channel_data
    if isinstance(data, dict):
        channel = (data.get("channel") or {}).get("id") or data.get("teamsChannelId")
    else:
        channel = getattr(getattr(data, "channel", None), "id", None)
    if channel:
        return str(channel)
    conversation = activity.conversation.id if activity.conversation else ""
    return conversation.split(";messageid=")[0]


def is_personal(activity: Activity) -> bool:
    """A one-to-one chat between a person and the bot."""
    conversation = activity.conversation
    return bool(conversation and (conversation.conversation_type or "") == "personal")


def tenant_of(activity: Activity) -> str | None:
    conversation = activity.conversation
    if conversation and conversation.tenant_id:
        return str(conversation.tenant_id)
    data: Any = activity.channel_data
    if isinstance(data, dict):
        return (data.get("tenant") or {}).get("id")
    return None


def sender(activity: Activity) -> Person:
    """The author of the activity: the ``29:`` id they also have when mentioned."""
    person = activity.from_property
    if person is None or not person.id:
        return Person(Platform.TEAMS, "inconnu", "?")
    return Person(Platform.TEAMS, person.id, person.name or person.id)


def mentioned(activity: Activity) -> dict[str, Person]:
    """The people mentioned, by the ``@Name`` token that replaces their ``<at>`` tag; the
    bot's own mention is left out."""
    bot_id = activity.recipient.id if activity.recipient else None
    found: dict[str, Person] = {}
    for entity in activity.entities or []:
        data = entity.model_dump(by_alias=True) if hasattr(entity, "model_dump") else {}
        if data.get("type") != "mention":
            continue
        who = data.get("mentioned") or {}
        if not who.get("id") or who.get("id") == bot_id:
            continue
        person = Person(Platform.TEAMS, str(who["id"]), str(who.get("name") or who["id"]))
        found["@" + person.name] = person
    return found


def command_text(activity: Activity) -> str | Command:
    """The command typed (the bot's mention removed, other mentions as ``@Name``), or the
    typed command a card carries."""
    value: Any = activity.value
    if isinstance(value, dict):
        command = card_command(value)
        if command is not None:
            return command
    bot_name = activity.recipient.name if activity.recipient else None

    def at(match: re.Match[str]) -> str:
        name = html.unescape(match.group(1)).strip()
        return " " if name == bot_name else "@" + " ".join(name.split())

    raw = _MENTION.sub(at, activity.text or "")
    return " ".join(html.unescape(_TAG.sub("", raw)).split())


def card_channel(activity: Activity) -> str | None:
    """The crisis channel a card shown in a one-to-one chat carries in its data."""
    value: Any = activity.value
    if not isinstance(value, dict):
        return None
    action = value.get("action")
    data = action.get("data") if isinstance(action, dict) else value
    channel = data.get("channel") if isinstance(data, dict) else None
    return str(channel) if channel else None
