"""Slack and Teams configured together: one process, one server, one database, and each
platform's changes posted on that platform only."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bot.adapters import together
from bot.bootstrap import bootstrap
from bot.clock import FixedClock
from bot.config import Settings
from tests.e2e.slack_fake import SECRET, FakeSlackApi, LoopThread, serve, slash
from tests.e2e.teams_fake import CHANNEL, CLAIRE, Connector, Teams, runs
from tests.waiting import WATCH, stays


def test_one_process_serves_a_slack_command_and_a_teams_message(
    tmp_path: Path, clock: FixedClock
) -> None:
    loop = LoopThread()
    try:
        api, connector = FakeSlackApi(), Connector()
        _, api_port = loop.run(serve(api.app()))
        api.base = f"http://127.0.0.1:{api_port}/"
        _, connector_port = loop.run(serve(connector.app()))
        connector.base = f"http://127.0.0.1:{connector_port}/"
        settings = Settings(CRISISBOT_ADMINS="*",   # type: ignore[call-arg]
            _env_file=None, DATABASE_URL=f"sqlite:///{tmp_path}/both.db",
            SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET=SECRET,
            SLACK_API_URL=api.base + "api/", TEAMS_ANONYMOUS="true",
        )  # fmt: skip
        application = bootstrap(settings, clock=clock)
        runner, ctx, transports = loop.run(together.start(application, "127.0.0.1", 0, False))
        asyncio.run_coroutine_threadsafe(
            application.deliverer.run_forever(transports, ctx.bell), loop.loop
        )
        base = f"http://127.0.0.1:{runner.addresses[0][1]}"
        assert slash(base + "/slack/events", "ouvrir Fuite côté Slack").status == 200
        teams = Teams(base + "/api/messages", connector, application, loop)
        assert teams.say(CLAIRE, "ouvrir Fuite côté Teams").status in (200, 202)
        path, _ = teams.wait_for("Fuite côté Teams")
        assert path.startswith(f"/v3/conversations/{CHANNEL}")
        deadline = time.monotonic() + 15
        while not [
            c
            for c in api.named("chat.postMessage")
            if "Fuite côté Slack" in c.params.get("text", "")
        ]:
            assert time.monotonic() < deadline, api.calls
            time.sleep(0.02)

        def crossed() -> bool:
            posted = [c.params.get("text", "") for c in api.named("chat.postMessage")]
            return any("Fuite côté Teams" in text for text in posted) or any(
                "Fuite côté Slack" in runs(body) for _, body in list(connector.posts)
            )

        stays(lambda: not crossed(), WATCH, why=lambda: "a crisis was posted on the other side")
        with application.deps.read() as uow:
            assert {c for c in ("CCRISE", CHANNEL) if uow.repo.crisis_for_channel(c)} == {
                "CCRISE",
                CHANNEL,
            }
    finally:
        loop.stop()


def test_with_slack_over_http_beside_teams_the_slack_directory_is_read(
    tmp_path: Path, clock: FixedClock
) -> None:
    """Names come from the workspace's directory (``users.list``), not the ids or handles
    Slack sends with a command."""
    loop = LoopThread()
    try:
        api = FakeSlackApi()
        _, api_port = loop.run(serve(api.app()))
        api.base = f"http://127.0.0.1:{api_port}/"
        settings = Settings(CRISISBOT_ADMINS="*",   # type: ignore[call-arg]
            _env_file=None, DATABASE_URL=f"sqlite:///{tmp_path}/both.db",
            SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET=SECRET,
            SLACK_API_URL=api.base + "api/", TEAMS_ANONYMOUS="true",
        )  # fmt: skip
        application = bootstrap(settings, clock=clock)
        runner, ctx, _ = loop.run(together.start(application, "127.0.0.1", 0, False))
        assert ctx.loading is not None
        loop.run(asyncio.wait_for(asyncio.shield(ctx.loading), 15))
        assert ctx.names.cached("U0PILOTE1") == "Claire Durand"
        base = f"http://127.0.0.1:{runner.addresses[0][1]}"
        assert slash(base + "/slack/events", "ouvrir Fuite", user="U0PILOTE1").status == 200
        answer = slash(base + "/slack/events", "statut", user="U0PILOTE1")
        assert "Claire Durand" in answer.body, answer.body
        assert "u0pilote1" not in answer.body.lower()
    finally:
        loop.stop()
