"""Latency of a signed ``/crise statut`` over HTTP, against a bare Bolt app served the same way.

Each app runs in a process of its own, started as it is deployed (``crisisbot run`` for
crisisbot, on a database filled beforehand with 30 facts and 30 questions); both talk to the
same fake Web API in the driving process, and receive the same signed, form-encoded slash
commands; the bare app only acks. Prints, for SQLite and for PostgreSQL (at
``$DATABASE_URL_BENCH``, by default 127.0.0.1:5432, in a database created and dropped for the
run; skipped when unreachable): the time from the process's start to its first reply; p50 and
p95 of the ack, sequential and at 20 concurrent, with the ratio to bare Bolt; when the answer
itself arrived (in the ack, or through the response_url when the ack came first); the
memory of each process after the load.
Goals: first reply under 0.5 s; ack p50 at 20 concurrent at most 1.5x bare Bolt.

Then a hostile run: ``users.info`` answers in 2 s, commands mention 40 people unknown to the
directory, and another connection holds the database's write lock for 6 s while slash
commands and modal submissions arrive. Goal: every ack under 3 s.

``BENCH_SMALL=1`` (CI) runs fewer requests.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sqlite3
import statistics
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

import aiohttp
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.adapters.slack.server import start_http  # noqa: E402
from bot.bootstrap import bootstrap  # noqa: E402
from bot.config import Settings  # noqa: E402
from tests.e2e.slack_fake import SECRET, FakeSlackApi, serve, sign  # noqa: E402

SMALL = bool(os.environ.get("BENCH_SMALL"))
SEQUENTIAL = 40 if SMALL else 200
CONCURRENT = 20
ROUNDS = 4 if SMALL else 20
KEY = "b" * 64
POSTGRES = os.environ.get(
    "DATABASE_URL_BENCH", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def body(text: str, i: int, response_url: str = "https://hooks.invalid/r") -> str:
    return urllib.parse.urlencode({
        "command": "/crise", "text": text, "user_id": "U0ALICE00", "channel_id": "CBENCH",
        "team_id": "T1", "trigger_id": f"bench-{i}-{time.monotonic_ns()}",
        "response_url": response_url,
    })  # fmt: skip


class Driver:
    """Sends signed ``statut`` commands to one app; records each ack's latency and when the
    answer arrived (in the ack, or later through the response_url)."""

    def __init__(self, api: FakeSlackApi, url: str) -> None:
        self.api, self.url = api, url
        self.acks: list[float] = []
        self.answers: list[float] = []

    async def timed(self, session: aiohttp.ClientSession, i: int, keep: bool) -> None:
        hook = f"h{uuid.uuid4().hex}"
        data = body("statut", i, self.api.response_url(hook))
        headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(data)}
        start = time.monotonic()
        async with session.post(self.url, data=data, headers=headers) as response:
            text = await response.read()
            assert response.status == 200, response.status
        acked = time.monotonic()
        if not text:
            deadline = acked + 30
            while hook not in self.api.arrived and time.monotonic() < deadline:
                await asyncio.sleep(0.002)
        answered = self.api.arrived.get(hook, acked)
        if keep:
            self.acks.append((acked - start) * 1000)
            self.answers.append((answered - start) * 1000)

    async def measure(self) -> tuple[list[float], list[float], list[float], list[float]]:
        async with aiohttp.ClientSession() as session:
            for i in range(10):
                await self.timed(session, i, False)
            await asyncio.gather(*[self.timed(session, i, False) for i in range(CONCURRENT)])
            for i in range(SEQUENTIAL):
                await self.timed(session, i, True)
            seq = (self.acks, self.answers)
            self.acks, self.answers = [], []
            for r in range(ROUNDS):
                await asyncio.gather(*[self.timed(session, r, True) for _ in range(CONCURRENT)])
        return seq[0], seq[1], self.acks, self.answers


async def timed(session: aiohttp.ClientSession, url: str, i: int, data: str) -> float:
    """One signed request; the milliseconds until its ack."""
    headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(data)}
    start = time.perf_counter()
    async with session.post(url, data=data, headers=headers) as response:
        await response.read()
        assert response.status == 200, response.status
    return (time.perf_counter() - start) * 1000


def p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def memory(pid: int) -> tuple[float, float]:
    """Resident memory now and at its peak, in MiB (Linux)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        fields[name] = value.split()
    return int(fields["VmRSS"][0]) / 1024, int(fields["VmHWM"][0]) / 1024


