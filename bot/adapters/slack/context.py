"""What every Slack listener shares: the application, names, labels, and the deliverer's bell."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack import blocks
from bot.adapters.slack.format import Names
from bot.bootstrap import Answer, Application
from bot.domain.outbox import SLACK

log = logging.getLogger(__name__)
ANSWER_WITHIN = 2.5


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

    async def run(self, user: str, channel: str, text: str, request: str | None) -> Answer:
        """Run a command off the event loop."""
        return await self.application.answer_async(user, channel, text, request, SLACK)

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

    async def open_question_modal(self, trigger_id: str, channel: str, text: str = "") -> None:
        view = blocks.question_modal(self.labels, {"channel": channel}, text)
        await self.client.views_open(trigger_id=trigger_id, view=view)
