"""Posting outbox items in Slack: notices and digests in the channel, reminders in the
owner's direct messages (in the channel, mentioning them, when Slack refuses the DM for good;
a DM that fails for a while waits and goes as a DM). A notice telling a pilote that the channel
refused a post never goes to that channel: when the pilote's DM is refused too, the notice is
rejected, and ``crisisbot outbox`` shows that the pilote was not told.

People are mentioned (``<@U…>``): Slack notifies them and shows their current name. A rate
limit (429) is not waited out here: the deliverer holds that channel only. A refusal that no
retry can change (``fault_of``) is raised as ``Refused``: the deliverer tries the post again
without blocks when they were at fault, then rejects it and goes on with the channel."""

from __future__ import annotations

import asyncio
import logging
import math
import re
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack import blocks
from bot.adapters.slack.format import Names, escape, pages
from bot.domain.model import EventKind
from bot.domain.outbox import REJECTION, SLACK, Fault, OutboxItem, Posted
from bot.domain.people import Platform, platform_of, unmark
from bot.transport import Refused, RetryAfter

log = logging.getLogger(__name__)
BUTTONS_ON = frozenset({EventKind.BROUILLON_REDIGE, EventKind.BROUILLON_APPROUVE})
METADATA_EVENT = "crisisbot_outbox"
HISTORY_LIMIT = 200
# How far before an item was enqueued its history is read: the clocks of Slack and of the
# database's host may differ a little.
HISTORY_MARGIN = timedelta(minutes=10)
_SLACK_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
DEFAULT_WAIT = 30.0
PACE = 1.0  # seconds between two posts of a channel Slack limited lately (PACED_FOR)
PACED_FOR = 60.0
MAX_WAIT = 900.0  # a Retry-After beyond a quarter of an hour is taken as a quarter of an hour
MAX_TEXT = 39000  # Slack truncates a message's text beyond 40 000 characters
# Slack's error codes of chat.postMessage that blocks or metadata cause: the plain text may pass.
FORM_ERRORS = frozenset({
    "invalid_blocks", "invalid_blocks_format", "invalid_attachments", "too_many_attachments",
    "invalid_metadata_format", "invalid_metadata_schema", "metadata_too_large",
    "metadata_must_be_sent_from_app", "markdown_text_conflict",
})  # fmt: skip
# Codes no retry changes: the message, the channel, the token or the workspace refuse it.
PERMANENT_ERRORS = frozenset({
    "msg_too_long", "no_text", "channel_not_found", "not_in_channel", "is_archived",
    "account_inactive", "invalid_auth", "not_authed", "token_revoked", "token_expired",
    "no_permission", "missing_scope", "restricted_action", "restricted_action_read_only_channel",
    "restricted_action_thread_only_channel", "restricted_action_non_threadable_channel",
    "cannot_reply_to_message", "user_not_found", "user_disabled", "cannot_dm_bot",
    "team_access_not_granted", "ekm_access_denied", "as_user_not_supported",
    "duplicate_channel_not_found", "invalid_arguments", "invalid_arg_name", "invalid_charset",
    "invalid_form_data", "invalid_post_type", "missing_post_type", "method_deprecated",
    "deprecated_endpoint", "not_allowed_token_type", "two_factor_setup_required",
    "org_login_required", "enterprise_is_restricted", "access_denied",
})  # fmt: skip
# Codes by which the channel itself (or the token) refuses every post: a private message
# about such a refusal is never posted in that channel instead.
CHANNEL_CLOSED = frozenset({
    "channel_not_found", "not_in_channel", "is_archived", "account_inactive", "invalid_auth",
    "not_authed", "token_revoked", "token_expired", "no_permission", "missing_scope",
    "restricted_action", "restricted_action_read_only_channel",
    "restricted_action_thread_only_channel", "restricted_action_non_threadable_channel",
    "team_access_not_granted", "ekm_access_denied", "enterprise_is_restricted", "access_denied",
})  # fmt: skip
# What Slack answers while it is unwell, or for a request worth sending again.
TRANSIENT_ERRORS = frozenset({
    "ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable",
    "request_timeout",
})  # fmt: skip


def fault_of(status: int, code: str | None) -> Fault:
    """How Slack refused a post, from the HTTP status and the ``error`` code of its answer: a
    limit (429), an outage (5xx) or an unknown code may pass later; a known code of the
    message's form, or of a channel or token that will not change, never does."""
    if status == 429 or status >= 500 or code in TRANSIENT_ERRORS:
        return Fault.TRANSIENT
    if code in FORM_ERRORS:
        return Fault.FORM
    if code in PERMANENT_ERRORS or status in (400, 403, 404, 410):
        return Fault.PERMANENT
    return Fault.TRANSIENT


