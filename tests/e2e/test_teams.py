"""Teams through the real Agents SDK: Activity JSON posted to /api/messages, replies and
proactive posts read back from a fake Bot Connector service on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.adapters.teams.server import start_http
from bot.bootstrap import Application, bootstrap
from bot.clock import FixedClock
from bot.config import Settings
from tests.e2e.slack_fake import LoopThread, post, serve

CONVERSATION = "19:cellule@thread.tacv2"


@dataclass
class Connector:
    """Records what the bot posts to the Bot Connector service."""

    posts: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    base: str = ""

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.record)
        return app

    async def record(self, request: web.Request) -> web.Response:
        body = await request.json() if request.can_read_body else {}
        self.posts.append((request.path, body))
        return web.json_response({"id": f"reply-{len(self.posts)}"})

    def texts(self) -> list[str]:
        return [str(body.get("text", "")) for _, body in self.posts]


@dataclass
class Teams:
    url: str
    connector: Connector
    app: Application
    counter: int = 0

    def say(
        self,
        user: str,
        text: str = "",
        value: dict[str, Any] | None = None,
        mentions: tuple[str, ...] = (),
    ) -> int:
        """Post as ``user``; each name of ``mentions`` is written ``<at>Name</at>`` in the
        text and carried by a mention entity, as Teams does."""
        self.counter += 1
        activity: dict[str, Any] = {
            "type": "message", "id": f"m{self.counter}", "text": text, "channelId": "msteams",
            "serviceUrl": self.connector.base, "timestamp": "2026-01-12T09:00:00Z",
            "from": {"id": f"29:{user}", "aadObjectId": user, "name": user.title()},
            "recipient": {"id": "28:crisisbot", "name": "crisisbot"},
            "conversation": {"id": CONVERSATION, "conversationType": "channel", "tenantId": "t1"},
        }  # fmt: skip
        if value is not None:
            activity["value"] = value
        if mentions:
            activity["entities"] = [
                {"type": "mention", "text": f"<at>{name.title()}</at>",
                 "mentioned": {"id": f"29:{name}", "name": name.title()}}
                for name in mentions
            ]  # fmt: skip
        return post(self.url, json.dumps(activity), "application/json", {}).status

    def wait_for(self, fragment: str, timeout: float = 15) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for _, body in self.connector.posts:
                if fragment in str(body.get("text", "")):
                    return body
            time.sleep(0.02)
        raise AssertionError(f"nothing posted with {fragment!r}: {self.connector.texts()}")


def start(
    tmp_path: Path, clock: FixedClock, loop: LoopThread, **extra: str
) -> tuple[str, Application, Any]:
    settings = Settings(_env_file=None, DATABASE_URL=f"sqlite:///{tmp_path}/teams.db", **extra)  # type: ignore[arg-type]
    application = bootstrap(settings, clock=clock)

    async def go() -> tuple[Any, Any, asyncio.Event]:
        bell = asyncio.Event()
        runner, transport = await start_http(application, "127.0.0.1", 0, bell)
        return runner, transport, bell

    runner, transport, bell = loop.run(go())
    asyncio.run_coroutine_threadsafe(application.deliverer.run_forever(transport, bell), loop.loop)
    return f"http://127.0.0.1:{runner.addresses[0][1]}/api/messages", application, bell


@pytest.fixture
def teams(tmp_path: Path, clock: FixedClock) -> Iterator[Teams]:
    loop = LoopThread()
    connector = Connector()
    _, port = loop.run(serve(connector.app()))
    connector.base = f"http://127.0.0.1:{port}/"
    url, application, _ = start(tmp_path, clock, loop, TEAMS_ANONYMOUS="true")
    yield Teams(url, connector, application)
    loop.stop()


def card_runs(body: dict[str, Any]) -> list[str]:
    [attachment] = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    blocks = attachment["content"]["body"]
    assert {b["type"] for b in blocks} == {"RichTextBlock"}
    return [run["text"] for block in blocks for run in block["inlines"]]


def test_a_message_mentioning_the_bot_gets_a_reply_card(teams: Teams) -> None:
    assert teams.say("alice", "<at>crisisbot</at> /crise aide fait") in (200, 202)
    reply = teams.wait_for("/crise fait <clé> = <valeur>")
    path = teams.connector.posts[0][0]
    assert path == f"/v3/conversations/{CONVERSATION}/activities/m1"
    assert reply["textFormat"] == "plain"
    assert any("Exemple" in run for run in card_runs(reply))


def test_shared_changes_are_posted_proactively_and_user_text_stays_literal(teams: Teams) -> None:
    teams.say("alice", "ouvrir Fuite présumée")
    teams.wait_for("Crise ouverte")
    typed = "**gras** [cliquez](http://evil.example) {{ 7*7 }} <b>x</b>"
    as_teams_sends_it = typed.replace("<", "&lt;").replace(">", "&gt;")
    teams.say("alice", f"<at>crisisbot</at> fait forum.note = {as_teams_sends_it}")
    notice = teams.wait_for("forum.note")
    assert any(typed in run for run in card_runs(notice))
    assert not any("49" in run for run in card_runs(notice))
    assert notice["textFormat"] == "plain"


def test_card_buttons_approve_a_draft(teams: Teams) -> None:
    for user, text, mentioned in [
        ("alice", "ouvrir Fuite", ()), ("alice", "role <at>Bob</at> dpo", ("bob",)),
        ("alice", "role <at>Dir</at> direction", ("dir",)),
        ("alice", "fait etablissement.nom = la Clinique", ()),
        ("bob", "verifier etablissement.nom", ()), ("com", "rediger attente", ()),
        ("com", "voir 1", ()),
    ]:  # fmt: skip
        teams.say(user, text, mentions=mentioned)
    shown = teams.wait_for("———")
    actions = shown["attachments"][0]["content"]["actions"]
    approve = next(a for a in actions if a["type"] == "Action.Submit")
    assert approve["data"] == {"action": "approve", "draft": 1}
    teams.say("dir", "", value=approve["data"])
    teams.wait_for("a approuvé le brouillon 1 en tant que direction")
    reject = next(a for a in actions if a["type"] == "Action.ShowCard")
    teams.say("alice", "", value={**reject["card"]["actions"][0]["data"], "motif": "trop long"})
    teams.wait_for("« trop long »")


def test_without_a_token_an_app_with_credentials_refuses_the_request(
    tmp_path: Path, clock: FixedClock
) -> None:
    loop = LoopThread()
    try:
        url, _, _ = start(tmp_path, clock, loop, TEAMS_CLIENT_ID="00000000-0000-0000-0000-000000000001",
                          TEAMS_CLIENT_SECRET="secret", TEAMS_TENANT_ID="t1")  # fmt: skip
        activity = {"type": "message", "id": "x", "text": "statut", "serviceUrl": "http://127.0.0.1:9/",
                    "conversation": {"id": "c"}, "from": {"id": "u"}, "recipient": {"id": "b"}}  # fmt: skip
        assert post(url, json.dumps(activity), "application/json", {}).status == 401
        forged = {"Authorization": "Bearer not.a.token"}
        assert post(url, json.dumps(activity), "application/json", forged).status == 401
    finally:
        loop.stop()
