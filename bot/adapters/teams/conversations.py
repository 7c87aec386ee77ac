"""Where a Teams answer goes: in the thread it answers, or in the caller's one-to-one chat
with the bot (created on first use), one card per message, paginated."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from aiohttp import ClientResponseError
from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    Attachment,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
)
from microsoft_agents.hosting.core import ConnectorClientBase, TurnContext

from bot.adapters.teams.activities import is_personal, tenant_of
from bot.adapters.teams.cards import (
    CARD_TYPE,
    MESSAGE_BYTES,
    PAGE_BYTES,
    card,
    encoded,
    notify,
    pages,
)
from bot.adapters.teams.install import Installer
from bot.adapters.teams.pacing import Pacer
from bot.adapters.teams.references import reference_for, save_reference, user_key
from bot.adapters.teams.wording import Wording
from bot.bootstrap import Application

T = TypeVar("T")
log = logging.getLogger(__name__)
# What the connector answers when it may not write to a person privately: the app is not
# installed for them (403, ``BotNotInConversationRoster``) or their chat is gone (404).
REFUSED = frozenset({403, 404})


def card_activity(content: dict[str, Any], content_type: str = CARD_TYPE) -> Activity:
    """A message whose only content is one attachment: no text beside it."""
    attachment = Attachment(content_type=content_type, content=content)
    return Activity(type=ActivityTypes.message, attachments=[attachment])


@dataclass
class Conversations:
    application: Application
    labels: dict[str, str]
    wording: Wording
    pacer: Pacer = field(default_factory=Pacer)
    installer: Installer | None = None

    async def call(self, function: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.application.executor, function, *args)

    async def language(self, user: str) -> str | None:
        return await self.call(self.application.language, user)

    def cards(
        self,
        text: str,
        draft: int | None,
        channel: str | None,
        language: str | None,
        people: list[tuple[str, str]] | None = None,
    ) -> list[Activity]:
        """One card per page; the buttons go on the last page. Each page mentions the
        ``people`` (id, name) it names as ``@Name``, so that Teams notifies them. A page
        whose message, measured as sent, would pass Teams' limit is cut smaller."""
        limit = PAGE_BYTES
        while True:
            result = self._cards(pages(text, limit), draft, channel, language, people)
            if all(encoded(activity) <= MESSAGE_BYTES for activity in result) or limit < 1000:
                return result
            limit //= 2

    def _cards(
        self,
        parts: list[str],
        draft: int | None,
        channel: str | None,
        language: str | None,
        people: list[tuple[str, str]] | None,
    ) -> list[Activity]:
        result = []
        for number, part in enumerate(parts, start=1):
            if len(parts) > 1:
                mark = self.wording.text(language, "page", number=number, total=len(parts))
                part = f"{part}\n{mark}"
            last = number == len(parts)
            content = card(part, draft if last else None, self.labels, channel)
            named = [(user, name) for user, name in people or [] if "@" + name in part]
            lead = self.wording.text(language, "notified")
            result.append(card_activity(notify(content, lead, named)))
        return result

    async def in_thread(
        self,
        context: TurnContext,
        text: str,
        draft: int | None = None,
        channel: str | None = None,
    ) -> None:
        language = await self.language(context.activity.from_property.id)
        await self.answer(context, self.cards(text, draft, channel, language))

    async def answer(self, context: TurnContext, activities: list[Activity]) -> None:
        """Post ``activities`` in the turn's conversation, paced."""
        conversation = context.activity.conversation.id if context.activity.conversation else ""
        for activity in activities:
            await self.pacer.send(conversation, partial(context.send_activity, activity))

    async def personal_chat(self, context: TurnContext) -> str:
        """The id of the caller's one-to-one chat with the bot, created when there is none
        yet, and remembered for reminders."""
        incoming = context.activity
        user = incoming.from_property.id
        saved = await self.call(reference_for, self.application, user_key(user))
        if saved and (saved.get("conversation") or {}).get("id"):
            return str(saved["conversation"]["id"])
        client = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]
        assert client is not None and incoming.recipient is not None
        tenant = tenant_of(incoming)
        bot = incoming.recipient.model_dump(by_alias=True, exclude_none=True)
        parameters = ConversationParameters.model_validate(
            {
                "isGroup": False,
                "bot": bot,
                "members": [{"id": user}],
                "tenantId": tenant,
                "channelData": {"tenant": {"id": tenant}},
            }
        )
        created = await client.conversations.create_conversation(parameters)
        reference = ConversationReference.model_validate(
            {
                "conversation": {"id": created.id, "conversationType": "personal"},
                "bot": bot,
                "user": {"id": user, "name": incoming.from_property.name},
                "channelId": incoming.channel_id,
                "serviceUrl": incoming.service_url,
            }
        )
        saved = json.loads(reference.model_dump_json(by_alias=True, exclude_none=True))
        await self.call(save_reference, self.application, user_key(user), saved)
        return str(created.id)

    async def send_private(self, context: TurnContext, activities: list[Activity]) -> bool:
        """Post ``activities`` in the caller's one-to-one chat with the bot. When Teams
        refuses (the app is not installed for them), say so in the thread, without any of
        the private content, and return False."""
        if is_personal(context.activity):
            await self.answer(context, activities)
            return True
        for attempt in range(2):  # once, then once more if installing the app for them works
            if attempt and not await self.install(context):
                break
            try:
                await self._send_private(context, activities)
                return True
            except ClientResponseError as exc:
                if exc.status not in REFUSED:
                    raise
                log.warning("Teams refused a private chat (%s)", exc.status)
        await self.note(context, "private_refused", name=context.activity.from_property.name)
        return False

    async def install(self, context: TurnContext) -> bool:
        """Install the app for the caller where the tenant allows it (``Installer``)."""
        person = context.activity.from_property
        if self.installer is None or not person.aad_object_id:
            return False
        return await self.installer.install(person.aad_object_id)

    async def _send_private(self, context: TurnContext, activities: list[Activity]) -> None:
        conversation = await self.personal_chat(context)
        client = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]
        assert client is not None
        incoming = context.activity
        assert incoming.recipient is not None
        for activity in activities:
            activity.conversation = ConversationAccount(id=conversation)
            activity.from_property = incoming.recipient
            activity.recipient = incoming.from_property
            activity.service_url = incoming.service_url
            activity.channel_id = incoming.channel_id
            send = partial(client.conversations.send_to_conversation, conversation, activity)
            await self.pacer.send(conversation, send)

    async def private(
        self,
        context: TurnContext,
        text: str,
        draft: int | None = None,
        channel: str | None = None,
    ) -> bool:
        language = await self.language(context.activity.from_property.id)
        return await self.send_private(context, self.cards(text, draft, channel, language))

    async def note(self, context: TurnContext, key: str, **values: object) -> None:
        """A short sentence of the adapter's own, in the thread of the turn."""
        language = await self.language(context.activity.from_property.id)
        text = self.wording.text(language, key, **values)
        await self.answer(context, [card_activity(card(text))])
