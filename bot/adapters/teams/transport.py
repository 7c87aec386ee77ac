"""Posting outbox items in Teams, proactively: a channel's shared changes open the crisis
thread, then continue it; reminders go to the person's one-to-one chat with the bot.

The id the Bot Connector returns for each message (page) of a post is recorded at once,
before the next page is sent: a post whose worker was killed, or whose try failed, after the
connector took some of its pages is finished, its missing pages only, never begun again.
Teams offers no way to look a post up afterwards, so one window remains: a page the connector
accepted but whose id was never recorded (the process killed in the few milliseconds between
the connector's answer and the record, or the answer lost on the way) is posted again.

The connector's 400 (a card it cannot take) is tried again in plain text, its 403 and 404 (a
bot removed, a conversation gone) are refusals for good; 429 and 5xx pass."""

from __future__ import annotations

import re
from functools import partial

from aiohttp import ClientResponseError
from microsoft_agents.activity import Activity, ActivityTypes, ConversationReference
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import ClaimsIdentity, TurnContext

from bot.adapters.teams.cards import plain_text
from bot.adapters.teams.conversations import Conversations
from bot.adapters.teams.references import (
    channel_key,
    reference_for,
    thread_key,
    user_key,
)
from bot.bootstrap import Application
from bot.domain.model import EventKind
from bot.domain.outbox import TEAMS, Fault, OutboxItem, Posted
from bot.domain.people import Platform, platform_of, unmark
from bot.transport import Refused, RetryAfter, Unreachable

_PERSON = re.compile(r"@(29:[A-Za-z0-9_\-]+)")
ANONYMOUS_AUDIENCE = "https://api.botframework.com"
DEFAULT_WAIT = 30.0
BUTTONS_ON = frozenset({EventKind.BROUILLON_REDIGE, EventKind.BROUILLON_APPROUVE})
FAULTS = {400: Fault.FORM, 403: Fault.PERMANENT, 404: Fault.PERMANENT}


def fault_of(status: int) -> Fault:
    """How the Bot Connector refused a post, from its HTTP status: a card it cannot take
    (400), a bot removed from the conversation (403), a conversation gone (404); anything
    else (429, 5xx, a 401 while a token renews) may pass later."""
    return FAULTS.get(status, Fault.TRANSIENT)


def as_plain(activity: Activity) -> Activity:
    """The same page as a plain text message, without card or buttons."""
    content = activity.attachments[0].content if activity.attachments else {}
    text = plain_text(content) if isinstance(content, dict) else str(activity.text or "")
    return Activity(type=ActivityTypes.message, text=text, text_format="plain")


def humanize(text: str, names: dict[str, str]) -> tuple[str, list[tuple[str, str]]]:
    """Show each person named (a mark, or ``@29:…``) as ``@Name``, with the name Teams last
    gave for them; and the Teams people so named (id, name), once each, to be mentioned."""
    people: dict[str, str] = {}

    def show(user: str, name: str) -> str:
        shown = names.get(user, name)
        if user.startswith("29:"):
            people[user] = shown
        return "@" + shown

    text = unmark(text, show)
    return _PERSON.sub(lambda m: show(m.group(1), m.group(1)), text), list(people.items())


def record_page(
    application: Application, key: str, page: int, pages: int, posted_id: str, opens: str | None
) -> None:
    """In one transaction: the connector's id for ``page`` of item ``key`` and, when that page
    opens the crisis thread of channel ``opens``, the thread, where the next pages go."""
    deps = application.deps
    with deps.uow() as uow:
        uow.repo.record_page(key, page, pages, posted_id)
        if opens and page == 0 and posted_id:
            uow.repo.save_reference(thread_key(opens), {"id": posted_id}, deps.clock.now())
        uow.commit()


def posted_pages(application: Application, key: str) -> Posted:
    with application.deps.read() as uow:
        return uow.repo.posted_pages(key)


class UnknownConversation(Unreachable):
    """No message was ever received from this conversation: Teams allows no post yet."""


class TeamsTransport:
    platform = TEAMS
    mentions = True  # people come marked: each post mentions them

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
        """Whether the connector accepted every page of ``item``, by the ids recorded as it
        answered; ``send`` posts only the pages without one."""
        posted = await self.talk.call(posted_pages, self.application, item.key)
        return posted.complete

    async def send(self, item: OutboxItem, text: str, plain: bool = False) -> None:
        reference, opens = await self.target(item)
        draft = None
        if item.payload.get("kind") in BUTTONS_ON:
            draft = int(str(item.payload["subject"]).split()[-1])
        text, people = humanize(text, await self.talk.call(self.application.names))
        activities = self.talk.cards(text, draft, item.channel, None, people)
        if plain:
            activities = [as_plain(activity) for activity in activities]
        done = await self.talk.call(posted_pages, self.application, item.key)

        failed: list[Exception] = []

        async def post(context: TurnContext) -> None:
            context.activity.id = None  # a new message (or a reply in the thread), not an answer
            try:
                for page, activity in enumerate(activities):
                    if done.has(page):
                        continue
                    where = context.activity.conversation.id
                    # Paced; a 429 goes back to the deliverer, which waits its Retry-After.
                    response = await self.talk.pacer.send(
                        where, partial(context.send_activity, activity), tries=1
                    )
                    posted_id = response.id if response and response.id else ""
                    await self.talk.call(
                        record_page, self.application, item.key, page, len(activities),
                        posted_id, opens,
                    )  # fmt: skip
            except Exception as exc:
                # Raised here, it would reach the adapter's turn error handler, which answers
                # a person's turn: the post would pass for sent, and be lost.
                failed.append(exc)

        continuation = reference.get_continuation_activity()
        try:
            if self.app_id:
                await self.adapter.continue_conversation(self.app_id, continuation, post)
            else:
                await self.adapter.continue_conversation_with_claims(
                    ClaimsIdentity(), continuation, post, audience=ANONYMOUS_AUDIENCE
                )
            if failed:
                raise failed[0]
        except ClientResponseError as exc:
            if exc.status == 429:
                raise RetryAfter(wait_of(exc)) from exc
            if fault_of(exc.status) is not Fault.TRANSIENT:
                raise Refused(f"HTTP {exc.status}", fault_of(exc.status)) from exc
            raise


def wait_of(error: ClientResponseError) -> float:
    """Seconds the connector asks to wait (``Retry-After``) when it limits the bot (429)."""
    value = error.headers.get("Retry-After") if error.headers else None
    try:
        return float(value) if value is not None else DEFAULT_WAIT
    except ValueError:
        return DEFAULT_WAIT
