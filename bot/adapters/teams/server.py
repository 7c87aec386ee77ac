"""Serving Teams: ``POST /api/messages`` (JWT checked by the SDK), ``GET /healthz``, the
outbox deliverer and the scheduled jobs, in one event loop."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from microsoft_agents.hosting.aiohttp import jwt_authorization_middleware, start_agent_process

from bot.adapters.teams.app import build
from bot.adapters.teams.transport import TeamsTransport
from bot.bootstrap import Application
from bot.scheduler import start_scheduler

log = logging.getLogger(__name__)


async def start_http(
    application: Application, host: str, port: int, bell: asyncio.Event
) -> tuple[web.AppRunner, TeamsTransport]:
    agent, adapter, config = build(application, application.messages.buttons, bell.set)

    async def messages(request: web.Request) -> web.StreamResponse:
        response = await start_agent_process(request, agent, adapter)
        return response if response is not None else web.Response(status=202)

    async def health(request: web.Request) -> web.StreamResponse:
        return web.json_response({"ok": True})

    app = web.Application(middlewares=[jwt_authorization_middleware])
    app["agent_configuration"] = config
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", health)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    transport = TeamsTransport(application, adapter, application.settings.teams_client_id or "")
    return runner, transport


async def serve(application: Application, host: str, port: int) -> None:
    bell = asyncio.Event()
    runner, transport = await start_http(application, host, port, bell)
    log.info("Teams on %s:%s/api/messages", host, port)
    start_scheduler(application, bell.set)
    try:
        await application.deliverer.run_forever(transport, bell)
    finally:
        await runner.cleanup()