def translated(error: SlackApiError) -> Exception:
    """The deliverer's exception for Slack's refusal: ``RetryAfter`` for a limit, ``Refused``
    for a refusal for good, the error itself otherwise."""
    status = error.response.status_code
    if status == 429:
        return RetryAfter(wait_of(error))
    data = error.response.data
    code = str(data.get("error") or "") if isinstance(data, dict) else ""
    fault = fault_of(status, code)
    if fault is Fault.TRANSIENT:
        return error
    return Refused(code or f"HTTP {status}", fault)


def lookup_error(error: SlackApiError) -> Exception | None:
    """What a look-up (history, direct messages) refused with ``error`` raises: ``RetryAfter``
    for a limit, the error itself when Slack may answer later (the answer is unknown), None
    when it refuses for good."""
    status = error.response.status_code
    if status == 429:
        return RetryAfter(wait_of(error))
    data = error.response.data
    code = str(data.get("error") or "") if isinstance(data, dict) else ""
    if fault_of(status, code) is Fault.TRANSIENT:
        return error
    return None


def _stamp(moment: datetime) -> float:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def mention(person_id: str, name: str) -> str:
    return f"<@{person_id}>" if _SLACK_ID.match(person_id) else "@" + escape(name)


class SlackTransport:
    platform = SLACK
    mentions = True

    def __init__(self, client: AsyncWebClient, names: Names, labels: dict[str, str]) -> None:
        self.client = client
        self.names = names
        self.labels = labels
        # Per outbox key, the messages of a long post that the channel already shows: a
        # post cut short after its first messages is finished, not begun again.
        self.shown: dict[str, Posted] = {}
        self.directs: dict[str, str] = {}
        # Slack takes about one message a second in a channel, a short burst more: once it
        # answered a channel 429, that channel's next posts are spaced ``pace`` seconds apart
        # for a while, so that the wait overlaps the deliverer's work instead of adding to it.
        self.pace = PACE
        self.paced: dict[str, float] = {}
        self.last: dict[str, float] = {}

    def accepts(self, item: OutboxItem) -> bool:
        return platform_of(item.channel) is Platform.SLACK

    async def already_sent(self, item: OutboxItem) -> bool:
        """Whether Slack already shows every message of the item (each carries the item's
        key, its page and the number of pages); the pages it shows are remembered so that
        ``send`` posts only the others. A channel's history is read back, page after page,
        to a little before the item was enqueued, so that a busy channel cannot hide it; a
        private message is looked up in the person's direct messages, and in the channel
        (where it goes when the direct message is refused). When Slack cannot answer (a
        limit, an outage, a cut connection) nothing is known: the error is raised and the
        item waits, never posted while it may be there. Only a history Slack refuses for
        good (the history scopes missing, say) counts as holding nothing."""
        self.shown.pop(item.key, None)
        oldest = _stamp(item.created_at) - HISTORY_MARGIN.total_seconds()
        places = [item.channel]
        if item.recipient:
            direct = await self.direct_channel(item.recipient)
            places = [direct, item.channel] if direct else [item.channel]
        found: dict[int, str] = {}
        total = 1
        for place in places:
            async for message in self.history(place, oldest):
                payload = (message.get("metadata") or {}).get("event_payload") or {}
                if payload.get("key") == item.key:
                    found[int(payload.get("page", 0))] = str(message.get("ts") or "")
                    total = max(total, int(payload.get("pages", 1)))
                    if Posted(found, total).complete:
                        return True
        posted = Posted(found, total)
        if posted.complete:
            return True
        self.shown[item.key] = posted
        return False

    async def history(self, channel: str, oldest: float) -> AsyncIterator[dict[str, Any]]:
        """The messages of ``channel`` since ``oldest`` (seconds), newest first, every page
        of them; nothing when Slack refuses the history for good."""
        cursor = ""
        while True:
            params: dict[str, Any] = {"cursor": cursor} if cursor else {}
            try:
                answer = await self.client.conversations_history(
                    channel=channel,
                    limit=HISTORY_LIMIT,
                    oldest=f"{oldest:.6f}",
                    include_all_metadata=True,
                    **params,
                )
            except SlackApiError as exc:
                unsure = lookup_error(exc)
                if unsure is not None:
                    raise unsure from exc
                log.warning("cannot read the history of %s (%s): taken as empty", channel, exc)
                return
            for message in answer.get("messages") or []:
                yield message
            cursor = str((answer.get("response_metadata") or {}).get("next_cursor") or "")
            if not answer.get("has_more") or not cursor:
                return

    async def direct_channel(self, person: str) -> str | None:
        """The id of the bot's direct messages with ``person`` (None when Slack refuses them
        for good: nothing was posted there)."""
        if person in self.directs:
            return self.directs[person]
        try:
            answer = await self.client.conversations_open(users=person)
        except SlackApiError as exc:
            unsure = lookup_error(exc)
            if unsure is not None:
                raise unsure from exc
            return None
        direct = str((answer.get("channel") or {}).get("id") or "") or None
        if direct:
            self.directs[person] = direct
        return direct

    async def send(self, item: OutboxItem, text: str, plain: bool = False) -> None:
        shown = unmark(self.names.humanize(text), mention)
        draft = None
        if item.payload.get("kind") in BUTTONS_ON and not plain:
            draft = int(item.payload.get("draft") or str(item.payload["subject"]).split()[-1])
        if item.recipient:
            try:
                await self.post(item.recipient, shown, draft, item.key, plain)
                return
            except SlackApiError as exc:
                refusal = self.translated(item, exc)
                if not isinstance(refusal, Refused) or refusal.fault is not Fault.PERMANENT:
                    raise refusal from exc
                if item.kind == REJECTION and item.payload.get("code") in CHANNEL_CLOSED:
                    log.warning(
                        "direct message to %s refused (%s), and the channel %s refuses posts",
                        item.recipient, exc, item.channel,
                    )  # fmt: skip
                    raise refusal from exc
                log.warning(
                    "direct message to %s refused (%s): posted in the channel", item.recipient, exc
                )
                self.shown.pop(item.key, None)
            shown = f"{mention(item.recipient, item.recipient)} {shown}"
        try:
            await self.post(item.channel, shown, draft, item.key, plain)
        except SlackApiError as exc:
            raise self.translated(item, exc) from exc

    def translated(self, item: OutboxItem, error: SlackApiError) -> Exception:
        """``translated``, a limit saying whether Slack took some messages of the post."""
        refusal = translated(error)
        if isinstance(refusal, RetryAfter) and item.key in self.shown:
            refusal.partial = bool(self.shown[item.key].ids)
        return refusal

    async def post(
        self, channel: str, text: str, draft: int | None, key: str, plain: bool = False
    ) -> None:
        """Post ``text`` in as many messages as Slack's limits need, each carrying the outbox
        key, its page and the number of pages in its metadata, so that a post is never sent
        twice after a lost answer, nor left half sent; the pages the channel already shows
        (``already_sent``), or that an earlier try of this round posted, are skipped. With
        ``plain``, each message is its sections' text, without blocks."""
        messages = pages(text)
        shown = self.shown.pop(key, Posted())
        done = dict(shown.ids)
        for index, group in enumerate(messages):
            if index in done:
                continue
            last = index == len(messages) - 1
            blocks_: list[dict[str, Any]] = list(group)
            if last and draft is not None:
                blocks_.append(blocks.draft_actions(draft, self.labels))
            payload = {"key": key, "page": index, "pages": len(messages)}
            if plain:
                body = "\n\n".join(str(block["text"]["text"]) for block in group) or text
                form: dict[str, Any] = {"text": body[:MAX_TEXT]}
            else:
                first = str(group[0]["text"]["text"]) if group else text
                form = {"text": first[:3000], "blocks": blocks_}
            await self.keep_pace(channel)
            try:
                answer = await self.client.chat_postMessage(
                    channel=channel,
                    metadata={"event_type": METADATA_EVENT, "event_payload": payload},
                    unfurl_links=False,
                    unfurl_media=False,
                    **form,
                )
            except SlackApiError as exc:
                self.shown[key] = Posted(done, len(messages))
                if exc.response.status_code == 429:
                    self.paced[channel] = time.monotonic() + PACED_FOR
                raise
            self.last[channel] = time.monotonic()
            done[index] = str(answer.get("ts") or "")

    async def keep_pace(self, channel: str) -> None:
        """Wait until ``pace`` seconds after the channel's last post, when Slack limited the
        channel lately."""
        now = time.monotonic()
        if self.paced.get(channel, 0.0) > now:
            await asyncio.sleep(max(0.0, self.last.get(channel, 0.0) + self.pace - now))


def wait_of(error: SlackApiError) -> float:
    """Seconds Slack asks to wait (``Retry-After``), within 0 and a quarter of an hour."""
    headers = error.response.headers or {}
    value = headers.get("Retry-After") or headers.get("retry-after")
    if isinstance(value, list):
        value = value[0] if value else None
    try:
        seconds = float(value) if value is not None else DEFAULT_WAIT
    except (TypeError, ValueError):
        return DEFAULT_WAIT
    if math.isnan(seconds):
        return DEFAULT_WAIT
    return min(max(seconds, 0.0), MAX_WAIT)