async def first_reply(api: FakeSlackApi, url: str, started: float, process: Any) -> float:
    """Seconds from the process's start to its first answer to ``statut``."""
    driver = Driver(api, url)
    async with aiohttp.ClientSession() as session:
        while True:
            if process.returncode is not None:
                said = Path(process.log).read_text(errors="replace")
                raise RuntimeError(f"the app stopped ({process.returncode}): {said}")
            try:
                await driver.timed(session, 0, True)
                return time.monotonic() - started
            except (aiohttp.ClientError, AssertionError):
                await asyncio.sleep(0.005)


def prepare(database: str, folder: str, api: FakeSlackApi) -> dict[str, str]:
    """The crisis of the bench in ``database``; the environment of ``crisisbot run``."""
    env = {
        **os.environ, "DATABASE_URL": database, "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": api.base + "api/",
        "CRISISBOT_ADMINS": "*", "CRISISBOT_DATA_DIR": folder, "CRISISBOT_HOST": "127.0.0.1",
        "CRISISBOT_EXPORTS_DIR": folder, "PYTHONPATH": str(ROOT), "CRISISBOT_JOURNAL_KEY": KEY,
    }  # fmt: skip
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, DATABASE_URL=database, CRISISBOT_DATA_DIR=folder,
        CRISISBOT_JOURNAL_KEY=KEY,
    )  # fmt: skip
    application = bootstrap(settings)
    application.answer("U0ALICE00", "CBENCH", "ouvrir Mesure")
    for i in range(30):
        application.answer("U0ALICE00", "CBENCH", f"fait mesure.n{i} = valeur {i}")
        application.answer("U0ALICE00", "CBENCH", f"question Question {i} ?")
    assert application.engine is not None
    application.engine.dispose()
    return env


async def spawn(command: list[str], env: dict[str, str], port: int) -> tuple[Any, float]:
    started = time.monotonic()
    log = open(Path(tempfile.mkdtemp()) / "app.log", "wb")  # noqa: SIM115 - the child's
    process = await asyncio.create_subprocess_exec(
        *command, env={**env, "PORT": str(port)}, cwd=str(ROOT),
        stdout=asyncio.subprocess.DEVNULL, stderr=log,
    )  # fmt: skip
    process.log = log.name  # type: ignore[attr-defined]
    return process, started


async def run_one(api: FakeSlackApi, command: list[str], env: dict[str, str]) -> dict[str, Any]:
    port = free_port()
    process, started = await spawn(command, env, port)
    url = f"http://127.0.0.1:{port}/slack/events"
    try:
        start = await asyncio.wait_for(first_reply(api, url, started, process), 60)
        seq_ack, seq_answer, conc_ack, conc_answer = await Driver(api, url).measure()
        rss, peak = memory(process.pid)
    finally:
        if process.returncode is None:
            process.terminate()
            await process.wait()
    return {"start": start, "seq": seq_ack, "seq_answer": seq_answer, "conc": conc_ack,
            "conc_answer": conc_answer, "rss": rss, "peak": peak}  # fmt: skip


def report(name: str, bot: dict[str, Any], bare: dict[str, Any]) -> None:
    ratio = statistics.median(bot["conc"]) / statistics.median(bare["conc"])
    print(f"[{name}] {SEQUENTIAL} sequential, {ROUNDS} x {CONCURRENT} concurrent")
    met = "met" if bot["start"] < 0.5 else "NOT met"
    print(f"  first reply after start: crisisbot {bot['start']:.2f} s | bare Bolt "
          f"{bare['start']:.2f} s | goal < 0.5 s: {met}")  # fmt: skip
    for label, key in (("sequential", "seq"), ("20 concurrent", "conc")):
        print(
            f"  {label:>14} ack: crisisbot p50 {p(bot[key], 0.5):6.2f} ms  p95 "
            f"{p(bot[key], 0.95):6.2f} ms | bare Bolt p50 {p(bare[key], 0.5):6.2f} ms  p95 "
            f"{p(bare[key], 0.95):6.2f} ms | ratio p50 "
            f"{statistics.median(bot[key]) / statistics.median(bare[key]):.2f}"
        )
        answers = bot[f"{key}_answer"]
        print(f"  {label:>14} answer shown: p50 {p(answers, 0.5):6.2f} ms  p95 "
              f"{p(answers, 0.95):6.2f} ms")  # fmt: skip
    print(f"  ack p50 at 20 concurrent: {ratio:.2f}x bare Bolt, goal <= 1.5x: "
          f"{'met' if ratio <= 1.5 else 'NOT met'}")  # fmt: skip
    print(f"  memory after the load: crisisbot {bot['rss']:.0f} MiB (peak {bot['peak']:.0f}) | "
          f"bare Bolt {bare['rss']:.0f} MiB (peak {bare['peak']:.0f})")  # fmt: skip


