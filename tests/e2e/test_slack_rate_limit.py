"""The outbox under Slack's limit of about one message a second per channel: a post of several
messages hit by a 429 after its first ones sends only the rest, even from a process started
again; the channel waits what ``Retry-After`` asks, while the other channels go on."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.adapters.slack.app import outbox_client
from bot.adapters.slack.format import Names, pages
from bot.adapters.slack.transport import SlackTransport
from bot.bootstrap import Application, bootstrap
from bot.clock import FixedClock
from bot.config import Settings
from bot.domain.outbox import OutboxStatus
from bot.domain.people import Person, Platform, unmark
from bot.services.digest import daily_digests
from tests.e2e.slack_fake import FakeSlackApi, LoopThread, serve

CLAIRE = Person(Platform.SLACK, "U0PILOTE1", "Claire Durand")
CHANNEL, OTHER = "C0CRISE01", "C0AUTRE01"


@dataclass
class World:
    app: Application
    api: FakeSlackApi
    loop: LoopThread
    clock: FixedClock

    def transport(self) -> SlackTransport:
        """A new transport, as a process started again has: it remembers nothing."""
        client = outbox_client("xoxb-test", self.api.base + "api/")
        return SlackTransport(client, Names(client), {})

    def deliver(self, transport: SlackTransport) -> int:
        return int(self.loop.run(self.app.deliverer.deliver_due(transport)))

    def pages_of(self, key: str) -> list[int]:
        """The pages of outbox item ``key`` Slack took, in the order it took them."""
        return [
            int(c.params["metadata"]["event_payload"]["page"])
            for c in self.api.named("chat.postMessage")
            if c.params["metadata"]["event_payload"]["key"] == key
        ]


@pytest.fixture
def world(tmp_path: Path, clock: FixedClock) -> Iterator[World]:
    loop = LoopThread()
    api = FakeSlackApi()
    _, port = loop.run(serve(api.app()))
    api.base = f"http://127.0.0.1:{port}/"
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, DATABASE_URL=f"sqlite:///{tmp_path}/rate.db", SLACK_BOT_TOKEN="xoxb-test",
        CRISISBOT_ADMINS="*",
        SLACK_API_URL=api.base + "api/",
    )  # fmt: skip
    app = bootstrap(settings, clock=clock)
    yield World(app, api, loop, clock)
    loop.stop()
    assert app.engine is not None
    app.engine.dispose()


def long_digest(world: World) -> str:
    """Two crises, their notices delivered; then the digest of the first, of two messages or
    more, waits in the outbox behind nothing. Returns its key."""
    app = world.app
    value = ("réseau sécurisé éteint, sauvegardes vérifiées une à une " * 40)[:1900]
    for channel in (CHANNEL, OTHER):
        assert not app.answer(CLAIRE, channel, "ouvrir Fuite présumée").error
    for number in range(24):
        assert not app.answer(CLAIRE, CHANNEL, f"fait note.a{number:02d} = {value}").error
    while world.deliver(world.transport()):
        pass
    assert daily_digests(app.deps, force=True) == 2
    with app.deps.read() as uow:
        [digest] = [i for i in uow.repo.outbox((OutboxStatus.PENDING,)) if i.channel == CHANNEL]
    text = app.deliverer.text_of(digest)
    assert text is not None and len(pages(unmark(text))) >= 2, "a digest of several messages"
    world.api.calls.clear()
    return digest.key


@pytest.mark.parametrize("restarted", [False, True], ids=["same process", "process restarted"])
def test_a_post_limited_after_its_first_message_sends_only_the_rest(
    world: World, restarted: bool
) -> None:
    key = long_digest(world)
    world.api.per_channel = 3.0
    transport = world.transport()
    world.deliver(transport)
    assert world.pages_of(key) == [0], "the first message taken, the second limited"
    assert world.api.limited == 1
    with world.app.deps.read() as uow:
        [waiting] = [i for i in uow.repo.outbox(tuple(OutboxStatus)) if i.key == key]
    assert waiting.status is not OutboxStatus.SENT and waiting.attempts == 0
    wait = (waiting.next_attempt_at - world.clock.now()).total_seconds()
    assert wait == 3.0, "held as long as Retry-After asks, no longer"
    world.api.per_channel = 0.0
    world.clock.advance(seconds=3)
    world.deliver(world.transport() if restarted else transport)
    count = len(pages(unmark(world.app.deliverer.text_of(waiting) or "")))
    assert world.pages_of(key) == list(range(count)), "each message once, none repeated"
    with world.app.deps.read() as uow:
        [sent] = [i for i in uow.repo.outbox(tuple(OutboxStatus)) if i.key == key]
    assert sent.status is OutboxStatus.SENT


def test_channels_are_delivered_side_by_side_at_the_pace_slack_takes(world: World) -> None:
    """Ten posts in each of two channels under the limit, all of the first queued before the
    second's: both channels post from the start (the second does not wait behind the
    first), a 429 never repeats a message, and all arrive in order, the limited channels
    paced by the transport from then on."""
    app = world.app
    for channel in (CHANNEL, OTHER):
        assert not app.answer(CLAIRE, channel, "ouvrir Fuite présumée").error
    while world.deliver(world.transport()):
        pass
    world.api.calls.clear()
    for channel in (CHANNEL, OTHER):
        for number in range(10):
            assert not app.answer(CLAIRE, channel, f"fait note.n{number} = valeur {number}").error
    world.api.per_channel = 0.3
    transport = world.transport()
    transport.pace = 0.3
    rounds = 0
    while len(world.api.named("chat.postMessage")) < 20:
        rounds += 1
        assert rounds < 200, world.api.named("chat.postMessage")
        if not world.deliver(transport):
            world.clock.advance(seconds=1)
            time.sleep(0.1)
    for channel in (CHANNEL, OTHER):
        texts = [c.params["text"] for c in world.api.calls_to(channel)]
        assert [f"`note.n{n}` = valeur {n}." in t for n, t in enumerate(texts)] == [True] * 10
    first = [c.params["channel"] for c in world.api.named("chat.postMessage")[:2]]
    assert sorted(first) == sorted([CHANNEL, OTHER]), "the second channel did not wait"
    assert world.api.limited > 0
