"""Slack and Teams on one database: each outbox item is delivered by its own platform's
transport, and a transport never marks as sent an item it does not take."""

from __future__ import annotations

import asyncio

import pytest

from bot.adapters.slack.transport import SlackTransport
from bot.bootstrap import Application
from bot.domain.outbox import OutboxItem, OutboxStatus
from bot.domain.people import Person, Platform, platform_of
from bot.transport import Transports

SLACK_CHANNEL = "C0CRISE01"
TEAMS_CHANNEL = "19:0a1b2c3d4e5f4a5b8c9d0e1f2a3b4c5d@thread.tacv2"


class Recorder:
    """A transport of one platform that records what it posts."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.sent: list[OutboxItem] = []

    def accepts(self, item: OutboxItem) -> bool:
        return platform_of(item.channel) is self.platform

    async def send(self, item: OutboxItem, text: str) -> None:
        self.sent.append(item)


def two_crises(app: Application) -> None:
    for channel in (SLACK_CHANNEL, TEAMS_CHANNEL):
        alice = Person(platform_of(channel), f"alice-{channel[:3]}", "Alice")
        assert not app.answer(alice, channel, "ouvrir Fuite").error
        assert not app.answer(alice, channel, "fait etablissement.nom = la Clinique").error


def pending(app: Application) -> list[OutboxItem]:
    with app.deps.read() as uow:
        return uow.repo.outbox((OutboxStatus.PENDING, OutboxStatus.SENDING))


@pytest.mark.parametrize(
    ("channel", "platform"),
    [
        ("C0CRISE01", Platform.SLACK), ("G0PRIVATE", Platform.SLACK), ("D0DIRECT1", Platform.SLACK),
        (TEAMS_CHANNEL, Platform.TEAMS), ("19:abc@thread.v2", Platform.TEAMS),
        ("a:1pErSoNaL", Platform.TEAMS), ("8:orgid:1234", Platform.TEAMS),
        ("console", Platform.CONSOLE), ("demo", Platform.CONSOLE),
    ],
)  # fmt: skip
def test_a_channel_id_tells_its_platform(channel: str, platform: Platform) -> None:
    assert platform_of(channel) is platform


def test_a_transport_leaves_the_other_platforms_items_pending(sql_app: Application) -> None:
    two_crises(sql_app)
    slack = Recorder(Platform.SLACK)
    asyncio.run(sql_app.deliverer.deliver_due(slack))
    assert {item.channel for item in slack.sent} == {SLACK_CHANNEL}
    left = pending(sql_app)
    assert left and {item.channel for item in left} == {TEAMS_CHANNEL}
    assert all(i.status is OutboxStatus.PENDING and i.attempts == 0 for i in left)
    teams = Recorder(Platform.TEAMS)
    asyncio.run(sql_app.deliverer.deliver_due(teams))
    assert {item.channel for item in teams.sent} == {TEAMS_CHANNEL}
    assert len(teams.sent) == len(left) and pending(sql_app) == []


def test_one_process_delivers_each_item_with_its_own_platform(sql_app: Application) -> None:
    two_crises(sql_app)
    slack, teams = Recorder(Platform.SLACK), Recorder(Platform.TEAMS)
    asyncio.run(sql_app.deliverer.deliver_due(Transports(slack, teams)))
    assert slack.sent and {item.channel for item in slack.sent} == {SLACK_CHANNEL}
    assert teams.sent and {item.channel for item in teams.sent} == {TEAMS_CHANNEL}
    assert pending(sql_app) == []


def test_the_slack_transport_takes_only_slack_channels(sql_app: Application) -> None:
    transport = SlackTransport(None, None, {})  # type: ignore[arg-type]
    two_crises(sql_app)
    items = sql_app.deliverer.claim("slack") + sql_app.deliverer.claim("teams")
    assert {i.channel for i in items if transport.accepts(i)} == {SLACK_CHANNEL}
