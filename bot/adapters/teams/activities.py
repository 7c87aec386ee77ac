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
    """The author of the activity: the ``29:`` id they also have when mentioned, and their
    Entra object id (``aadObjectId``), by which ``CRISISBOT_ADMINS`` may name them."""
    person = activity.from_property
    if person is None or not person.id:
        return Person(Platform.TEAMS, "inconnu", "?")
    entra = (person.aad_object_id,) if person.aad_object_id else ()
    return Person(Platform.TEAMS, person.id, person.name or person.id, entra)


def _mention_entities(activity: Activity) -> list[tuple[str, str, str]]:
    """Each mention entity as (its ``<at>`` text, normalised; the id; the full name)."""
    found = []
    for entity in activity.entities or []:
        data = entity.model_dump(by_alias=True) if hasattr(entity, "model_dump") else {}
        who = data.get("mentioned") or {}
        if data.get("type") != "mention" or not who.get("id"):
            continue
        match = _MENTION.search(str(data.get("text") or ""))
        shown = _shown(match.group(1) if match else str(who.get("name") or ""))
        found.append((shown, str(who["id"]), str(who.get("name") or shown)))
    return found


def _shown(inner: str) -> str:
    """The name inside an ``<at>`` tag as the person reads it, entities decoded."""
    return " ".join(html.unescape(inner).split())


def _mentions(activity: Activity) -> tuple[str, dict[str, Person]]:
    """The text with each ``<at>`` tag as a ``@Name`` token (the bot's removed), and the
    person of each token. A tag is matched to its entity by the text Teams gives both, in
    order: a name shortened in the message (``<at>Marc</at>`` for Marc Bernard) is still
    Marc Bernard, by his id. The rest of the text loses its markup."""
    bot_id = activity.recipient.id if activity.recipient else None
    entities = _mention_entities(activity)
    tokens: dict[str, Person] = {}
    pieces: list[str] = []
    text = activity.text or ""
    at = 0
    for match in _MENTION.finditer(text):
        pieces.append(_plain(text[at : match.start()]))
        at = match.end()
        shown = _shown(match.group(1))
        entity = next((e for e in entities if e[0] == shown), None)
        if entity is None:
            bot_name = activity.recipient.name if activity.recipient else None
            pieces.append(" " if shown == bot_name else " @" + shown + " ")
            continue
        entities.remove(entity)
        _, user, name = entity
        if user == bot_id:
            pieces.append(" ")
            continue
        token = "@" + shown
        number = 1
        while token in tokens and tokens[token].id != user:
            number += 1
            token = f"@{shown} ({number})"
        tokens[token] = Person(Platform.TEAMS, user, name)
        pieces.append(" " + token + " ")
    pieces.append(_plain(text[at:]))
    return " ".join("".join(pieces).split()), tokens


def _plain(markup: str) -> str:
    return html.unescape(_TAG.sub("", markup))


def mentioned(activity: Activity) -> dict[str, Person]:
    """The people mentioned, by the ``@Name`` token that replaces their ``<at>`` tag; the
    bot's own mention is left out."""
    return _mentions(activity)[1]


def command_text(activity: Activity) -> str | Command:
    """The command typed (the bot's mention removed, other mentions as ``@Name``), or the
    typed command a card carries."""
    value: Any = activity.value
    if isinstance(value, dict):
        command = card_command(value)
        if command is not None:
            return command
    return _mentions(activity)[0]


def card_channel(activity: Activity) -> str | None:
    """The crisis channel a card shown in a one-to-one chat carries in its data."""
    value: Any = activity.value
    if not isinstance(value, dict):
        return None
    action = value.get("action")
    data = action.get("data") if isinstance(action, dict) else value
    channel = data.get("channel") if isinstance(data, dict) else None
    return str(channel) if channel else None