def postgres_database() -> tuple[str, sa.Engine] | None:
    try:
        admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text("select 1"))
    except Exception as exc:
        print(f"[postgresql] not reachable at {POSTGRES} ({type(exc).__name__}): skipped")
        return None
    name = f"crisisbot_bench_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'create database "{name}"'))
    return sa.make_url(POSTGRES).set(database=name).render_as_string(hide_password=False), admin


async def main() -> None:
    api = FakeSlackApi()
    _, api_port = await serve(api.app())
    api.base = f"http://127.0.0.1:{api_port}/"
    bare_env = {**os.environ, "SLACK_API_URL": api.base + "api/", "PYTHONPATH": str(ROOT)}
    bare_command = [sys.executable, str(Path(__file__).with_name("bare_bolt.py"))]
    bot_command = [sys.executable, "-m", "bot", "run"]
    folder = tempfile.mkdtemp()
    bare = await run_one(api, bare_command, bare_env)
    env = await asyncio.to_thread(prepare, f"sqlite:///{folder}/bench.db", folder, api)
    report("sqlite", await run_one(api, bot_command, env), bare)
    if os.environ.get("BENCH_SQLITE_ONLY"):
        return
    found = await asyncio.to_thread(postgres_database)
    if found is not None:
        url, admin = found
        try:
            pg_folder = tempfile.mkdtemp()
            env = await asyncio.to_thread(prepare, url, pg_folder, api)
            report("postgresql", await run_one(api, bot_command, env), bare)
        finally:
            with admin.connect() as conn:
                name = sa.make_url(url).database
                conn.execute(sa.text(f'drop database if exists "{name}" with (force)'))
            admin.dispose()


def submission(i: int) -> str:
    values = {
        "cle": {"cle": {"type": "static_select", "selected_option": {"value": f"mesure.m{i}"}}},
        "valeur": {"valeur": {"type": "plain_text_input", "value": f"mesure {i} & suite"}},
        "source": {"source": {"type": "plain_text_input", "value": "RSSI"}},
    }
    payload = {
        "type": "view_submission", "user": {"id": "U0ALICE00"}, "team": {"id": "T1"},
        "trigger_id": f"v-{i}", "view": {"id": f"V{i}", "hash": "h", "type": "modal",
        "callback_id": "fait", "private_metadata": json.dumps({"channel": "CBENCH"}),
        "state": {"values": values}},
    }  # fmt: skip
    return urllib.parse.urlencode({"payload": json.dumps(payload)})


async def hostile(api: FakeSlackApi, url: str, database: str) -> list[float]:
    """Acks while users.info is slow and the database is locked by another writer."""
    api.delays["users.info"] = 2.0
    unknown = " ".join(f"<@U9{i:07d}>" for i in range(40))
    lock = sqlite3.connect(database, timeout=30, check_same_thread=False)
    lock.execute("BEGIN IMMEDIATE")
    release = asyncio.get_running_loop().call_later(6, lock.rollback)
    async with aiohttp.ClientSession() as session:
        hook = api.response_url()
        requests = [timed(session, url, 5000 + i, body(f"fait note.n{i} = {unknown}", i, hook))
                    for i in range(5)]  # fmt: skip
        requests += [timed(session, url, 6000 + i, submission(i)) for i in range(5)]
        requests += [timed(session, url, 7000 + i, body("statut", i, hook)) for i in range(5)]
        acks = list(await asyncio.gather(*requests))
        await asyncio.sleep(6.5)
    release.cancel()
    lock.close()
    return acks


async def main_hostile() -> None:
    api = FakeSlackApi()
    _, api_port = await serve(api.app())
    api.base = f"http://127.0.0.1:{api_port}/"
    folder = tempfile.mkdtemp()
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, DATABASE_URL=f"sqlite:///{folder}/busy.db", SLACK_BOT_TOKEN="xoxb-bench",
        SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=api.base + "api/",
    )  # fmt: skip
    application = bootstrap(settings)
    application.answer("U0ALICE00", "CBENCH", "ouvrir Mesure")
    runner, ctx = await start_http(application, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"
    acks = await hostile(api, url, f"{folder}/busy.db")
    if ctx.hooks is not None:
        await ctx.hooks.close()
    print(
        f"slow users.info (2 s) + database locked 6 s: {len(acks)} acks, "
        f"max {max(acks):.0f} ms, p50 {p(acks, 0.5):.0f} ms, users.info calls "
        f"{len(api.named('users.info'))}; every ack under 3 s: "
        f"{'yes' if max(acks) < 3000 else 'NO'}"
    )


if __name__ == "__main__":
    asyncio.run(main())
    asyncio.run(main_hostile())
