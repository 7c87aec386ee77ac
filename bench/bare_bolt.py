"""The reference of ``bench/slack_ack.py``: a Bolt app that only acks ``/crise``, served over
aiohttp as crisisbot is, importing nothing of crisisbot. ``PORT`` and ``SLACK_API_URL`` come
from the environment."""

from __future__ import annotations

import asyncio
import os
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

SECRET = "test-signing-secret"


async def main() -> None:
    client = AsyncWebClient(token="xoxb-bench", base_url=os.environ["SLACK_API_URL"])
    bolt = AsyncApp(client=client, signing_secret=SECRET)

    async def ack_only(ack: AsyncAck, command: dict[str, Any]) -> None:
        await ack(text="ok")

    bolt.command("/crise")(ack_only)

    async def events(request: web.Request) -> web.StreamResponse:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    app = web.Application()
    app.router.add_post("/slack/events", events)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", int(os.environ["PORT"])).start()
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
