"""Latency of a signed ``/crise statut`` over HTTP, against a bare Bolt app served the same way.

Both apps run on aiohttp in one event loop, talk to the same fake Web API on 127.0.0.1,
and receive the same signed, form-encoded slash commands; the bare app only acks.
Prints p50 and p95, sequential and at 20 concurrent requests, and the ratio.
Goal: ratio at most 1.5, p95 under 100 ms at 20 concurrent.

Then a hostile run: ``users.info`` answers in 2 s, commands mention 40 people unknown to the
directory, and another connection holds the database's write lock for 6 s while slash
commands and modal submissions arrive. Goal: every ack under 3 s.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncAck, AsyncApp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.adapters.slack.app import web_client  # noqa: E402
from bot.adapters.slack.server import start_http, web_app  # noqa: E402
from bot.bootstrap import bootstrap  # noqa: E402
from bot.config import Settings  # noqa: E402
from tests.e2e.slack_fake import SECRET, FakeSlackApi, serve, sign  # noqa: E402

SEQUENTIAL = 200
CONCURRENT = 20
ROUNDS = 20


def body(text: str, i: int, response_url: str = "https://hooks.invalid/r") -> str:
    return urllib.parse.urlencode({
        "command": "/crise", "text": text, "user_id": "U0ALICE00", "channel_id": "CBENCH",
        "team_id": "T1", "trigger_id": f"bench-{i}-{time.monotonic_ns()}",
        "response_url": response_url,
    })  # fmt: skip


async def timed(session: aiohttp.ClientSession, url: str, i: int, data: str | None = None) -> float:
    data = data or body("statut", i)
    headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(data)}
    start = time.perf_counter()
    async with session.post(url, data=data, headers=headers) as response:
        await response.read()
        assert response.status == 200, response.status
    return (time.perf_counter() - start) * 1000


async def measure(url: str) -> tuple[list[float], list[float]]:
    async with aiohttp.ClientSession() as session:
        for i in range(20):
            await timed(session, url, i)
        for r in range(3):
            await asyncio.gather(
                *[timed(session, url, 1000 + r * 100 + i) for i in range(CONCURRENT)]
            )
        sequential = [await timed(session, url, i) for i in range(SEQUENTIAL)]
        concurrent: list[float] = []
        for r in range(ROUNDS):
            batch = [timed(session, url, r * 100 + i) for i in range(CONCURRENT)]
            concurrent.extend(await asyncio.gather(*batch))
    return sequential, concurrent


def p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def main() -> None:
    api = FakeSlackApi()
    _, api_port = await serve(api.app())
    api.base = f"http://127.0.0.1:{api_port}/"

    bare = AsyncApp(client=web_client("xoxb-bench", api.base + "api/"), signing_secret=SECRET)

    async def ack_only(ack: AsyncAck, command: dict[str, Any]) -> None:
        await ack(text="ok")

    bare.command("/crise")(ack_only)
    _, bare_port = await serve(web_app(bare))

    folder = tempfile.mkdtemp()
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, DATABASE_URL=f"sqlite:///{folder}/bench.db", SLACK_BOT_TOKEN="xoxb-bench",
        SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=api.base + "api/",
    )  # fmt: skip
    application = bootstrap(settings)
    application.answer("U0ALICE00", "CBENCH", "ouvrir Mesure")
    for i in range(30):
        application.answer("U0ALICE00", "CBENCH", f"fait mesure.n{i} = valeur {i}")
        application.answer("U0ALICE00", "CBENCH", f"question Question {i} ?")
    runner, _ = await start_http(application, "127.0.0.1", 0)
    bot_port = runner.addresses[0][1]

    ref_seq, ref_conc = await measure(f"http://127.0.0.1:{bare_port}/slack/events")
    bot_seq, bot_conc = await measure(f"http://127.0.0.1:{bot_port}/slack/events")
    print(f"requests: {SEQUENTIAL} sequential, {ROUNDS} x {CONCURRENT} concurrent")
    for name, ref, bot in (("sequential", ref_seq, bot_seq), ("20 concurrent", ref_conc, bot_conc)):
        print(
            f"{name:>14}: crisisbot p50 {p(bot, 0.5):6.2f} ms  p95 {p(bot, 0.95):6.2f} ms | "
            f"bare Bolt p50 {p(ref, 0.5):6.2f} ms  p95 {p(ref, 0.95):6.2f} ms | "
            f"ratio p50 {statistics.median(bot) / statistics.median(ref):.2f}"
        )
    print(f"goal p95 < 100 ms at 20 concurrent: {'met' if p(bot_conc, 0.95) < 100 else 'NOT met'}")


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
    runner, _ = await start_http(application, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"
    acks = await hostile(api, url, f"{folder}/busy.db")
    print(
        f"slow users.info (2 s) + database locked 6 s: {len(acks)} acks, "
        f"max {max(acks):.0f} ms, p50 {p(acks, 0.5):.0f} ms, users.info calls "
        f"{len(api.named('users.info'))}; every ack under 3 s: "
        f"{'yes' if max(acks) < 3000 else 'NO'}"
    )


if __name__ == "__main__":
    asyncio.run(main())
    asyncio.run(main_hostile())
