"""The Agents SDK application: each message (or card submission) is one ``/crise`` command;
card buttons and file consents are invokes; the bot says hello when it is added."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from microsoft_agents.activity import Activity, ActivityTypes
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

from bot.adapters.teams import invokes
from bot.adapters.teams.activities import (
    card_channel,
    channel_of,
    command_text,
    is_personal,
    mentioned,
    sender,
)
from bot.adapters.teams.cards import EDIT_LIMIT, card, edit_card
from bot.adapters.teams.conversations import Conversations, card_activity
from bot.adapters.teams.install import GRAPH, GRAPH_SCOPE, Installer
from bot.adapters.teams.references import crisis_of, remember
from bot.adapters.teams.wording import Wording
from bot.bootstrap import Answer, Application
from bot.commands.dispatch import split_command
from bot.commands.reply import Reply
from bot.config import Settings
from bot.domain.commands import Command, OpenEditForm
from bot.domain.people import Platform

log = logging.getLogger(__name__)
SENSITIVE = frozenset({"sensitive_data", "sensitive_contact"})


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


async def remember_turn(talk: Conversations, activity: Activity) -> None:
    person = sender(activity)
    reference = json.loads(activity.get_conversation_reference().model_dump_json())
    personal = person.id if is_personal(activity) else None
    await talk.call(remember, talk.application, channel_of(activity), personal, reference)


async def crisis_channel(talk: Conversations, activity: Activity) -> str:
    """The crisis a turn speaks about: the channel, or for a one-to-one chat the crisis
    channel its card carries, else the channel its author last wrote in."""
    carried = card_channel(activity)
    if carried:
        return carried
    if is_personal(activity):
        last = await talk.call(crisis_of, talk.application, sender(activity).id)
        if last:
            return last
    return channel_of(activity)


async def answer(
    context: TurnContext, talk: Conversations, command: str | Command, kick: Callable[[], None]
) -> tuple[Answer, str]:
    """Run the turn's command as its author, in its crisis."""
    activity = context.activity
    await remember_turn(talk, activity)
    channel = await crisis_channel(talk, activity)
    request = f"teams:{channel}:{activity.id}"
    mentions = talk.application.mentions(Platform.TEAMS, mentioned(activity))
    result = await talk.application.answer_async(
        sender(activity), channel, command, request, mentions
    )
    if result.public and not result.error:
        kick()
    return result, channel


async def reply(context: TurnContext, talk: Conversations, result: Answer, channel: str) -> None:
    """Shared changes reach the cell through the outbox; the rest answers the caller alone,
    in their one-to-one chat, with a pointer in the thread when it is a refusal."""
    if result.public and not result.error:
        return
    personal = is_personal(context.activity)
    if result.file is not None and not result.error:
        await invokes.offer_file(context, talk, result)
        return
    sent = await talk.private(context, result.text, result.draft_number, channel)
    if personal:
        return
    if result.error and result.reply.template in SENSITIVE:
        if sent:
            advice = await wording_of(talk, context, "sensitive_private")
            await talk.send_private(context, [card_activity(card(advice))])
        await talk.note(context, "sensitive_thread")
    elif not sent:
        return
    elif result.error:
        await talk.note(context, "private_pointer", name=context.activity.from_property.name)


async def wording_of(talk: Conversations, context: TurnContext, key: str) -> str:
    language = await talk.language(context.activity.from_property.id)
    return talk.wording.text(language, key)


def installer(settings: Settings, manager: ConnectionManager) -> Installer | None:
    """Proactive installation, where the tenant grants it and the app's catalog id is set."""
    if not settings.teams_app_catalog_id:
        return None

    async def token() -> str | None:
        if not settings.teams_client_id:
            return None
        provider = manager.get_default_connection()
        return await provider.get_access_token(GRAPH, [GRAPH_SCOPE])

    return Installer(settings.teams_graph_url, settings.teams_app_catalog_id, token)


def build(
    application: Application, labels: dict[str, str], kick: Callable[[], None]
) -> tuple[AgentApplication[TurnState], CloudAdapter, AgentAuthConfiguration, Conversations]:
    settings = application.settings
    config = auth_configuration(settings)
    manager = connections_for(settings, config)
    adapter = CloudAdapter(connection_manager=manager)
    agent: AgentApplication[TurnState] = AgentApplication[TurnState](
        storage=MemoryStorage(), connection_manager=manager
    )
    wording = Wording(settings.messages_dir, application.messages.env)
    talk = Conversations(application, labels, wording, installer=installer(settings, manager))

    async def on_message(context: TurnContext, state: TurnState) -> None:
        command = command_text(context.activity)
        if isinstance(command, str):
            name, args = split_command(command)
            if name == "ouvrir" and is_personal(context.activity):
                # A crisis belongs to the channel of its team: a one-to-one chat opens none.
                await talk.note(context, "open_in_channel")
                return
            if name == "modifier" and args.strip().isdigit():
                # The number alone: the edit card, prefilled with the text, in private.
                command = OpenEditForm(int(args), EDIT_LIMIT)
        result, channel = await answer(context, talk, command, kick)
        if isinstance(command, OpenEditForm) and not result.error:
            content = edit_card(command.number, result.reply.data["text"], labels, channel)
            await talk.send_private(context, [card_activity(content)])
            return
        await reply(context, talk, result, channel)

    async def on_conversation_update(context: TurnContext, state: TurnState) -> None:
        activity = context.activity
        bot_id = activity.recipient.id if activity.recipient else None
        if not any(member.id == bot_id for member in activity.members_added or []):
            return
        await remember_turn(talk, activity)
        await context.send_activity(card_activity(card(wording.text(None, "welcome"))))

    async def on_action(context: TurnContext, state: TurnState) -> None:
        await invokes.card_action(context, talk, kick, answer)

    async def on_file_consent(context: TurnContext, state: TurnState) -> None:
        await invokes.file_consent(context, talk)

    async def on_turn_error(context: TurnContext, error: Exception) -> None:
        """A French sentence for the user, the traceback for the log, never the error."""
        log.error("Teams turn failed", exc_info=error)
        text = application.messages.render(Reply("internal", {}, error=True))
        try:
            if context.activity.type == ActivityTypes.invoke:
                await invokes.respond(context, invokes.message_body(text))
            else:
                await context.send_activity(card_activity(card(text)))
        except Exception:
            log.exception("could not tell the user about the failure")

    agent.activity(ActivityTypes.message)(on_message)
    agent.activity(ActivityTypes.conversation_update)(on_conversation_update)
    agent.invoke("adaptiveCard/action")(on_action)
    agent.invoke("fileConsent/invoke")(on_file_consent)
    adapter.on_turn_error = on_turn_error
    return agent, adapter, config, talk
