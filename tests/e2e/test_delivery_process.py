"""The real delivering process (``crisisbot run`` serving Slack) against the fake Slack Web
API: killed with SIGKILL between Slack's acceptance of a post and its record in the database,
then started again; and through an outage. Every post reaches Slack once, and each channel's
posts in the order they were queued."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.bootstrap import bootstrap
from bot.config import Settings
from tests.e2e.slack_fake import SECRET, FakeSlackApi, LoopThread, serve, slash
from tests.platforms import slack_say

pytestmark = pytest.mark.slow  # run by make test-all and CI, not by make test

ROOT = Path(__file__).resolve().parents[2]
CHANNELS = ("C0UN", "C0DEUX")
SEND_TIMEOUT = "2"
LEASE = "11"  # longer than a claimed batch of 5 sends of 2 s may still be sending


@dataclass
class World:
    folder: Path
    api: FakeSlackApi
    loop: LoopThread
    lease: str = LEASE
    port: int = 0

    @property
    def database(self) -> Path:
        return self.folder / "crisisbot.db"

    def env(self) -> dict[str, str]:
        clean = {k: v for k, v in os.environ.items()
                 if not k.startswith(("CRISISBOT_", "SLACK_", "TEAMS_", "DATABASE_URL"))}  # fmt: skip
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = self.port = probe.getsockname()[1]
        return {
            **clean,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": f"sqlite:///{self.database}",
            "CRISISBOT_JOURNAL_KEY": "cle-de-test",
            "CRISISBOT_ADMINS": "*",
            "CRISISBOT_EXPORTS_DIR": str(self.folder / "exports"),
            "CRISISBOT_OUTBOX_SEND_TIMEOUT": SEND_TIMEOUT,
            "CRISISBOT_OUTBOX_LEASE": self.lease,
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": self.api.base + "api/",
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

    def queued(self) -> list[tuple[str, str, str]]:
        """(key, channel, status) of the Slack outbox, in the order the posts were queued."""
        with sqlite3.connect(self.database) as conn:
            query = "select key, channel, status from outbox where platform = 'slack' order by id"
            return list(conn.execute(query))

    def posted(self) -> list[tuple[str, str]]:
        """(outbox key, channel) of every message Slack took, in the order it took them."""
        return [
            (c.params["metadata"]["event_payload"]["key"], c.params["channel"])
            for c in self.api.named("chat.postMessage")
        ]

    def wait_all_sent(self, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert process.poll() is None, self.log()
            if {status for _, _, status in self.queued()} == {"sent"}:
                return
            time.sleep(0.1)
        raise AssertionError(f"not all sent: {self.queued()}\n{self.log()}")

    def ready(self, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
        """Wait until the process answers ``/healthz``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert process.poll() is None, self.log()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"not ready\n{self.log()}")

    def log(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.folder.glob("*.log"))


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    loop = LoopThread()
    api = FakeSlackApi()
    _, port = loop.run(serve(api.app()))
    api.base = f"http://127.0.0.1:{port}/"
    yield World(tmp_path, api, loop)
    loop.stop()


