"""What every Slack listener shares: the application, names, labels, and the deliverer's bell."""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack import blocks
from bot.adapters.slack.format import Names
from bot.adapters.slack.markup import unwrap
from bot.bootstrap import Answer, Application
from bot.domain.commands import Command
from bot.domain.errors import CrisisError
from bot.domain.people import Person, Platform
from bot.drafting.document import readable
from bot.services.context import Caller
from bot.services.drafts import show_draft

log = logging.getLogger(__name__)
ANSWER_WITHIN = 2.5
_UNNAMED = re.compile(r"<@([UW][A-Z0-9]{2,})>")


@dataclass
class SlackContext:
    application: Application
    client: AsyncWebClient
    labels: dict[str, str]
    names: Names
    bell: asyncio.Event = field(default_factory=asyncio.Event)

    def kick(self) -> None:
        """Wake the outbox deliverer: a notice is waiting."""
        self.bell.set()

    async def person(self, user_id: str, fallback: str | None = None) -> Person:
        """The Slack user ``user_id`` with the name Slack shows for them."""
        name = self.names.cached(user_id) or fallback or await self.names.name(user_id)
        return Person(Platform.SLACK, user_id, name)

    async def run(
        self, user: Person, channel: str, text: str | Command, request: str | None
    ) -> Answer:
        """Run a command off the event loop; text is unwrapped from Slack's markup first."""
        if isinstance(text, Command):
            return await self.application.answer_async(user, channel, text, request)
        for user_id in set(_UNNAMED.findall(text)):
            if not self.names.cached(user_id):
                await self.names.name(user_id)
        plain, tokens = unwrap(text, lambda uid, label: self.names.cached(uid) or label or uid)
        mentions = self.application.mentions(Platform.SLACK, tokens)
        return await self.application.answer_async(user, channel, plain, request, mentions)

    async def payload(self, answer: Answer) -> dict[str, Any]:
        """Text and blocks of an ephemeral answer, escaped, with draft buttons if any."""
        text = await self.names.humanize(answer.text)
        blocks_ = blocks.message(text, answer.draft_number, self.labels)
        return {"text": text[:3000], "blocks": blocks_}

    async def tell(self, channel: str, user: str, answer: Answer) -> None:
        """Deliver an answer outside of an ack: shared changes come through the outbox."""
        if answer.public and not answer.error:
            self.kick()
            return
        await self.client.chat_postEphemeral(
            channel=channel, user=user, **await self.payload(answer)
        )
        await self.upload(channel, answer)

    async def upload(self, channel: str, answer: Answer) -> None:
        if answer.file is not None and not answer.error:
            title = answer.reply.data["view"].spec.title
            await self.client.files_upload_v2(
                channel=channel, file=str(answer.file), filename=answer.file.name, title=title
            )

    async def open_fact_modal(
        self, trigger_id: str, channel: str, value: str = "", source: str = ""
    ) -> None:
        keys = sorted(self.application.catalog.labels.items())
        view = blocks.fact_modal(keys, self.labels, {"channel": channel}, value, source)
        await self.client.views_open(trigger_id=trigger_id, view=view)

    async def open_edit_modal(
        self, trigger_id: str, channel: str, number: int, user: Person
    ) -> bool:
        """The modal holding the current text of draft ``number``; False when there is no
        such draft to show (the command then answers why)."""
        caller = Caller(user, channel)
        try:
            shown = await asyncio.to_thread(show_draft, self.application.deps, caller, number)
        except CrisisError:
            return False
        meta = {"channel": channel, "number": number}
        view = blocks.edit_modal(self.labels, meta, readable(shown.draft.text))
        await self.client.views_open(trigger_id=trigger_id, view=view)
        return True

    async def open_question_modal(self, trigger_id: str, channel: str, text: str = "") -> None:
        view = blocks.question_modal(self.labels, {"channel": channel}, text)
        await self.client.views_open(trigger_id=trigger_id, view=view)
