"""Posting outbox items in Teams, proactively: a channel's shared changes open the crisis
thread, then continue it; reminders go to the person's one-to-one chat with the bot."""

from __future__ import annotations

import re

from microsoft_agents.activity import ConversationReference
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import ClaimsIdentity, TurnContext

from bot.adapters.teams.conversations import Conversations
from bot.adapters.teams.references import (
    channel_key,
    reference_for,
    save_reference,
    thread_key,
    user_key,
)
from bot.delivery import Unreachable
from bot.domain.model import EventKind
from bot.domain.outbox import TEAMS, OutboxItem
from bot.domain.people import Platform, platform_of

_PERSON = re.compile(r"@(29:[A-Za-z0-9_\-]+)")
ANONYMOUS_AUDIENCE = "https://api.botframework.com"
BUTTONS_ON = frozenset({EventKind.BROUILLON_REDIGE, EventKind.BROUILLON_APPROUVE})


def humanize(text: str, names: dict[str, str]) -> str:
    """Show ``@29:…`` as ``@Name``, with the name Teams last gave for that person."""
    return _PERSON.sub(lambda m: "@" + names.get(m.group(1), m.group(1)), text)


class UnknownConversation(Unreachable):
    """No message was ever received from this conversation: Teams allows no post yet."""


class TeamsTransport:
    platform = TEAMS

    def __init__(self, talk: Conversations, adapter: CloudAdapter, app_id: str) -> None:
        self.talk = talk
        self.application = talk.application
        self.adapter = adapter
        self.app_id = app_id

    def accepts(self, item: OutboxItem) -> bool:
        return platform_of(item.channel) is Platform.TEAMS

    async def target(self, item: OutboxItem) -> tuple[ConversationReference, str | None]:
        """Where to post, and the channel whose crisis thread this post opens (None when it
        continues one, or goes to a chat)."""
        if item.recipient:
            saved = await self.talk.call(reference_for, self.application, user_key(item.recipient))
            if saved is not None:
                return ConversationReference.model_validate(saved), None
        saved = await self.talk.call(reference_for, self.application, channel_key(item.channel))
        if saved is None:
            raise UnknownConversation(item.channel)
        reference = ConversationReference.model_validate(saved)
        conversation = reference.conversation
        if (conversation.conversation_type or "") != "channel":
            return reference, None
        root = conversation.id.split(";messageid=")[0]
        thread = await self.talk.call(reference_for, self.application, thread_key(item.channel))
        if thread is None:
            conversation.id = root
            return reference, item.channel
        conversation.id = f"{root};messageid={thread['id']}"
        return reference, None

    async def already_sent(self, item: OutboxItem) -> bool:
        """Teams gives no way to list a conversation's recent posts by key: not looked up."""
        return False

    async def send(self, item: OutboxItem, text: str) -> None:
        reference, opens = await self.target(item)
        draft = None
        if item.payload.get("kind") in BUTTONS_ON:
            draft = int(str(item.payload["subject"]).split()[-1])
        text = humanize(text, await self.talk.call(self.application.names))
        activities = self.talk.cards(text, draft, item.channel, None)
        posted: list[str] = []

        async def post(context: TurnContext) -> None:
            context.activity.id = None  # a new message (or a reply in the thread), not an answer
            for activity in activities:
                response = await context.send_activity(activity)
                posted.append(response.id if response and response.id else "")

        continuation = reference.get_continuation_activity()
        if self.app_id:
            await self.adapter.continue_conversation(self.app_id, continuation, post)
        else:
            await self.adapter.continue_conversation_with_claims(
                ClaimsIdentity(), continuation, post, audience=ANONYMOUS_AUDIENCE
            )
        if opens and posted and posted[0]:
            thread = {"id": posted[0]}
            await self.talk.call(save_reference, self.application, thread_key(opens), thread)
