"""The Agents SDK application: each message (or card submission) is one ``/crise`` command."""

from __future__ import annotations

import asyncio
import html
import json
import logging
import re
from collections.abc import Callable
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, Attachment
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import (
    AgentApplication,
    AgentAuthConfiguration,
    AnonymousTokenProvider,
    ConnectionManager,
    MemoryStorage,
    TurnContext,
    TurnState,
)

from bot.adapters.teams.cards import card, card_command
from bot.adapters.teams.references import remember
from bot.bootstrap import Answer, Application
from bot.config import Settings
from bot.domain.commands import Command
from bot.domain.people import Person, Platform
from bot.drafting.document import readable

log = logging.getLogger(__name__)
_MENTION = re.compile(r"<at>(.*?)</at>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
CARD_TYPE = "application/vnd.microsoft.card.adaptive"


def auth_configuration(settings: Settings) -> AgentAuthConfiguration:
    if settings.teams_client_id:
        return AgentAuthConfiguration(
            client_id=settings.teams_client_id,
            tenant_id=settings.teams_tenant_id,
            client_secret=settings.teams_client_secret,
        )
    return AgentAuthConfiguration(anonymous_allowed=True)


def connections_for(settings: Settings, config: AgentAuthConfiguration) -> ConnectionManager:
    """MSAL tokens with an app registration; anonymous ones for a local test client."""
    connections: dict[str, AgentAuthConfiguration] = {"SERVICE_CONNECTION": config}
    if settings.teams_client_id:
        return MsalConnectionManager(connections_configurations=connections)
    return ConnectionManager(
        provider_factory=lambda _config: AnonymousTokenProvider(),
        connections_configurations=connections,
    )


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


def reply_activity(answer: Answer, labels: dict[str, str]) -> Activity:
    number = answer.draft_number
    draft_text = readable(answer.reply.data["view"].draft.text) if number is not None else ""
    content = card(answer.text, number, labels, draft_text)
    attachment = Attachment(content_type=CARD_TYPE, content=content)
    return Activity(
        type=ActivityTypes.message, text=answer.text, text_format="plain", attachments=[attachment]
    )


def build(
    application: Application, labels: dict[str, str], kick: Callable[[], None]
) -> tuple[AgentApplication[TurnState], CloudAdapter, AgentAuthConfiguration]:
    settings = application.settings
    config = auth_configuration(settings)
    manager = connections_for(settings, config)
    adapter = CloudAdapter(connection_manager=manager)
    agent: AgentApplication[TurnState] = AgentApplication[TurnState](
        storage=MemoryStorage(), connection_manager=manager
    )

    async def on_message(context: TurnContext, state: TurnState) -> None:
        activity = context.activity
        person = sender(activity)
        user = person.id
        channel = channel_of(activity)
        reference = activity.get_conversation_reference()
        personal = (
            (activity.conversation.conversation_type or "") == "personal"
            if activity.conversation
            else False
        )
        saved = json.loads(reference.model_dump_json())
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(
            application.executor, remember, application, channel, user if personal else None, saved
        )
        request = f"teams:{channel}:{activity.id}"
        mentions = application.mentions(Platform.TEAMS, mentioned(activity))
        command = command_text(activity)
        answer = await application.answer_async(person, channel, command, request, mentions)
        if answer.public and not answer.error:
            kick()
            return
        await context.send_activity(reply_activity(answer, labels))

    agent.activity(ActivityTypes.message)(on_message)
    return agent, adapter, config
