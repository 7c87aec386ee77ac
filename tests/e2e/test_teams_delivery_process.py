"""The real delivering process (``crisisbot run`` serving Teams, anonymous local mode) against
a fake Bot Connector: killed with SIGKILL once the connector took a post and its id was
recorded but before the post was marked sent, and in the middle of a post of two pages; then
started again; and through an outage. Every page reaches the connector once, and each
channel's posts in the order they were queued, but for the one case Teams leaves open: a
page taken whose answer was lost is posted again, right after itself."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.teams.server import start_http
from bot.bootstrap import bootstrap
from bot.config import Settings
from bot.domain.outbox import OutboxStatus
from bot.domain.people import Platform, unmark
from bot.services.digest import daily_digests
from tests.e2e.slack_fake import LoopThread, post, serve
from tests.e2e.teams_fake import CLAIRE, FaultyConnector, fixture, root_of, runs

pytestmark = pytest.mark.slow  # run by make test-all and CI, not by make test

ROOT = Path(__file__).resolve().parents[2]
CHANNELS = (
    "19:0a1b2c3d4e5f4a5b8c9d0e1f2a3b4c5d@thread.tacv2",
    "19:d2e2u2x2c2a2n2a2l2d2e2u2x2a2b2c2@thread.tacv2",
)
SEND_TIMEOUT = "2"
LEASE = "11"  # longer than a claimed batch of 5 sends of 2 s may still be sending
LONG_FACTS = 8
PAGE = re.compile(r"\((\d+)/(\d+)\)\s*$")
KEY = re.compile(r"\b(?:note|suite)\.[ab]\d\d\b")


def marker(text: str) -> str:
    """What tells a post apart in its channel: the page of the point de situation, else the
    fact it speaks of, else its first words."""
    if text.startswith("Point de situation") or PAGE.search(text):
        page = PAGE.search(text)
        return f"point {page.group(0).strip()}" if page else "point"
    key = KEY.search(text)
    return key.group(0) if key else text.split("\n")[0][:40]


@dataclass
class World:
    folder: Path
    connector: FaultyConnector
    loop: LoopThread

    @property
    def database(self) -> Path:
        return self.folder / "crisisbot.db"

    def settings(self) -> Settings:
        return Settings(  # type: ignore[call-arg]
            _env_file=None, DATABASE_URL=f"sqlite:///{self.database}", CRISISBOT_ADMINS="*",
            CRISISBOT_JOURNAL_KEY="cle-de-test", CRISISBOT_EXPORTS_DIR=str(self.folder / "exports"),
            TEAMS_ANONYMOUS="true",
        )  # fmt: skip

    def env(self) -> dict[str, str]:
        clean = {k: v for k, v in os.environ.items()
                 if not k.startswith(("CRISISBOT_", "SLACK_", "TEAMS_", "DATABASE_URL"))}  # fmt: skip
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        return {
            **clean,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": f"sqlite:///{self.database}",
            "CRISISBOT_JOURNAL_KEY": "cle-de-test",
            "CRISISBOT_ADMINS": "*",
            "CRISISBOT_EXPORTS_DIR": str(self.folder / "exports"),
            "CRISISBOT_OUTBOX_SEND_TIMEOUT": SEND_TIMEOUT,
            "CRISISBOT_OUTBOX_LEASE": LEASE,
            "TEAMS_ANONYMOUS": "1",
            "CRISISBOT_HOST": "127.0.0.1",
            "PORT": str(port),
        }

    def start(self, name: str) -> subprocess.Popen[bytes]:
        """``crisisbot run``, its log in ``name``.log."""
        log = (self.folder / f"{name}.log").open("wb")
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=self.folder,
            env=self.env(),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def rows(self) -> dict[str, tuple[str, str, dict[str, Any] | None]]:
        """Per outbox key of Teams: its channel, status and recorded pages, in queued order."""
        with sqlite3.connect(self.database) as conn:
            query = "select key, channel, status, posted from outbox where platform = 'teams'"
            found = conn.execute(query + " order by id")
            return {k: (c, s, json.loads(p) if p else None) for k, c, s, p in found}

    def posted(self, channel: str) -> list[str]:
        """What the connector took in ``channel``, in the order it took it."""
        return [marker(runs(body)) for path, body in list(self.connector.posts)
                if root_of(path) == channel and body.get("type") == "message"]  # fmt: skip

    def wait_all_sent(self, process: subprocess.Popen[bytes], timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert process.poll() is None, self.log()
            if {status for _, status, _ in self.rows().values()} == {"sent"}:
                return
            time.sleep(0.1)
        raise AssertionError(f"not all sent: {self.rows()}\n{self.log()}")

    def log(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.folder.glob("*.log"))


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    loop = LoopThread()
    connector = FaultyConnector()
    _, port = loop.run(serve(connector.app()))
    connector.base = f"http://127.0.0.1:{port}/"
    yield World(tmp_path, connector, loop)
    loop.stop()


def hello(world: World, url: str, channel: str, number: int) -> None:
    """Claire opens the crisis in ``channel``, a message Teams sends to the bot: from then on
    the bot knows the conversation and may post in it."""
    activity = fixture("channel_message_mention.json")
    activity["id"] = f"9{number:09d}"
    activity["conversation"]["id"] = f"{channel};messageid={activity['id']}"
    activity["channelData"]["teamsChannelId"] = channel
    activity["channelData"]["channel"] = {"id": channel}
    activity["from"] = {"id": CLAIRE.id, "name": CLAIRE.name}
    activity["text"] = "<at>crisisbot</at> ouvrir Fuite présumée"
    activity["entities"] = activity["entities"][:1]
    activity["serviceUrl"] = world.connector.base
    activity.pop("attachments", None)
    assert post(url, json.dumps(activity), "application/json", {}).status in (200, 202)


def queue_posts(world: World) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """For each channel: the crisis opened by a message to the bot, long facts, a point de
    situation of two pages or more, then short facts; queued by the real core, nothing sent.
    Returns each channel's posts as the bot will show them (page by page), in queued order,
    and each outbox key's pages."""
    app = bootstrap(world.settings())
    runner, transport = world.loop.run(
        start_http(app, "127.0.0.1", 0, __import__("asyncio").Event())
    )
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/api/messages"
    for number, channel in enumerate(CHANNELS):
        hello(world, url, channel, number)
    deadline = time.monotonic() + 30
    while len(world.rows()) < len(CHANNELS):
        assert time.monotonic() < deadline, world.rows()
        time.sleep(0.05)
    found = app.mentions(Platform.TEAMS, {})
    long_value = ("réseau sécurisé éteint " * 90)[:1900]
    script = [f"fait note.a{n:02d} = {n} {long_value}" for n in range(1, LONG_FACTS + 1)]
    for line in script:
        for channel in CHANNELS:
            assert not app.answer(CLAIRE, channel, line, None, found).error, line
    assert daily_digests(app.deps, force=True) == len(CHANNELS)
    for line in ("fait suite.b01 = court", "fait suite.b02 = plus court"):
        for channel in CHANNELS:
            assert not app.answer(CLAIRE, channel, line, None, found).error, line
    with app.deps.read() as uow:
        items = uow.repo.outbox((OutboxStatus.PENDING,))
    order: dict[str, list[str]] = {channel: [] for channel in CHANNELS}
    pages: dict[str, list[str]] = {}
    for item in items:
        text = app.deliverer.text_of(item)
        assert text is not None, item
        cards = transport.talk.cards(unmark(text), None, item.channel, None)
        shown = [marker(runs(c.model_dump(by_alias=True, mode="json"))) for c in cards]
        order[item.channel] += shown
        pages[item.key] = shown
    world.loop.run(runner.cleanup())
    app.engine.dispose()  # type: ignore[union-attr]
    world.connector.posts.clear()
    assert {status for _, status, _ in world.rows().values()} == {"pending"}
    assert all(len(set(shown)) == len(shown) for shown in order.values()), json.dumps(
        order, indent=1, ensure_ascii=False
    )
    assert all(any(len(p) > 1 for k, p in pages.items() if world.rows()[k][0] == c)
               for c in CHANNELS), "a post of several pages in each channel"  # fmt: skip
    return order, pages


