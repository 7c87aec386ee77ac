"""Posts: none lost, none doubled, in order; each platform posts only its own items."""

from __future__ import annotations

import asyncio
import io
import time
from dataclasses import replace
from datetime import timedelta

import pytest
from rich.console import Console

from bot.adapters.console import ConsoleTransport
from bot.bootstrap import Application
from bot.cli_admin import PrintTransport
from bot.clock import FixedClock
from bot.domain.outbox import (
    CLAIM_LIMIT,
    LEASE,
    MAX_ATTEMPTS,
    SEND_TIMEOUT,
    OutboxItem,
    OutboxStatus,
)
from bot.services import retention
from bot.services.digest import daily_digests
from tests.platforms import slack_say


class SlackRecorder:
    """A Slack transport that records posts, failing the first ``fail`` sends."""

    platform = "slack"

    def __init__(self, fail: int = 0, hang: float = 0.0) -> None:
        self.sent: list[OutboxItem] = []
        self.fail = fail
        self.hang = hang

    def accepts(self, item: OutboxItem) -> bool:
        return True

    async def already_sent(self, item: OutboxItem) -> bool:
        return False

    async def send(self, item: OutboxItem, text: str) -> None:
        if self.hang:
            await asyncio.sleep(self.hang)
        if self.fail:
            self.fail -= 1
            raise ConnectionError("Slack est indisponible")
        self.sent.append(item)


def slack_crisis(app: Application, channel: str = "C1", title: str = "Fuite présumée") -> None:
    for line in (f"ouvrir {title}", "role @bob dpo", "fait etablissement.nom = la Clinique"):
        assert not slack_say(app, "alice", channel, line).error, line


def drain(app: Application, transport: object) -> int:
    total = 0
    while sent := asyncio.run(app.deliverer.deliver_due(transport)):  # type: ignore[arg-type]
        total += sent
    return total


def unsent(app: Application) -> list[OutboxItem]:
    with app.deps.read() as uow:
        return uow.repo.outbox((OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.FAILED))


def test_the_console_and_the_digest_command_leave_slack_posts_for_slack(
    sql_app: Application,
) -> None:
    slack_crisis(sql_app)
    daily_digests(sql_app.deps)
    waiting = len(unsent(sql_app))
    drain(sql_app, ConsoleTransport(Console(file=io.StringIO())))
    drain(sql_app, PrintTransport())
    assert len(unsent(sql_app)) == waiting == 5
    slack = SlackRecorder()
    drain(sql_app, slack)
    assert [i.kind for i in slack.sent] == ["notice"] * 4 + ["digest"]
    assert unsent(sql_app) == []


def test_a_console_crisis_is_never_posted_to_slack(sql_app: Application) -> None:
    assert not sql_app.answer("alice", "console", "ouvrir Exercice").error
    slack = SlackRecorder()
    drain(sql_app, slack)
    assert slack.sent == [] and len(unsent(sql_app)) == 2


def test_after_a_purge_new_crises_get_new_ids_and_their_posts_are_sent(
    sql_app: Application, clock: FixedClock
) -> None:
    slack_crisis(sql_app)
    drain(sql_app, SlackRecorder())
    assert not slack_say(sql_app, "alice", "C1", "clore fin").error
    drain(sql_app, SlackRecorder())
    clock.advance(days=40)
    purged = retention.purge(sql_app.deps, retention.purgeable(sql_app.deps, clock.now()), "admin")
    assert purged.held == {} and len(purged.kept) == 1
    slack_crisis(sql_app, title="Nouvelle alerte")
    slack = SlackRecorder()
    drain(sql_app, slack)
    assert len(slack.sent) == 4 and {i.crisis_id for i in slack.sent} == {2}


def test_after_an_outage_a_channel_posts_arrive_in_order(
    sql_app: Application, clock: FixedClock
) -> None:
    slack_crisis(sql_app)
    slack = SlackRecorder(fail=1)
    drain(sql_app, slack)
    assert slack.sent == []
    clock.advance(seconds=3)
    assert not slack_say(sql_app, "bob", "C1", "verifier etablissement.nom").error
    drain(sql_app, slack)
    assert slack.sent == [], "the later posts wait for the first one"
    clock.advance(seconds=5)
    drain(sql_app, slack)
    keys = [i.id for i in slack.sent]
    assert len(keys) == 5 and keys == sorted(keys)


def test_another_channel_is_not_held_by_a_failing_one(
    sql_app: Application, clock: FixedClock
) -> None:
    slack_crisis(sql_app, "C1")
    slack = SlackRecorder(fail=1)
    drain(sql_app, slack)
    slack_crisis(sql_app, "C2")
    drain(sql_app, slack)
    assert {i.channel for i in slack.sent} == {"C2"}


def test_a_post_that_failed_ten_times_stays_visible_and_retry_sends_it(
    sql_app: Application, clock: FixedClock
) -> None:
    assert not slack_say(sql_app, "alice", "C1", "ouvrir Fuite").error
    slack = SlackRecorder(fail=MAX_ATTEMPTS)
    for _ in range(MAX_ATTEMPTS):
        drain(sql_app, slack)
        clock.advance(minutes=16)
    first, second = unsent(sql_app)
    assert first.status is OutboxStatus.FAILED and first.attempts == MAX_ATTEMPTS
    assert second.status is OutboxStatus.PENDING
    sql_app.deliverer.retry()
    drain(sql_app, slack)
    assert [i.id for i in slack.sent] == [first.id, second.id]
    assert unsent(sql_app) == []


def test_a_failed_post_is_still_tried_again_later_without_an_operator(
    sql_app: Application, clock: FixedClock
) -> None:
    assert not slack_say(sql_app, "alice", "C1", "ouvrir Fuite").error
    slack = SlackRecorder(fail=MAX_ATTEMPTS)
    for _ in range(MAX_ATTEMPTS):
        drain(sql_app, slack)
        clock.advance(minutes=16)
    drain(sql_app, slack)
    assert len(slack.sent) == 2


def test_the_lease_outlasts_the_longest_a_claimed_batch_may_still_be_sending(
    sql_app: Application, clock: FixedClock
) -> None:
    slack_crisis(sql_app)
    assert len(sql_app.deliverer.claim("slack")) == 4
    clock.advance(seconds=(CLAIM_LIMIT * SEND_TIMEOUT).total_seconds())
    assert sql_app.deliverer.claim("slack") == []
    clock.advance(seconds=(LEASE - CLAIM_LIMIT * SEND_TIMEOUT).total_seconds() + 1)
    assert len(sql_app.deliverer.claim("slack")) == 4


def test_a_send_that_hangs_is_given_up_within_its_timeout_and_retried(
    sql_app: Application, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        sql_app.deliverer, "deps", replace(sql_app.deps, send_timeout=timedelta(milliseconds=50))
    )
    assert not slack_say(sql_app, "alice", "C1", "ouvrir Fuite").error
    started = time.monotonic()
    assert asyncio.run(sql_app.deliverer.deliver_due(SlackRecorder(hang=30))) == 0
    assert time.monotonic() - started < 10
    first = unsent(sql_app)[0]
    assert first.attempts == 1 and "TimeoutError" in (first.last_error or "")
