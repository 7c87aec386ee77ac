"""A post Slack refuses: retried later when Slack is unwell or limits the channel, tried again
in plain text when its blocks are at fault, rejected when it can never pass; a rejected post
no longer holds its channel, and the crisis's pilote is told once, in private.

Slack's answers are generated (HTTP status, error code, ``Retry-After``) and given to the real
Slack transport and deliverer, on the in-memory store."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_sdk.errors import SlackApiError
from slack_sdk.web.slack_response import SlackResponse

from bot.adapters.slack.format import Names
from bot.adapters.slack.transport import SlackTransport
from bot.adapters.teams.transport import fault_of as teams_fault_of
from bot.bootstrap import bootstrap
from bot.clock import FixedClock
from bot.commands.reply import Reply
from bot.config import Settings
from bot.domain.outbox import (
    REJECTION,
    UNSENT,
    Decision,
    Fault,
    OutboxItem,
    OutboxStatus,
    decide,
)
from tests.conftest import START
from tests.examples import examples
from tests.fakes import FakeRepository, FakeUnitOfWork
from tests.platforms import slack_say

CHANNEL = "C0CRISE01"
# The codes the issue names, as Slack documents them for chat.postMessage.
FORM = ["invalid_blocks", "invalid_blocks_format"]
PERMANENT = ["msg_too_long", "channel_not_found", "not_in_channel", "is_archived",
             "account_inactive", "invalid_auth"]  # fmt: skip
TRANSIENT = ["ratelimited", "internal_error", "fatal_error", "service_unavailable",
             "request_timeout"]  # fmt: skip


@dataclass(frozen=True)
class Answer:
    """A refusal as Slack sends it: HTTP status, ``error`` code, ``Retry-After``."""

    status: int
    code: str
    retry_after: str | None

    def error(self) -> SlackApiError:
        headers = {} if self.retry_after is None else {"Retry-After": self.retry_after}
        response = SlackResponse(
            client=None, http_verb="POST", api_url="https://slack.test/api/chat.postMessage",
            req_args={}, data={"ok": False, "error": self.code}, headers=headers,
            status_code=self.status,
        )  # fmt: skip
        return SlackApiError(f"refused: {self.code}", response)

    def expected(self) -> str:
        """What the issue asks for this answer: wait (429), later (a transient fault), plain
        (blocks at fault), reject (never passes)."""
        if self.status == 429:
            return "wait"
        if self.status >= 500 or self.code in TRANSIENT:
            return "later"
        if self.code in FORM:
            return "plain"
        if self.code in PERMANENT or self.status in (400, 403, 404):
            return "reject"
        return "later"

    def wait(self) -> float:
        try:
            return float(self.retry_after) if self.retry_after is not None else 30.0
        except ValueError:
            return 30.0


unknown = st.from_regex(r"\Aunknown_[a-z]{1,8}\Z")
answers = st.builds(
    Answer,
    status=st.sampled_from([200, 400, 403, 404, 429, 500, 502, 503, 504]),
    code=st.one_of(st.sampled_from(FORM + PERMANENT + TRANSIENT), unknown),
    retry_after=st.one_of(st.none(), st.integers(0, 120).map(str), st.just("bientôt")),
)


@dataclass
class FakeSlack:
    """chat.postMessage refusing the ``victim``'s first tries with ``answers`` (None: taken);
    ``by_channel`` answers a channel's (or a person's) posts first the same way, and a key of
    ``lose`` is taken once but answered 500, as if the answer were lost. The messages taken
    are kept, with a ts counted from START, for conversations.history: newest first, from
    ``oldest`` on, ``page`` a page; ``history_answers`` refuse its first calls."""

    victim: str = ""
    answers: list[Answer | None] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)
    by_channel: dict[str, list[Answer]] = field(default_factory=dict)
    lose: set[str] = field(default_factory=set)
    taken: list[dict[str, Any]] = field(default_factory=list)
    history_answers: list[Answer] = field(default_factory=list)
    lookups: list[dict[str, Any]] = field(default_factory=list)
    page: int = 100

    async def chat_postMessage(self, **params: Any) -> dict[str, Any]:
        self.calls.append(params)
        key = params["metadata"]["event_payload"]["key"]
        if key == self.victim and self.answers:
            answer = self.answers.pop(0)
            if answer is not None:
                raise answer.error()
        if self.by_channel.get(params["channel"]):
            raise self.by_channel[params["channel"]].pop(0).error()
        ts = f"{START.timestamp() + len(self.calls):.6f}"
        self.taken.append({**params, "ts": ts})
        if key in self.lose:
            self.lose.discard(key)
            raise Answer(500, "internal_error", None).error()
        return {"ok": True, "ts": ts}

    async def conversations_open(self, **params: Any) -> dict[str, Any]:
        return {"ok": True, "channel": {"id": "D" + params["users"]}}

    async def conversations_history(self, **params: Any) -> dict[str, Any]:
        self.lookups.append(params)
        if self.history_answers:
            raise self.history_answers.pop(0).error()
        channel = params["channel"]
        places = {channel, channel[1:]} if channel.startswith("D") else {channel}
        oldest = float(params.get("oldest") or 0)
        shown = [m for m in self.taken if m["channel"] in places and float(m["ts"]) > oldest]
        shown = shown[::-1]
        start = int(params.get("cursor") or 0)
        end = start + min(int(params["limit"]), self.page)
        more = end < len(shown)
        return {"ok": True, "messages": shown[start:end], "has_more": more,
                "response_metadata": {"next_cursor": str(end) if more else ""}}  # fmt: skip

    def posted(self, key: str) -> list[dict[str, Any]]:
        return [c for c in self.calls if c["metadata"]["event_payload"]["key"] == key]

    def kept(self, key: str) -> list[dict[str, Any]]:
        return [m for m in self.taken if m["metadata"]["event_payload"].get("key") == key]


@dataclass
class World:
    """The application on an in-memory store that ``reset`` replaces."""

    folder: Path
    clock: FixedClock = field(default_factory=lambda: FixedClock(START))
    store: FakeRepository = field(default_factory=FakeRepository)

    def __post_init__(self) -> None:
        folder = self.folder
        config = Settings(  # type: ignore[call-arg]
            CRISISBOT_ADMINS="*", DATABASE_URL=f"sqlite:///{folder}/t.db", _env_file=None
        )
        self.app = bootstrap(config, clock=self.clock, uow=lambda: FakeUnitOfWork(self.store))

    def reset(self) -> list[OutboxItem]:
        """A fresh store holding one Slack crisis and its first posts; returns them."""
        self.store = FakeRepository()
        self.clock.current = START
        for line in ("ouvrir Fuite présumée", "role @bob dpo", "fait etablissement.nom = X"):
            assert not slack_say(self.app, "alice", CHANNEL, line).error
        return self.items()

    def items(self) -> list[OutboxItem]:
        return sorted(self.store.outbox_rows, key=lambda i: i.id or 0)

    def item(self, key: str) -> OutboxItem:
        return next(i for i in self.store.outbox_rows if i.key == key)

    def round(self, slack: FakeSlack) -> None:
        transport = SlackTransport(slack, Names(slack), self.app.messages.buttons)  # type: ignore[arg-type]
        asyncio.run(self.app.deliverer.deliver_due(transport))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return World(tmp_path_factory.mktemp("rejections"))


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=answers, second=st.one_of(st.none(), answers))
def test_a_refused_post_waits_retries_in_plain_text_or_is_rejected_and_the_channel_goes_on(
    world: World, first: Answer, second: Answer | None
) -> None:
    queued = world.reset()
    assert len(queued) >= 3 and {i.channel for i in queued} == {CHANNEL}
    victim, later = queued[0].key, [i.key for i in queued[1:]]
    slack = FakeSlack(victim, [first, second])
    now = world.clock.now()
    world.round(slack)

    outcome = first.expected()
    tries = slack.posted(victim)
    if outcome == "plain":
        assert len(tries) == 2 and "blocks" in tries[0] and "blocks" not in tries[1]
        assert tries[1]["text"].strip(), "the plain try carries the post's text"
        outcome = "sent" if second is None else second.expected()
        outcome = "reject" if outcome == "plain" else outcome
    else:
        assert len(tries) == 1 and "blocks" in tries[0], "no plain try for this answer"
    item = world.item(victim)
    final = second if first.expected() == "plain" else first

    if outcome == "sent":
        assert item.status is OutboxStatus.SENT
    elif outcome == "wait":
        assert final is not None
        assert item.status is OutboxStatus.PENDING and item.attempts == 0
        assert item.next_attempt_at == now + timedelta(seconds=final.wait())
    elif outcome == "later":
        assert item.status is OutboxStatus.PENDING and item.attempts == 1 and item.last_error
    else:
        assert final is not None and outcome == "reject"
        assert item.status is OutboxStatus.REJECTED
        assert item.last_error == final.code and item.rejected_at == now

    moved_on = outcome in ("sent", "reject")
    for key in later:
        assert bool(slack.posted(key)) == moved_on, (key, outcome)
        assert (world.item(key).status is OutboxStatus.SENT) == moved_on

    notices = [i for i in world.items() if i.kind == REJECTION]
    if outcome != "reject":
        assert notices == []
        return
    assert [(n.recipient, n.payload["key"]) for n in notices] == [("alice", victim)]
    world.round(slack)
    [told] = [c for c in slack.calls if c["channel"] == "alice"]
    assert final is not None and final.code in told["text"]
    assert "Fuite présumée" in told["text"] and "n'a pas été publié" in told["text"]
    world.round(slack)
    assert len([i for i in world.items() if i.kind == REJECTION]) == 1, "told once"


@given(fault=st.sampled_from(Fault), plain=st.booleans())
def test_only_a_transient_fault_waits_and_only_a_form_fault_gets_a_plain_try(
    fault: Fault, plain: bool
) -> None:
    decision = decide(fault, plain)
    assert (decision is Decision.RETRY_LATER) == (fault is Fault.TRANSIENT)
    assert (decision is Decision.PLAIN_TEXT) == (fault is Fault.FORM and not plain)


def test_a_rejected_post_is_listed_then_sent_again_by_retry(world: World) -> None:
    queued = world.reset()
    victim = queued[0].key
    slack = FakeSlack(victim, [Answer(200, "is_archived", None)])
    world.round(slack)
    assert world.item(victim).status is OutboxStatus.REJECTED
    listing = world.app.messages.render(outbox_reply(world), "fr")
    assert "refusé" in listing and "is_archived" in listing and victim in listing
    assert world.app.deliverer.retry() >= 1
    world.round(slack)
    assert world.item(victim).status is OutboxStatus.SENT
    assert len(slack.posted(victim)) == 2


def outbox_reply(world: World) -> Reply:
    """What ``crisisbot outbox`` shows."""
    with world.app.deps.read() as uow:
        items = uow.repo.outbox(UNSENT)
        rejected = uow.repo.outbox((OutboxStatus.REJECTED,))
    return Reply("outbox", {"items": items, "rejected": rejected, "retried": False})


@given(status=st.integers(400, 599))
def test_the_bot_connector_refuses_a_card_or_a_conversation_for_good_and_nothing_else(
    status: int,
) -> None:
    decision = decide(teams_fault_of(status), plain=False)
    if status == 400:
        assert decision is Decision.PLAIN_TEXT, "a card it cannot take: its text may pass"
    elif status in (403, 404):
        assert decision is Decision.REJECT, "a bot removed, a conversation gone"
    else:
        assert decision is Decision.RETRY_LATER, "429, 5xx: later"


def unsent_keys(world: World) -> list[str]:
    return [i.key for i in world.items() if i.status in UNSENT]


def test_a_post_whose_answer_was_lost_waits_while_slack_cannot_say_whether_it_has_it(
    world: World,
) -> None:
    """Slack took the post but its answer was lost; then the channel's history fails (500,
    then 429): the post is neither sent again nor given up, and the channel waits, for the
    Retry-After asked; once the history answers, the post is found and never doubled."""
    queued = world.reset()
    victim = queued[0].key
    slack = FakeSlack(lose={victim})
    world.round(slack)
    assert world.item(victim).attempts == 1 and unsent_keys(world)[0] == victim
    slack.history_answers = [Answer(500, "internal_error", None), Answer(429, "ratelimited", "7")]
    for _ in range(2):
        world.clock.advance(minutes=1)
        world.round(slack)
        assert len(slack.kept(victim)) == 1 and unsent_keys(world)[0] == victim
        assert all(not slack.kept(i.key) for i in queued[1:])
    item = world.item(victim)
    assert item.next_attempt_at == world.clock.now() + timedelta(seconds=7)
    world.clock.advance(seconds=8)
    world.round(slack)
    assert unsent_keys(world) == []
    assert all(len(slack.kept(i.key)) == 1 for i in queued)


def test_a_busy_channel_does_not_hide_a_post_slack_already_took(world: World) -> None:
    """Hundreds of messages posted since the lost answer: the history is read page after
    page, back to a little before the post was enqueued, and the post is not sent again."""
    queued = world.reset()
    victim = queued[0].key
    slack = FakeSlack(lose={victim}, page=100)
    world.round(slack)
    for n in range(250):
        ts = f"{START.timestamp() + 1000 + n:.6f}"
        slack.taken.append({"channel": CHANNEL, "ts": ts, "metadata": {"event_payload": {}}})
    world.clock.advance(minutes=1)
    world.round(slack)
    assert len(slack.kept(victim)) == 1 and unsent_keys(world) == []
    assert len(slack.lookups) >= 3
    created = world.item(victim).created_at.timestamp()
    assert all(float(call["oldest"]) <= created for call in slack.lookups)


def rejected_then_told(world: World, code: str, slack: FakeSlack) -> OutboxItem:
    """The first post of the channel refused for good with ``code``: the rejection notice
    to the pilote, after one round."""
    queued = world.reset()
    slack.victim, slack.answers = queued[0].key, [Answer(200, code, None)]
    world.round(slack)
    [notice] = [i for i in world.items() if i.kind == REJECTION]
    return notice


def test_a_direct_message_slack_took_without_answering_is_not_sent_twice(world: World) -> None:
    slack = FakeSlack()
    notice = rejected_then_told(world, "msg_too_long", slack)
    slack.lose = {notice.key}
    world.round(slack)
    assert world.item(notice.key).status is OutboxStatus.PENDING
    world.clock.advance(minutes=1)
    world.round(slack)
    assert world.item(notice.key).status is OutboxStatus.SENT
    assert [m["channel"] for m in slack.kept(notice.key)] == ["alice"]
    assert any(call["channel"] == "Dalice" for call in slack.lookups)


@pytest.mark.parametrize(
    "answer",
    [Answer(503, "service_unavailable", None), Answer(200, "service_unavailable", None),
     Answer(500, "internal_error", None), Answer(429, "ratelimited", "3")],
)  # fmt: skip
def test_a_rejection_notice_whose_direct_message_fails_for_a_while_waits_as_a_direct_message(
    world: World, answer: Answer
) -> None:
    slack = FakeSlack(by_channel={"alice": [answer]})
    notice = rejected_then_told(world, "is_archived", slack)
    world.round(slack)
    assert world.item(notice.key).status is OutboxStatus.PENDING
    assert slack.kept(notice.key) == []
    world.clock.advance(minutes=1)
    world.round(slack)
    assert world.item(notice.key).status is OutboxStatus.SENT
    assert [m["channel"] for m in slack.kept(notice.key)] == ["alice"]


def test_a_direct_message_refused_for_good_goes_to_the_channel_unless_the_channel_refused(
    world: World,
) -> None:
    slack = FakeSlack(by_channel={"alice": [Answer(200, "cannot_dm_bot", None)]})
    notice = rejected_then_told(world, "msg_too_long", slack)
    world.round(slack)
    assert world.item(notice.key).status is OutboxStatus.SENT
    [told] = slack.kept(notice.key)
    assert told["channel"] == CHANNEL and told["text"].startswith("@alice ")

    slack = FakeSlack(by_channel={"alice": [Answer(200, "cannot_dm_bot", None)]})
    notice = rejected_then_told(world, "is_archived", slack)
    world.round(slack)
    item = world.item(notice.key)
    assert item.status is OutboxStatus.REJECTED and item.last_error == "cannot_dm_bot"
    assert [c["channel"] for c in slack.posted(notice.key)] == ["alice"]
    listing = world.app.messages.render(outbox_reply(world), "fr")
    assert "Pilote non prévenu : alice" in listing and "cannot_dm_bot" in listing


@pytest.mark.parametrize("value", ["inf", "1e400", "-inf", "nan", "99999999", "-3", "demain"])
def test_an_absurd_retry_after_holds_the_channel_a_quarter_of_an_hour_at_most(
    world: World, value: str
) -> None:
    queued = world.reset()
    slack = FakeSlack(queued[0].key, [Answer(429, "ratelimited", value)])
    world.round(slack)
    item = world.item(queued[0].key)
    assert item.status is OutboxStatus.PENDING
    wait = item.next_attempt_at - world.clock.now()
    assert timedelta(0) <= wait <= timedelta(minutes=15)
    world.clock.advance(minutes=16)
    world.round(slack)
    assert unsent_keys(world) == []


def test_an_item_whose_outcome_cannot_be_recorded_holds_only_its_own_channel(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    queued = world.reset()
    assert not slack_say(world.app, "alice", "C0CRISE02", "ouvrir Panne du standard").error
    victim = queued[0].key
    slack = FakeSlack(victim, [Answer(200, "internal_error", None)])
    record = world.app.deliverer.record

    def broken(item: OutboxItem, error: str | None) -> None:
        if error is not None:
            raise RuntimeError("la base ne répond pas")
        record(item, error)

    monkeypatch.setattr(world.app.deliverer, "record", broken)
    world.round(slack)
    others = [i for i in world.items() if i.channel == "C0CRISE02"]
    assert any(i.status is OutboxStatus.SENT for i in others)
    assert all(not slack.kept(i.key) for i in queued)
    item = world.item(victim)
    assert item.status is OutboxStatus.SENDING and item.claimed_by is None, "looked up first"
    monkeypatch.undo()
    world.clock.advance(minutes=2)
    while unsent_keys(world):
        world.round(slack)
    assert all(len(slack.kept(i.key)) == 1 for i in world.items() if i.kind != REJECTION)


def test_a_pilote_not_told_is_shown_in_either_language(world: World) -> None:
    slack = FakeSlack(by_channel={"alice": [Answer(200, "user_not_found", None)]})
    notice = rejected_then_told(world, "not_in_channel", slack)
    world.round(slack)
    assert world.item(notice.key).status is OutboxStatus.REJECTED
    french = world.app.messages.render(outbox_reply(world), "fr")
    english = world.app.messages.render(outbox_reply(world), "en")
    assert "Pilote non prévenu : alice" in french and "not_in_channel" in french
    assert "Pilote not told: alice" in english and "user_not_found" in english