def key_of(world: World, pages: dict[str, list[str]], channel: str, first: str) -> str:
    return next(k for k, p in pages.items() if world.rows()[k][0] == channel and p[0] == first)


def kill(process: subprocess.Popen[Any]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def stop(process: subprocess.Popen[Any]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_kill_9_after_the_record_of_a_post_or_of_its_first_page_posts_nothing_twice(
    world: World,
) -> None:
    order, pages = queue_posts(world)
    one, two = CHANNELS
    held = key_of(world, pages, one, "note.a02")
    digest = key_of(world, pages, two, "point (1/2)")
    # The process is stopped after the connector took ``held`` and its id was recorded, before
    # the post is marked sent: the database refuses that mark, as a kill at that instant would
    # leave it undone. The trigger is laid once the process has started (it refuses to start
    # beside one) and while the connector holds the post at its gate.
    world.connector.gate = lambda path, body: root_of(path) == one and "note.a02" in runs(body)
    # The other channel, delivered beside it, is held at the connector meanwhile (never
    # taken): the kill finds no other post on its way.
    world.connector.stall = lambda path, body: root_of(path) == two
    first = world.start("premier")
    try:
        assert world.connector.gated.wait(120), world.log()
        with sqlite3.connect(world.database) as conn:
            conn.execute(
                "create trigger hold before update of status on outbox"
                f" when new.key = '{held}' and new.status = 'sent'"
                " begin select raise(abort, 'held by the test'); end"
            )
        world.connector.opened.set()
        deadline = time.monotonic() + 120
        while "held by the test" not in world.log():
            assert time.monotonic() < deadline and first.poll() is None, world.log()
            time.sleep(0.05)
        kill(first)
    finally:
        stop(first)
    rows = world.rows()
    assert rows[held][1] == "sending", "killed after the record of the id, before the mark"
    assert rows[held][2] is not None and set(rows[held][2]["ids"]) == {"0"}
    assert world.posted(one).count("note.a02") == 1
    with sqlite3.connect(world.database) as conn:
        conn.execute("drop trigger hold")
    world.connector.gate = None

    # Then killed after the connector took the first page of a point de situation, while
    # it has not yet taken the second; the first channel is held at the gate meanwhile.
    world.connector.stalled.clear()
    world.connector.opened.clear()
    world.connector.gate = lambda path, body: root_of(path) == one
    world.connector.stall = lambda path, body: (
        root_of(path) == two and marker(runs(body)) == "point (2/2)"
    )
    second = world.start("second")
    try:
        assert world.connector.stalled.wait(120), world.log()
        kill(second)
    finally:
        stop(second)
    rows = world.rows()
    assert rows[digest][2] is not None and set(rows[digest][2]["ids"]) == {"0"}
    assert rows[digest][1] != "sent"
    assert "point (1/2)" in world.posted(two) and "point (2/2)" not in world.posted(two)

    world.connector.stall = world.connector.gate = None
    third = world.start("troisieme")
    try:
        world.wait_all_sent(third)
    finally:
        stop(third)
    for channel in CHANNELS:
        assert world.posted(channel) == order[channel], world.log()


def test_through_an_outage_nothing_is_lost_and_only_a_lost_answer_is_posted_again(
    world: World,
) -> None:
    """The connector refuses every post for a few seconds (503), limits the first channel
    (429) a while after, and takes one post of the second channel while its answer is lost
    (500): with no id for it, that post is the one posted again, right after itself."""
    order, _ = queue_posts(world)
    one, two = CHANNELS
    world.connector.outage_until = time.monotonic() + 600  # until the process has met it
    world.connector.failures[one] = [429, 429, 429]
    lost: list[str] = []

    def lose_first_answer(path: str, body: dict[str, Any]) -> bool:
        if root_of(path) != two or marker(runs(body)) != "note.a01" or lost:
            return False
        lost.append(path)
        return True

    world.connector.lose_answer = lose_first_answer
    process = world.start("panne")
    try:
        deadline = time.monotonic() + 120
        while world.connector.refused == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert world.connector.refused, world.log()
        world.connector.outage_until = time.monotonic() + 3  # the outage goes on 3 s more
        world.wait_all_sent(process)
    finally:
        stop(process)
    assert len(lost) == 1, "the lost answer happened"
    assert world.connector.failures[one] == [], "the rate limit was met"
    assert world.posted(one) == order[one], world.log()
    again = order[two].index("note.a01")
    assert world.posted(two) == order[two][: again + 1] + order[two][again:], world.log()


def test_a_card_refused_goes_as_plain_text_and_a_post_refused_for_good_lets_the_channel_go_on(
    world: World,
) -> None:
    """The connector refuses the first card of one channel (400): that post goes again at
    once as plain text. It refuses the first post of the other channel for good (404): that
    post is rejected, the channel's next posts go on, and the pilote is told once."""
    order, _ = queue_posts(world)
    one, two = CHANNELS
    world.connector.failures[one] = [400]
    world.connector.failures[two] = [404]
    first_two = next(k for k, row in world.rows().items() if row[0] == two)
    process = world.start("refus")
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert process.poll() is None, world.log()
            rows = world.rows()
            told = [k for k in rows if k.startswith("rejection:")]
            if told and {s for _, s, _ in rows.values()} <= {"sent", "rejected"}:
                break
            time.sleep(0.1)
        else:
            raise AssertionError(f"not all delivered: {world.rows()}\n{world.log()}")
    finally:
        stop(process)
    rows = world.rows()
    assert [k for k, (_, s, _) in rows.items() if s == "rejected"] == [first_two]
    with sqlite3.connect(world.database) as conn:
        error, when = conn.execute(
            "select last_error, rejected_at from outbox where key = ?", (first_two,)
        ).fetchone()
    assert error == "HTTP 404" and when

    taken = [body for path, body in world.connector.posts
             if root_of(path) == one and body.get("type") == "message"]  # fmt: skip
    assert "attachments" not in taken[0] and taken[0]["text"].startswith("Crise ouverte")
    assert world.posted(one)[1:] == order[one][1:], world.log()

    notices = [m for m in world.posted(two) if m.startswith("Un message de la crise")]
    assert len(notices) == 1 and len(told) == 1
    assert [m for m in world.posted(two) if m not in notices] == order[two][1:], world.log()
    said = [
        runs(body) for path, body in world.connector.posts if "n'a pas été publié" in runs(body)
    ]
    assert len(said) == 1 and "HTTP 404" in said[0] and "Teams" in said[0]
