"""What a hospital's IT runs: one ``web`` process, HTTP or Socket Mode, PostgreSQL URLs as
hosting platforms hand them out."""

from __future__ import annotations

import asyncio
import time
import urllib.request
from pathlib import Path

from bot.clock import FixedClock
from bot.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_the_procfile_runs_one_web_process() -> None:
    lines = [line for line in (ROOT / "Procfile").read_text().splitlines() if line.strip()]
    assert lines == ["web: crisisbot run"]


def test_postgres_urls_name_the_installed_driver() -> None:
    import psycopg  # noqa: F401  (the driver the URLs name)

    for given in ("postgres://bot:s3cret@db.example:5432/crise", "postgresql://bot:s3cret@db.example:5432/crise",
                  "postgresql+psycopg://bot:s3cret@db.example:5432/crise"):  # fmt: skip
        settings = Settings(_env_file=None, DATABASE_URL=given)  # type: ignore[call-arg]
        assert settings.database_url == "postgresql+psycopg://bot:s3cret@db.example:5432/crise"
    sqlite = Settings(_env_file=None, DATABASE_URL="sqlite:///x.db")  # type: ignore[call-arg]
    assert sqlite.database_url == "sqlite:///x.db"


def test_socket_mode_binds_the_port_for_health_checks(tmp_path: Path, clock: FixedClock) -> None:
    import socket

    from bot.adapters.slack.server import serve
    from bot.bootstrap import bootstrap
    from tests.e2e.slack_fake import SECRET, FakeSlackApi, LoopThread
    from tests.e2e.slack_fake import serve as serve_fake

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    loop, api = LoopThread(), FakeSlackApi()
    try:
        _, api_port = loop.run(serve_fake(api.app()))
        api.base = f"http://127.0.0.1:{api_port}/"
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, CRISISBOT_ADMINS="*", DATABASE_URL=f"sqlite:///{tmp_path}/ws.db", SLACK_BOT_TOKEN="xoxb-test",
            SLACK_SIGNING_SECRET=SECRET, SLACK_APP_TOKEN="xapp-test", SLACK_API_URL=api.base + "api/",
        )  # fmt: skip
        application = bootstrap(settings, clock=clock)
        asyncio.run_coroutine_threadsafe(serve(application, "127.0.0.1", port, True), loop.loop)
        deadline = time.monotonic() + 15
        status = None
        while status is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    status = r.status
            except OSError:
                time.sleep(0.1)
        assert status == 200
        assert any(c.method == "apps.connections.open" for c in api.calls)
    finally:
        loop.stop()
