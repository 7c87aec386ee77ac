"""A purge never takes away a post not yet delivered: the crisis waits, named with how many
of its posts wait, and is purged once they are posted (or rejected for good: those are
deleted with it)."""

from __future__ import annotations

import asyncio

from bot.bootstrap import Application
from bot.clock import FixedClock
from bot.domain.outbox import REJECTION, SLACK, UNSENT, Fault, OutboxItem, OutboxStatus
from bot.services import retention
from bot.transport import Refused
from tests.delivered import Sink, deliver_everything
from tests.platforms import slack_say


def test_a_closed_crisis_is_purged_only_after_its_closing_notice_was_posted(
    sql_app: Application, clock: FixedClock
) -> None:
    for line in ("ouvrir Fuite présumée", "role @bob dpo"):
        assert not slack_say(sql_app, "alice", "C1", line).error
    deliver_everything(sql_app)
    assert not slack_say(sql_app, "alice", "C1", "clore fausse alerte").error
    clock.advance(days=40)
    candidates = retention.purgeable(sql_app.deps, clock.now())
    assert retention.undelivered(sql_app.deps, candidates) == {"C1": 1}

    held = retention.purge(sql_app.deps, candidates, "admin")
    assert held.kept == [] and held.held == {"C1": 1}
    with sql_app.deps.read() as uow:
        assert uow.repo.crisis_for_channel("C1") is not None
        assert len(uow.repo.outbox(UNSENT)) == 1

    [(item, text)] = deliver_everything(sql_app)
    assert item.channel == "C1" and "Crise close" in text and "fausse alerte" in text
    done = retention.purge(sql_app.deps, retention.purgeable(sql_app.deps, clock.now()), "admin")
    assert [k["channel"] for k in done.kept] == ["C1"] and done.held == {}
    with sql_app.deps.read() as uow:
        assert uow.repo.crisis_for_channel("C1") is None


class Archived(Sink):
    """A Slack channel that refuses every post for good, and takes the pilote's DMs."""

    async def send(self, item: OutboxItem, text: str, plain: bool = False) -> None:
        if item.recipient is None:
            raise Refused("is_archived", Fault.PERMANENT)
        await super().send(item, text, plain)


def test_a_purge_deletes_the_rejected_posts_of_its_crisis_and_says_so(
    sql_app: Application, clock: FixedClock
) -> None:
    """A rejected post is written from its crisis's journal: once the crisis is purged it can
    never be sent. The purge deletes it with the crisis and counts it; a later retry has
    nothing of that crisis to mark as sent."""
    for line in ("ouvrir Fuite présumée", "role @bob dpo"):
        assert not slack_say(sql_app, "alice", "C1", line).error
    deliver_everything(sql_app)
    assert not slack_say(sql_app, "alice", "C1", "clore fausse alerte").error
    sink = Archived(SLACK)
    for _ in range(3):
        asyncio.run(sql_app.deliverer.deliver_due(sink))
    assert [item.kind for item, _ in sink.sent] == [REJECTION]
    with sql_app.deps.read() as uow:
        [refused] = uow.repo.outbox((OutboxStatus.REJECTED,))
    assert refused.kind != REJECTION and refused.last_error == "is_archived"
    clock.advance(days=40)
    candidates = retention.purgeable(sql_app.deps, clock.now())
    assert retention.undelivered(sql_app.deps, candidates) == {}
    assert retention.rejected(sql_app.deps, candidates) == {"C1": 1}
    done = retention.purge(sql_app.deps, candidates, "admin")
    assert [k["channel"] for k in done.kept] == ["C1"] and done.dropped == {"C1": 1}
    with sql_app.deps.read() as uow:
        assert uow.repo.outbox((OutboxStatus.REJECTED,)) == []
    assert sql_app.deliverer.retry() == 0
    assert deliver_everything(sql_app) == []
