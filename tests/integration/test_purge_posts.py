"""A purge never takes away a post not yet delivered: the crisis waits, named with how many
of its posts wait, and is purged once they are posted (or rejected for good)."""

from __future__ import annotations

from bot.bootstrap import Application
from bot.clock import FixedClock
from bot.domain.outbox import UNSENT
from bot.services import retention
from tests.delivered import deliver_everything
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
