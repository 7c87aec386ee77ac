"""Slack and Teams served by one process: one aiohttp server (``/slack/events``,
``/api/messages``, ``/healthz``), one database, one scheduler, and one deliverer that hands
each outbox item to its own platform's transport."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.adapters.slack.app import build as build_slack
from bot.adapters.slack.app import outbox_client
from bot.adapters.slack.context import SlackContext
from bot.adapters.slack.server import start_socket, web_app
from bot.adapters.slack.transport import SlackTransport
from bot.adapters.teams.server import add_teams, health, listen_on
from bot.adapters.teams.transport import TeamsTransport
from bot.bootstrap import Application
from bot.scheduler import start_scheduler
from bot.startup import listening
from bot.transport import Transports

log = logging.getLogger(__name__)


async def start(
    application: Application, host: str, port: int, socket: bool
) -> tuple[web.AppRunner, SlackContext, Transports]:
    """Start serving both platforms; return the server, Slack's context (its bell wakes the
    deliverer) and the transports of both."""
    if socket:
        _, ctx = await start_socket(application)
        app = web.Application()
        app.router.add_get("/healthz", health)
    else:
        bolt, ctx = build_slack(application)
        ctx.start()
        app = web_app(bolt)
    teams: TeamsTransport = add_teams(app, application, ctx.bell)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    address = listen_on(application.settings, host)
    with listening(address, port):
        await web.TCPSite(runner, address, port).start()
    settings = application.settings
    assert settings.slack_bot_token
    client = outbox_client(settings.slack_bot_token, settings.slack_api_url)
    slack = SlackTransport(client, ctx.names, ctx.labels)
    return runner, ctx, Transports(slack, teams)


async def serve(application: Application, host: str, port: int, socket: bool) -> None:
    runner, ctx, transports = await start(application, host, port, socket)
    log.info("Slack and Teams on %s:%s", host, port)
    start_scheduler(application, ctx.kick)
    try:
        await application.deliverer.run_forever(transports, ctx.bell)
    finally:
        await runner.cleanup()
