"""A fake Bot Connector service on 127.0.0.1 that records what the bot posts, and a client
that sends the activities of ``fixtures/teams/`` to ``/api/messages``."""

from __future__ import annotations

import asyncio
import copy
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.adapters.teams.server import start_http
from bot.bootstrap import Application, bootstrap
from bot.clock import FixedClock
from bot.config import Settings
from bot.domain.people import Person, Platform
from tests.e2e.slack_fake import LoopThread, Response, post

FIXTURES = Path(__file__).parent / "fixtures" / "teams"
REAL_SERVICE = "https://smba.trafficmanager.net/emea/"
CHANNEL = "19:0a1b2c3d4e5f4a5b8c9d0e1f2a3b4c5d@thread.tacv2"
CLAIRE = Person(
    Platform.TEAMS, "29:1cLaIrEdUrAnDpIlOtEaBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", "Claire Durand"
)
BOB = Person(Platform.TEAMS, "29:1bObMaRtInDpOaBcDeFgHiJkLmNoPqRsTuVwXyZ9876543210", "Bob Martin")
MARC = Person(
    Platform.TEAMS, "29:1dIrEcTiOnMaRcAbCdEfGhIjKlMnOpQrStUvWxYz1122334455", "Marc Bernard"
)


def fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text("utf-8"))
    return data


