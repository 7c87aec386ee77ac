"""The built wheel, installed in a fresh virtualenv as a buildpack or a container installs it,
starts ``crisisbot run`` from a folder that is not the clone, on PostgreSQL given as hosting
platforms hand it out (``postgres://``), answers ``/healthz`` and a signed ``/crise aide``.

``.ci/wheel`` builds and installs the wheel, then runs this file with ``CRISISBOT_INSTALLED``
set to the virtualenv's ``bin`` folder; without it (``make test``) the test is skipped."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.slack_fake import SECRET, FakeSlackApi, LoopThread, serve, slash

INSTALLED = os.environ.get("CRISISBOT_INSTALLED")
pytestmark = pytest.mark.skipif(
    not INSTALLED, reason="CRISISBOT_INSTALLED (the bin folder of an installed wheel) is unset"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def api() -> Iterator[FakeSlackApi]:
    loop, fake = LoopThread(), FakeSlackApi()
    _, port = loop.run(serve(fake.app()))
    fake.base = f"http://127.0.0.1:{port}/"
    yield fake
    loop.stop()


def healthy(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                assert r.status == 200
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(log.read_text(errors="replace"))


def test_the_installed_wheel_serves_slack_on_postgres_from_another_folder(
    tmp_path: Path, postgres_url: str, api: FakeSlackApi
) -> None:
    assert INSTALLED
    program = Path(INSTALLED) / "crisisbot"
    assert program.exists(), program
    url = postgres_url.replace("postgresql+psycopg://", "postgres://", 1)
    port = free_port()
    data = tmp_path / "data"
    data.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DATABASE_URL": url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api.base + "api/",
        "CRISISBOT_ADMINS": "*",
        "CRISISBOT_JOURNAL_KEY": "9" * 64,
        "CRISISBOT_DATA_DIR": str(data),
        "CRISISBOT_HOST": "127.0.0.1",
        "PORT": str(port),
    }
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(program), "run"], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        healthy(port, process, log)
        answer = slash(f"http://127.0.0.1:{port}/slack/events", "aide",
                       response_url=api.response_url("aide"))  # fmt: skip
        assert answer.status == 200, (answer, log.read_text(errors="replace"))
        said = str(answer.json()) + str([c.params for c in api.responses])
        assert "ouvrir" in said, said
        assert any(c.method == "users.list" for c in api.calls)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert "Traceback" not in log.read_text(errors="replace")
