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

from bot.adapters.teams.cards import card
from bot.adapters.teams.references import remember
from bot.bootstrap import Answer, Application
from bot.config import Settings
from bot.domain.outbox import TEAMS

log = logging.getLogger(__name__)
_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
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


def command_text(activity: Activity) -> str:
    """The command typed (mentions of the bot removed) or carried by a card submission."""
    value: Any = activity.value
    if isinstance(value, dict) and value.get("crise"):
        text = str(value["crise"])
        if value.get("motif"):
            text += " " + " ".join(str(value["motif"]).split())
        return text
    raw = _MENTION.sub(" ", activity.text or "")
    return html.unescape(_TAG.sub("", raw)).strip()


def reply_activity(answer: Answer, labels: dict[str, str]) -> Activity:
    content = card(answer.text, answer.draft_number, labels)
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
        person = activity.from_property
        user = (person.aad_object_id or person.id) if person else "inconnu"
        channel = activity.conversation.id if activity.conversation else ""
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
        answer = await application.answer_async(
            user, channel, command_text(activity), request, TEAMS
        )
        if answer.public and not answer.error:
            kick()
            return
        await context.send_activity(reply_activity(answer, labels))

    agent.activity(ActivityTypes.message)(on_message)
    return agent, adapter, config
