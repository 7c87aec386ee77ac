from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.adapters.slack.context import SlackContext
from bot.adapters.slack.server import deliver_to_slack, start_http
from bot.bootstrap import Application, bootstrap
from bot.clock import FixedClock
from bot.config import Settings
from tests.e2e.slack_fake import SECRET, Call, FakeSlackApi, LoopThread, serve
from tests.e2e.teams_fake import Connector, Teams, start_teams


@dataclass
class SlackHarness:
    url: str
    api: FakeSlackApi
    app: Application
    ctx: SlackContext
    loop: LoopThread

    def kick(self) -> None:
        self.loop.loop.call_soon_threadsafe(self.ctx.bell.set)

    def wait(
        self, what: Callable[[], list[Call]], count: int = 1, timeout: float = 15
    ) -> list[Call]:
        """Wait until ``what`` returns at least ``count`` calls (a bounded wait for an event)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = what()
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"expected {count} calls, got {what()}")

    def posts(self, contains: str = "") -> list[Call]:
        return [
            c for c in self.api.named("chat.postMessage") if contains in c.params.get("text", "")
        ]


async def directory_read(ctx: SlackContext) -> None:
    """Wait until the directory (users.list) read at start is in the names cache."""
    if ctx.loading is not None:
        await ctx.loading


def start_slack(
    tmp_path: Path, clock: FixedClock, loop: LoopThread, api: FakeSlackApi
) -> SlackHarness:
    settings = Settings(
        CRISISBOT_ADMINS="*",  # type: ignore[call-arg]
        _env_file=None,
        DATABASE_URL=f"sqlite:///{tmp_path}/slack.db",
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=api.base + "api/",
        CRISISBOT_EXPORTS_DIR=str(tmp_path / "exports"),
    )
    application = bootstrap(settings, clock=clock)
    runner, ctx = loop.run(start_http(application, "127.0.0.1", 0))
    loop.run(directory_read(ctx))
    port = runner.addresses[0][1]
    asyncio.run_coroutine_threadsafe(deliver_to_slack(application, ctx), loop.loop)
    return SlackHarness(f"http://127.0.0.1:{port}/slack/events", api, application, ctx, loop)


@pytest.fixture
def slack(tmp_path: Path, clock: FixedClock) -> Iterator[SlackHarness]:
    loop = LoopThread()
    api = FakeSlackApi()
    _, api_port = loop.run(serve(api.app()))
    api.base = f"http://127.0.0.1:{api_port}/"
    yield start_slack(tmp_path, clock, loop, api)
    loop.stop()


# Teams in one process: the bot on HTTP, a fake Bot Connector on 127.0.0.1.
@pytest.fixture
def teams(tmp_path: Path, clock: FixedClock) -> Iterator[Teams]:
    loop = LoopThread()
    connector = Connector()
    _, port = loop.run(serve(connector.app()))
    connector.base = f"http://127.0.0.1:{port}/"
    url, application = start_teams(tmp_path, clock, loop, TEAMS_ANONYMOUS="true")
    yield Teams(url + "/api/messages", connector, application, loop)
    loop.stop()
