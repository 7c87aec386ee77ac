"""What every Slack listener shares: the application, names, labels, and the deliverer's bell."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.adapters.slack import blocks
from bot.adapters.slack.format import Names, lines_in, pages
from bot.adapters.slack.markup import unwrap
from bot.bootstrap import Answer, Application
from bot.commands.reply import Reply
from bot.domain.commands import Command, OpenEditForm
from bot.domain.people import Person, Platform

log = logging.getLogger(__name__)
ANSWER_WITHIN = 2.5
CHECK_WITHIN = 1.0  # the membership check's share of the ack's budget
CHECK_LATE = 30.0  # how long a late membership check is waited for, after the ack
MESSAGES = 5  # a response_url takes five answers
NOT_VISIBLE = frozenset({"channel_not_found", "not_in_channel"})


@dataclass(frozen=True)
class Origin:
    """Who asked for a form, where, and the request's ``response_url``: a form that cannot
    open is explained there."""

    channel: str
    user: str
    response_url: str | None = None


@dataclass
class SlackContext:
    application: Application
    client: AsyncWebClient
    labels: dict[str, str]
    names: Names
    bell: asyncio.Event = field(default_factory=asyncio.Event)
    loading: asyncio.Future[int] | None = None
    # Opens forms without retrying: a trigger id lives 3 seconds, which a retry after a
    # rate limit or a server error outlasts (Slack then answers expired_trigger_id).
    forms: AsyncWebClient | None = None
    # One session for every response_url answer: its connections are kept, not opened anew.
    hooks: aiohttp.ClientSession | None = None

    def kick(self) -> None:
        """Wake the outbox deliverer: a notice is waiting."""
        self.bell.set()

    def start(self) -> None:
        """Read the workspace's directory in the background: requests never wait for it."""
        self.loading = asyncio.ensure_future(self.names.load())

    def person(self, user_id: str, fallback: str | None = None) -> Person:
        """The Slack user ``user_id`` with the name Slack shows for them."""
        name = self.names.cached(user_id) or fallback or user_id
        return Person(Platform.SLACK, user_id, name)

    async def run(
        self, user: Person, channel: str, text: str | Command, request: str | None
    ) -> Answer:
        """Run a command off the event loop; text is unwrapped from Slack's markup first."""
        if isinstance(text, Command):
            return await self.application.answer_async(user, channel, text, request)
        plain, tokens = unwrap(text, lambda uid, label: self.names.cached(uid) or label or uid)
        mentions = self.application.mentions(Platform.SLACK, tokens)
        return await self.application.answer_async(user, channel, plain, request, mentions)

    def messages(self, answer: Answer) -> list[dict[str, Any]]:
        """An answer as Slack messages within Slack's limits, in reading order: each but the
        last says how much follows; the draft's buttons go under its end."""
        groups = pages(self.names.humanize(answer.text))
        shown = groups[:MESSAGES]
        result = []
        for index, group in enumerate(shown):
            blocks_ = list(group)
            rest = groups[index + 1 :]
            if rest:
                label = "more" if index + 1 < len(shown) else "cut"
                note = self.labels[label].format(lines=sum(map(lines_in, rest)), messages=len(rest))
                blocks_.append(blocks.note(note))
            elif answer.draft_number is not None:
                blocks_.append(blocks.draft_actions(answer.draft_number, self.labels))
            first = group[0]["text"]["text"] if group else " "
            result.append({"text": str(first)[:3000], "blocks": blocks_})
        return result

    async def tell(
        self,
        channel: str,
        user: str,
        answer: Answer,
        response_url: str | None = None,
        *,
        private: bool = False,
        skip: int = 0,
    ) -> None:
        """Deliver an answer outside of an ack: shared changes come through the outbox; the
        rest answers only ``user`` (``private`` also reports a shared change to its author)."""
        if answer.public and not answer.error:
            self.kick()
            if not private:
                return
        for message in self.messages(answer)[skip:]:
            await self.say(channel, user, message, response_url)
        await self.upload(channel, user, answer, response_url)

    async def say(
        self, channel: str, user: str, message: dict[str, Any], response_url: str | None
    ) -> None:
        """One private message: through the request's ``response_url`` when there is one
        (it works where the bot is not a member), else ephemeral, else in a direct message."""
        if response_url:
            if self.hooks is None or self.hooks.closed:
                self.hooks = aiohttp.ClientSession()
            hook = AsyncWebhookClient(response_url, session=self.hooks)
            sent = await hook.send(response_type="ephemeral", replace_original=False, **message)
            if sent.status_code != 200:
                raise RuntimeError(f"response_url answered {sent.status_code}: {sent.body}")
            return
        try:
            await self.client.chat_postEphemeral(channel=channel, user=user, **message)
        except SlackApiError as exc:
            log.warning("ephemeral answer refused in %s (%s): sent in private", channel, exc)
            await self.client.chat_postMessage(channel=user, **message)

    async def can_post(self, channel: str) -> bool | None:
        """Whether the bot can post in ``channel``: False when Slack says it cannot (a
        private conversation it was not invited to, which Slack hides: ``channel_not_found``),
        None when Slack has not answered within ``CHECK_LATE`` seconds, or only with a server
        error or a rate limit. Another refusal (a missing scope) does not say the bot cannot
        post: it is logged and taken as yes."""
        try:
            info = await asyncio.wait_for(
                self.client.conversations_info(channel=channel), CHECK_LATE
            )
        except SlackApiError as exc:
            if exc.response.get("error") in NOT_VISIBLE:
                return False
            log.warning("conversations.info failed for %s: %s", channel, exc)
            return None if exc.response.status_code >= 429 else True
        except (TimeoutError, aiohttp.ClientError) as exc:
            log.warning("conversations.info unanswered for %s: %r", channel, exc)
            return None
        found = info.get("channel") or {}
        return not found.get("is_private") or bool(found.get("is_member"))

    async def upload(
        self, channel: str, user: str, answer: Answer, response_url: str | None = None
    ) -> None:
        """The exported file, shared in the channel; where the bot has not joined, the
        caller is told to invite it."""
        if answer.file is None or answer.error:
            return
        title = answer.reply.data["view"].spec.title
        try:
            await self.client.files_upload_v2(
                channel=channel, file=str(answer.file), filename=answer.file.name, title=title
            )
        except SlackApiError as exc:
            if exc.response.get("error") not in NOT_VISIBLE:
                raise
            reply = Reply("export_not_in_channel", {}, error=True)
            refusal = await asyncio.to_thread(self.application.render, reply, user)
            for message in self.messages(refusal):
                await self.say(channel, user, message, response_url)

    async def open_view(
        self, trigger_id: str, view: dict[str, Any], origin: Origin, command: str
    ) -> None:
        """Open a form, once: a trigger id lives 3 seconds, and a form Slack refuses or
        answers too late for is not asked again; the caller is told to type ``command``."""
        try:
            await (self.forms or self.client).views_open(trigger_id=trigger_id, view=view)
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
            log.warning("views.open failed (%r): told to type the command", exc)
            reply = Reply("form_not_opened", {"command": command}, error=True)
            answer = await asyncio.to_thread(self.application.render, reply, origin.user)
            await self.tell(origin.channel, origin.user, answer, origin.response_url)

    async def open_fact_modal(
        self, trigger_id: str, origin: Origin, value: str = "", source: str = "", note: str = ""
    ) -> None:
        keys = sorted(self.application.catalog.labels.items())
        meta = {"channel": origin.channel}
        view = blocks.fact_modal(keys, self.labels, meta, value, source, note)
        await self.open_view(trigger_id, view, origin, "fait")

    async def edit_form(self, user: Person, channel: str, number: int) -> Answer:
        """The text of draft ``number`` for the edit modal, or why it cannot be edited now."""
        return await self.run(user, channel, OpenEditForm(number, blocks.EDIT_LIMIT), None)

    async def open_edit_modal(self, trigger_id: str, origin: Origin, form: Answer) -> None:
        """The modal holding the current text of the draft ``form`` (``edit_form``) shows."""
        number = form.reply.data["view"].draft.number
        meta = {"channel": origin.channel, "number": number}
        view = blocks.edit_modal(self.labels, meta, form.reply.data["text"])
        await self.open_view(trigger_id, view, origin, "modifier")

    async def open_question_modal(
        self, trigger_id: str, origin: Origin, text: str = "", note: str = ""
    ) -> None:
        view = blocks.question_modal(self.labels, {"channel": origin.channel}, text, note)
        await self.open_view(trigger_id, view, origin, "question")
