"""Serving Teams: ``POST /api/messages`` (JWT checked by the SDK), ``GET /healthz`` (open, for
the load balancer), the outbox deliverer and the scheduled jobs, in one event loop.

Without an app registration (``TEAMS_ANONYMOUS``, for a local test client), nothing proves
who is calling: the server then listens on 127.0.0.1 only and answers no ``serviceUrl``
but a local one."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

import jwt
from aiohttp import web
from microsoft_agents.hosting.aiohttp import jwt_authorization_decorator, start_agent_process
from yarl import URL

from bot.adapters.teams.app import build
from bot.adapters.teams.transport import TeamsTransport
from bot.bootstrap import Application
from bot.config import Settings
from bot.scheduler import start_scheduler
from bot.startup import listening

log = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# The Bot Connector signs its tokens with RS256 and names the key (``kid``) in the header.
SIGNED_BY = "RS256"
UNAUTHORIZED = {"error": "Invalid token or authentication failed."}


def anonymous(settings: Settings) -> bool:
    return not settings.teams_client_id


def listen_on(settings: Settings, host: str) -> str:
    """Anonymous mode is for a client on this machine: it never listens beyond it."""
    if anonymous(settings) and host not in LOCAL_HOSTS:
        log.warning("TEAMS_ANONYMOUS: listening on 127.0.0.1 only, not %s", host)
        return "127.0.0.1"
    return host


def is_local(url: Any) -> bool:
    try:
        return isinstance(url, str) and URL(url).host in LOCAL_HOSTS
    except ValueError:
        return False


def well_formed(header: str | None) -> bool:
    """Whether a bearer token's header is one the connector signs (RS256, with a key id).
    Any other (``alg=none``, no ``kid``, garbage) is refused here with a 401: the SDK's
    validator would fail on it with an error, hence a 500. No header at all is left to the
    SDK, which allows it in anonymous mode only."""
    if header is None:
        return True
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return False
    try:
        fields = jwt.get_unverified_header(token.strip())
    except jwt.PyJWTError:
        return False
    return fields.get("alg") == SIGNED_BY and isinstance(fields.get("kid"), str)


def checked(handler: Handler) -> Handler:
    """``handler`` behind the SDK's JWT check, malformed tokens refused before it."""
    authorized = cast(Handler, jwt_authorization_decorator(handler))  # type: ignore[no-untyped-call]

    async def check(request: web.Request) -> web.StreamResponse:
        if not well_formed(request.headers.get("Authorization")):
            log.warning("Teams: refused a malformed or unsigned token")
            return web.json_response(UNAUTHORIZED, status=401)
        return await authorized(request)

    return check


async def health(request: web.Request) -> web.StreamResponse:
    return web.json_response({"ok": True})


def add_teams(
    app: web.Application, application: Application, bell: asyncio.Event
) -> TeamsTransport:
    """Add ``/api/messages`` to ``app``; return the transport that posts in Teams."""
    agent, adapter, config, talk = build(application, application.messages.buttons, bell.set)
    local_only = anonymous(application.settings)

    async def handle(request: web.Request) -> web.StreamResponse:
        if local_only:
            try:
                body = await request.json()
            except ValueError:
                return web.json_response({"error": "invalid JSON"}, status=400)
            if not is_local(body.get("serviceUrl") if isinstance(body, dict) else None):
                log.warning("anonymous Teams: refused a non-local serviceUrl")
                return web.json_response({"error": "serviceUrl must be local"}, status=403)
        response = await start_agent_process(request, agent, adapter)
        return response if response is not None else web.Response(status=202)

    messages = checked(handle)
    app["agent_configuration"] = config
    app.router.add_post("/api/messages", messages)
    return TeamsTransport(talk, adapter, application.settings.teams_client_id or "")


async def start_http(
    application: Application, host: str, port: int, bell: asyncio.Event
) -> tuple[web.AppRunner, TeamsTransport]:
    app = web.Application()
    app.router.add_get("/healthz", health)
    transport = add_teams(app, application, bell)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    address = listen_on(application.settings, host)
    with listening(address, port):
        await web.TCPSite(runner, address, port).start()
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