def queue_posts(world: World) -> dict[str, list[str]]:
    """Several posts for each channel, queued by the real core in the shared database, the
    channels' commands interleaved; returns each channel's outbox keys in queued order."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, DATABASE_URL=f"sqlite:///{world.database}", CRISISBOT_ADMINS="*",
        CRISISBOT_JOURNAL_KEY="cle-de-test", CRISISBOT_EXPORTS_DIR=str(world.folder / "exports"),
    )  # fmt: skip
    app = bootstrap(settings)
    script = [
        "ouvrir Fuite présumée",
        "role @bob dpo",
        "fait etablissement.nom = la Clinique des Mésanges",
        "fait incident.connu_le = 12/01/2026 09:15 source: courriel",
        "verifier etablissement.nom preuve: annuaire",
    ]
    for line in script:
        for channel in CHANNELS:
            answer = slack_say(app, "alice", channel, line)
            assert not answer.error, (line, answer.text)
    app.engine.dispose()  # type: ignore[union-attr]
    queued = world.queued()
    assert {status for _, _, status in queued} == {"pending"}
    order = {channel: [key for key, c, _ in queued if c == channel] for channel in CHANNELS}
    assert all(len(keys) >= 5 for keys in order.values()), order
    return order


def assert_once_and_in_order(world: World, order: dict[str, list[str]]) -> None:
    posted = world.posted()
    keys = [key for key, _ in posted]
    doubled = sorted({key for key in keys if keys.count(key) > 1})
    assert doubled == [], f"posted twice: {doubled}"
    for channel, expected in order.items():
        assert [key for key, c in posted if c == channel] == expected, channel


def stop(process: subprocess.Popen[Any]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_kill_9_between_slacks_acceptance_and_the_record_posts_nothing_twice(
    world: World,
) -> None:
    order = queue_posts(world)
    victim = order[CHANNELS[0]][2]  # the third post of the first channel
    world.api.stall = lambda params: params["metadata"]["event_payload"]["key"] == victim
    first = world.start("premier")
    try:
        assert world.api.stalled.wait(120), world.log()
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        stop(first)
    status = {key: status for key, _, status in world.queued()}
    assert status[victim] == "sending", "killed after Slack took it, before the record"
    assert (victim, CHANNELS[0]) in world.posted()
    posted_before = len(world.posted())

    world.api.stall = None
    second = world.start("second")
    try:
        world.wait_all_sent(second)
    finally:
        stop(second)
    assert_once_and_in_order(world, order)
    assert len(world.posted()) > posted_before
    histories = world.api.named("conversations.history")
    assert any(c.params.get("channel") == CHANNELS[0] for c in histories), "looked before"


def test_through_an_outage_every_post_arrives_once_and_in_order(world: World) -> None:
    """Slack refuses every post for a few seconds (503), limits the first channel (429) a
    while after, and takes one post of the second channel while its answer is lost (500)."""
    order = queue_posts(world)
    lost = order[CHANNELS[1]][1]
    world.api.outage_until = time.monotonic() + 600  # until the process has met it
    world.api.channel_failures[CHANNELS[0]] = [429, 429, 429]
    world.api.retry_after = 1
    taken_once: set[str] = set()

    def lose_first_answer(params: dict[str, Any]) -> bool:
        key = params["metadata"]["event_payload"]["key"]
        if key != lost or key in taken_once:
            return False
        taken_once.add(key)
        return True

    world.api.lose_answer = lose_first_answer
    process = world.start("panne")
    try:
        deadline = time.monotonic() + 120
        while world.api.refused == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert world.api.refused, world.log()
        world.api.outage_until = time.monotonic() + 3  # the outage goes on 3 s more
        world.wait_all_sent(process)
    finally:
        stop(process)
    assert taken_once == {lost}, "the lost answer happened"
    assert_once_and_in_order(world, order)
    with sqlite3.connect(world.database) as conn:
        tries = dict(conn.execute("select key, attempts from outbox where platform = 'slack'"))
    assert tries[lost] >= 1 and max(tries.values()) >= 1, "the outage was met"


def test_after_kill_9_a_restarted_process_takes_back_its_claims_at_once(world: World) -> None:
    """The lease is 5 minutes: the process started again on the same host does not wait it
    out. The claims of the killed process are taken back at start; the post it left half
    done is found in Slack's history, and a command typed after the restart is posted in a
    few seconds, after the earlier posts of its channel."""
    world.lease = "300"
    order = queue_posts(world)
    victim = order[CHANNELS[0]][1]
    world.api.stall = lambda params: params["metadata"]["event_payload"]["key"] == victim
    first = world.start("premier")
    try:
        assert world.api.stalled.wait(120), world.log()
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        stop(first)
    with sqlite3.connect(world.database) as conn:
        claimed = conn.execute(
            "select claimed_by from outbox where key = ? and status = 'sending'", (victim,)
        ).fetchone()
    assert claimed and claimed[0].split("/")[1] == str(first.pid), "the claim names its process"

    world.api.stall = None
    second = world.start("second")
    try:
        world.ready(second)
        typed = time.monotonic()
        answer = slash(
            f"http://127.0.0.1:{world.port}/slack/events",
            "fait enquete.experts = un cabinet mandaté par la direction",
            user="U0ALICE00",
            channel=CHANNELS[0],
            response_url=world.api.response_url(),
        )
        assert answer.status == 200, answer.body
        deadline = typed + 20
        while time.monotonic() < deadline and len(world.queued()) == sum(map(len, order.values())):
            time.sleep(0.05)
        new = [key for key, channel, _ in world.queued() if channel == CHANNELS[0]]
        assert len(new) == len(order[CHANNELS[0]]) + 1, (world.queued(), world.log())
        world.wait_all_sent(second, timeout=30)
        waited = time.monotonic() - typed
    finally:
        stop(second)
    assert waited < 20, f"{waited:.1f} s: the lease was waited out"
    order[CHANNELS[0]] = new
    assert_once_and_in_order(world, order)


def test_a_post_slack_refuses_for_good_no_longer_holds_its_channel(world: World) -> None:
    """Slack refuses the blocks of the first post of one channel (``invalid_blocks``): it goes
    again at once as plain text. It refuses the first post of the other channel for good
    (``is_archived``): that post is rejected, the channel's next posts go on, and the pilote
    is told once, in a direct message."""
    order = queue_posts(world)
    one, two = CHANNELS
    world.api.channel_errors[one] = ["invalid_blocks"]
    world.api.channel_errors[two] = ["is_archived"]
    process = world.start("refus")
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, world.log()
            statuses = {status for _, _, status in world.queued()}
            if statuses <= {"sent", "rejected"} and world.api.calls_to("alice"):
                break
            time.sleep(0.1)
        else:
            raise AssertionError(f"not all delivered: {world.queued()}\n{world.log()}")
    finally:
        stop(process)
    rejected = [key for key, _, status in world.queued() if status == "rejected"]
    assert rejected == [order[two][0]]
    with sqlite3.connect(world.database) as conn:
        error, when = conn.execute(
            "select last_error, rejected_at from outbox where key = ?", (rejected[0],)
        ).fetchone()
    assert error == "is_archived" and when

    first = [c.params for c in world.api.named("chat.postMessage") if c.params["channel"] == one]
    assert not first[0].get("blocks") and first[0]["text"].startswith("Crise ouverte")
    order[two] = order[two][1:]
    posted = [(k, c) for k, c in world.posted() if c in CHANNELS]
    for channel, expected in order.items():
        assert [key for key, c in posted if c == channel] == expected, channel
    [told] = world.api.calls_to("alice")
    assert "is_archived" in told.params["text"] and "Fuite présumée" in told.params["text"]
