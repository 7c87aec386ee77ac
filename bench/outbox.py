"""Delivering the outbox under Slack's limit of one message per second per channel.

1,000 notices over 50 channels (``BENCH_SMALL=1``: 100 over 10, Slack's second shortened to
0.2 s), queued by real commands on SQLite, then delivered by the real deliverer and Slack
transport to the fake Web API, which answers 429 with ``Retry-After`` to a post that comes
sooner than the limit allows. Prints the time until the last post arrived against the floor
(each channel's posts one interval apart), the 429 answered, and that nothing was posted
twice. Goal: at most 1.2x the floor.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.adapters.slack.app import outbox_client  # noqa: E402
from bot.adapters.slack.format import Names  # noqa: E402
from bot.adapters.slack.transport import SlackTransport  # noqa: E402
from bot.bootstrap import bootstrap  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.domain.people import Person, Platform  # noqa: E402
from tests.e2e.slack_fake import FakeSlackApi, serve  # noqa: E402

SMALL = bool(os.environ.get("BENCH_SMALL"))
POSTS, CHANNELS, INTERVAL = (100, 10, 0.2) if SMALL else (1000, 50, 1.0)
PILOTE = Person(Platform.SLACK, "U0PILOTE1", "Claire Durand")


async def main() -> None:
    api = FakeSlackApi()
    _, port = await serve(api.app())
    api.base = f"http://127.0.0.1:{port}/"
    folder = tempfile.mkdtemp()
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, DATABASE_URL=f"sqlite:///{folder}/outbox.db", CRISISBOT_ADMINS="*",
        CRISISBOT_DATA_DIR=folder, CRISISBOT_JOURNAL_KEY="b" * 64,
    )  # fmt: skip
    app = bootstrap(settings)
    channels = [f"C0BENCH{n:02d}" for n in range(CHANNELS)]
    for channel in channels:
        assert not app.answer(PILOTE, channel, "ouvrir Mesure").error
    client = outbox_client("xoxb-bench", api.base + "api/")
    transport = SlackTransport(client, Names(client), {})
    transport.pace = INTERVAL
    while await app.deliverer.deliver_due(transport):
        pass
    for number in range(POSTS // CHANNELS):
        for channel in channels:
            assert not app.answer(PILOTE, channel, f"fait note.n{number} = valeur {number}").error
    api.calls.clear()
    api.per_channel = INTERVAL
    bell = asyncio.Event()
    start = time.monotonic()
    delivery = asyncio.ensure_future(app.deliverer.run_forever(transport, bell))
    while len(api.named("chat.postMessage")) < POSTS:
        await asyncio.sleep(0.01)
    elapsed = time.monotonic() - start
    delivery.cancel()
    keys = [c.params["metadata"]["event_payload"]["key"] for c in api.named("chat.postMessage")]
    floor = (POSTS // CHANNELS - 1) * INTERVAL
    ratio = elapsed / floor
    print(
        f"outbox: {POSTS} posts over {CHANNELS} channels at one per {INTERVAL:g} s per channel: "
        f"{elapsed:.1f} s against a floor of {floor:.1f} s, ratio {ratio:.2f}; "
        f"{api.limited} answers 429; posted twice: {len(keys) - len(set(keys))}"
    )
    print(f"goal <= 1.2x the floor: {'met' if ratio <= 1.2 else 'NOT met'}")


if __name__ == "__main__":
    asyncio.run(main())