@dataclass
class Connector:
    """Records what the bot posts to the Bot Connector service (and uploads to OneDrive)."""

    posts: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    uploads: list[tuple[str, bytes, str]] = field(default_factory=list)
    base: str = ""
    # People for whom the app is not installed: creating or writing to their one-to-one
    # chat is refused as the connector does (``fixtures/teams/connector_*.json``).
    not_installed: set[str] = field(default_factory=set)
    # Graph installs the app for these people (Entra object id → ``29:`` id).
    installable: dict[str, str] = field(default_factory=dict)
    installs: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def app(self) -> web.Application:
        app = web.Application(client_max_size=8 * 1024**2)
        app.router.add_put("/upload/{name}", self.upload)
        app.router.add_post("/graph/users/{user}/teamwork/installedApps", self.install)
        app.router.add_route("*", "/{tail:.*}", self.record)
        return app

    async def upload(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.uploads.append((request.path, body, request.headers.get("Content-Range", "")))
        return web.json_response({"id": "onedrive-item"}, status=201)

    async def install(self, request: web.Request) -> web.Response:
        """Graph's ``installedApps`` for a user: 201, or 403 where the tenant refuses."""
        self.installs.append((request.match_info["user"], await request.json()))
        teams_id = self.installable.get(request.match_info["user"])
        if teams_id is None:
            return web.json_response({"error": {"code": "Forbidden"}}, status=403)
        self.not_installed.discard(teams_id)
        return web.json_response({}, status=201)

    async def record(self, request: web.Request) -> web.Response:
        raw = await request.read()
        body = json.loads(raw) if raw else {}
        refused = self.refusal(request.path, body)
        if refused is not None:
            return refused
        self.posts.append((request.path, body))
        if request.path == "/v3/conversations":
            return web.json_response({"id": "a:dm-" + body["members"][0]["id"]})
        return web.json_response({"id": f"reply-{len(self.posts)}"})

    def refusal(self, path: str, body: dict[str, Any]) -> web.Response | None:
        if path == "/v3/conversations":
            members = {m.get("id") for m in body.get("members") or []}
            if members & self.not_installed:
                return connector_error("connector_create_conversation_403.json")
        elif any(root_of(path) == "a:dm-" + user for user in self.not_installed):
            return connector_error("connector_send_404.json")
        return None

    def sizes(self) -> list[int]:
        return [len(json.dumps(body)) for _, body in self.posts]


def connector_error(name: str) -> web.Response:
    """An error the Bot Connector answers, as documented (``tests/e2e/fixtures/teams``)."""
    data = json.loads((FIXTURES / name).read_text("utf-8"))
    return web.json_response(data["body"], status=data["status"])


Fault = Callable[[str, dict[str, Any]], bool]


def root_of(path: str) -> str:
    """The conversation a post went to, without its thread (``;messageid=…``)."""
    parts = path.split("/")
    return parts[3].split(";messageid=")[0] if len(parts) > 3 else ""


@dataclass
class FaultyConnector(Connector):
    """A Bot Connector that fails as the real one may: it refuses every post until
    ``outage_until`` (503); answers the next posts of a conversation with the statuses listed
    in ``failures`` (429, with ``Retry-After``); holds for ever the posts for which ``stall``
    holds, without taking them; holds those for which ``gate`` holds until ``opened``, then
    takes them; takes the posts for which ``lose_answer`` holds but answers
    500, as when the answer is lost on the way."""

    outage_until: float = 0.0
    refused: int = 0
    failures: dict[str, list[int]] = field(default_factory=dict)
    retry_after: int = 1
    stall: Fault | None = None
    stalled: threading.Event = field(default_factory=threading.Event)
    lose_answer: Fault | None = None
    # Posts for which ``gate`` holds wait until ``opened`` is set, then are taken.
    gate: Fault | None = None
    gated: threading.Event = field(default_factory=threading.Event)
    opened: threading.Event = field(default_factory=threading.Event)

    async def record(self, request: web.Request) -> web.Response:
        if not request.path.endswith("/activities"):
            return await super().record(request)
        raw = await request.read()
        body = json.loads(raw) if raw else {}
        if time.monotonic() < self.outage_until:
            self.refused += 1
            return web.json_response({"error": {"code": "ServiceUnavailable"}}, status=503)
        waiting = self.failures.get(root_of(request.path))
        if waiting:
            headers = {"Retry-After": str(self.retry_after)}
            status = waiting.pop(0)
            return web.json_response(
                {"error": {"code": "Throttled"}}, status=status, headers=headers
            )
        if self.gate and self.gate(request.path, body):
            self.gated.set()
            while not self.opened.is_set():
                await asyncio.sleep(0.02)
        if self.stall and self.stall(request.path, body):
            self.stalled.set()
            await asyncio.sleep(3600)
        self.posts.append((request.path, body))
        if self.lose_answer and self.lose_answer(request.path, body):
            return web.json_response({"error": {"code": "InternalServerError"}}, status=500)
        return web.json_response({"id": f"reply-{len(self.posts)}"})


def runs(body: dict[str, Any]) -> str:
    """The text a posted card shows."""
    texts = []
    for attachment in body.get("attachments") or []:
        for block in (attachment.get("content") or {}).get("body") or []:
            texts.extend(run["text"] for run in block.get("inlines") or [])
    return "".join(texts)


@dataclass
class Teams:
    url: str
    connector: Connector
    app: Application
    loop: LoopThread
    counter: int = 0

    def send(self, activity: dict[str, Any], service_url: str | None = None) -> Response:
        """Post an activity as Teams does, its ``serviceUrl`` pointing at the fake."""
        sent = copy.deepcopy(activity)
        sent["serviceUrl"] = service_url or self.connector.base
        return post(self.url, json.dumps(sent), "application/json", {})

    def say(
        self, who: Person, text: str, mentions: tuple[Person, ...] = (), **extra: Any
    ) -> Response:
        """A message in the crisis channel, in a thread of its own, mentioning the bot."""
        self.counter += 1
        activity = fixture("channel_message_mention.json")
        activity["id"] = f"9{self.counter:09d}"
        activity["conversation"]["id"] = f"{CHANNEL};messageid={activity['id']}"
        activity["from"] = {"id": who.id, "name": who.name}
        activity["text"] = "<at>crisisbot</at> " + text
        activity["entities"] = activity["entities"][:1] + [
            {
                "type": "mention",
                "mentioned": {"id": p.id, "name": p.name},
                "text": f"<at>{p.name}</at>",
            }
            for p in mentions
        ]
        activity.pop("attachments", None)
        activity.update(extra)
        return self.send(activity)

    def setup(self, who: Person, text: str, mentions: tuple[Person, ...] = ()) -> None:
        """A command run directly, to set the scene quickly."""
        found = self.app.mentions(Platform.TEAMS, {"@" + p.name: p for p in mentions})
        assert not self.app.answer(who, CHANNEL, text, None, found).error, text

    def wait_for(self, fragment: str, timeout: float = 15) -> tuple[str, dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for path, body in list(self.connector.posts):
                if fragment in runs(body):
                    return path, body
            time.sleep(0.02)
        raise AssertionError(
            f"nothing posted with {fragment!r}: {[runs(b) for _, b in self.connector.posts]}"
        )


def start_teams(
    tmp_path: Path, clock: FixedClock, loop: LoopThread, **extra: str
) -> tuple[str, Application]:
    values = {"CRISISBOT_ADMINS": "*", **extra}
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        DATABASE_URL=f"sqlite:///{tmp_path}/teams.db",
        CRISISBOT_EXPORTS_DIR=str(tmp_path / "exports"),
        **values,
    )
    application = bootstrap(settings, clock=clock)

    async def go() -> tuple[Any, Any, asyncio.Event]:
        bell = asyncio.Event()
        runner, transport = await start_http(application, "127.0.0.1", 0, bell)
        return runner, transport, bell

    runner, transport, bell = loop.run(go())
    asyncio.run_coroutine_threadsafe(application.deliverer.run_forever(transport, bell), loop.loop)
    return f"http://127.0.0.1:{runner.addresses[0][1]}", application
