"""Posting outbox items in Teams: proactively, in the conversation the bot last heard from."""

from __future__ import annotations

from microsoft_agents.activity import Activity, ActivityTypes, Attachment, ConversationReference
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import ClaimsIdentity, TurnContext

from bot.adapters.teams.app import CARD_TYPE
from bot.adapters.teams.cards import card
from bot.adapters.teams.references import channel_key, reference_for, user_key
from bot.bootstrap import Application
from bot.domain.outbox import OutboxItem
from bot.domain.people import Platform, platform_of

ANONYMOUS_AUDIENCE = "https://api.botframework.com"


class UnknownConversation(Exception):
    """No message was ever received from this conversation: Teams allows no post yet."""


class TeamsTransport:
    def __init__(self, application: Application, adapter: CloudAdapter, app_id: str) -> None:
        self.application = application
        self.adapter = adapter
        self.app_id = app_id

    def accepts(self, item: OutboxItem) -> bool:
        return platform_of(item.channel) is Platform.TEAMS

    async def send(self, item: OutboxItem, text: str) -> None:
        reference = None
        if item.recipient:
            reference = reference_for(self.application, user_key(item.recipient))
        if reference is None:
            reference = reference_for(self.application, channel_key(item.channel))
        if reference is None:
            raise UnknownConversation(item.channel)
        attachment = Attachment(content_type=CARD_TYPE, content=card(text))
        message = Activity(
            type=ActivityTypes.message, text=text, text_format="plain", attachments=[attachment]
        )

        async def post(context: TurnContext) -> None:
            await context.send_activity(message)

        continuation = ConversationReference.model_validate(reference).get_continuation_activity()
        if self.app_id:
            await self.adapter.continue_conversation(self.app_id, continuation, post)
        else:
            await self.adapter.continue_conversation_with_claims(
                ClaimsIdentity(), continuation, post, audience=ANONYMOUS_AUDIENCE
            )
