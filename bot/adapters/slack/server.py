"""Serving Slack: HTTP on aiohttp (``/slack/events``, ``/healthz``) or Socket Mode, plus the
outbox deliverer, in one event loop."""

from __future__ import annotations

import logging
import re

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from bot.adapters.slack.app import build, outbox_client
from bot.adapters.slack.context import SlackContext
from bot.adapters.slack.request import to_bolt_request
from bot.adapters.slack.transport import SlackTransport
from bot.bootstrap import Application
from bot.scheduler import start_scheduler
from bot.startup import listening

log = logging.getLogger(__name__)


async def health(request: web.Request) -> web.StreamResponse:
    return web.json_response({"ok": True})


def web_app(bolt: AsyncApp | None) -> web.Application:
    """``/slack/events`` for Bolt (none in Socket Mode) and ``/healthz``."""

    async def events(request: web.Request) -> web.StreamResponse:
        """Requests that cannot be signed by Slack stop here: 401 without a numeric
        timestamp, 400 for a body that is not UTF-8; nothing runs, nothing is posted."""
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        if not re.fullmatch(r"[0-9]{1,12}", timestamp):
            return web.Response(status=401)
        try:
            (await request.read()).decode("utf-8")
        except UnicodeDecodeError:
            return web.Response(status=400)
        assert bolt is not None
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    app = web.Application(client_max_size=1024**2)
    if bolt is not None:
        app.router.add_post("/slack/events", events)
    app.router.add_get("/healthz", health)
    return app


async def listen(app: web.Application, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    with listening(host, port):
        await web.TCPSite(runner, host, port).start()
    return runner


async def deliver_to_slack(application: Application, ctx: SlackContext) -> None:
    settings = application.settings
    assert settings.slack_bot_token
    client = outbox_client(settings.slack_bot_token, settings.slack_api_url)
    transport = SlackTransport(client, ctx.names, ctx.labels)
    await application.deliverer.run_forever(transport, ctx.bell)


async def start_http(
    application: Application, host: str, port: int
) -> tuple[web.AppRunner, SlackContext]:
    bolt, ctx = build(application)
    ctx.start()
    return await listen(web_app(bolt), host, port), ctx


async def start_socket(application: Application) -> tuple[AsyncSocketModeHandler, SlackContext]:
    bolt, ctx = build(application)
    ctx.start()
    assert application.settings.slack_app_token
    handler = AsyncSocketModeHandler(bolt, application.settings.slack_app_token)
    await handler.connect_async()  # type: ignore[no-untyped-call]
    return handler, ctx


async def serve(application: Application, host: str, port: int, socket: bool) -> None:
    """Serve Slack, deliver the outbox, and run the digest and reminder jobs: one process
    (the Procfile's ``web``). In Socket Mode, ``$PORT`` answers ``/healthz`` only, so that
    a platform that checks the port finds it bound either way."""
    if socket:
        _, ctx = await start_socket(application)
        runner = await listen(web_app(None), host, port)
        log.info("Slack Socket Mode connected; /healthz on %s:%s", host, port)
    else:
        runner, ctx = await start_http(application, host, port)
        log.info("Slack HTTP on %s:%s", host, port)
    start_scheduler(application, ctx.kick)
    try:
        await deliver_to_slack(application, ctx)
    finally:
        if ctx.hooks is not None:
            await ctx.hooks.close()
        await runner.cleanup()
