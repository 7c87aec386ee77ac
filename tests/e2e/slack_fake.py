"""A fake Slack Web API on 127.0.0.1 that records every call, and a signed-request client."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import math
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

SECRET = "test-signing-secret"
# The workspace's directory (users.list): the people of the fixtures and of the tests.
DIRECTORY = {
    "U0PILOTE1": "Claire Durand", "U0BOB0001": "Bob Martin", "U0DIR0001": "Marc Bernard",
    "U0RSSI001": "Julien Roy", "U0DPO0001": "Sophie Lenoir", "U0COM0001": "Léa Petit",
    "U0VEILLE1": "Veille", "U0JOURN01": "Jules Journaliste",
    "U0ALICE00": "Nom-U0ALICE00", "U0BOB0000": "Nom-U0BOB0000", "U0DIR0000": "Nom-U0DIR0000",
    "U0COM0000": "Nom-U0COM0000", "U0CAROL00": "Nom-U0CAROL00",
}  # fmt: skip


@dataclass
class Call:
    method: str
    params: dict[str, Any]


@dataclass
class FakeSlackApi:
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    uploads: list[bytes] = field(default_factory=list)
    base: str = ""

    directory: dict[str, str] = field(default_factory=lambda: dict(DIRECTORY))
    page: int = 5
    # Channels the bot cannot see (conversations.info: channel_not_found), or sees as private
    # without being a member.
    hidden: set[str] = field(default_factory=set)
    private: set[str] = field(default_factory=set)
    # Channels the bot has not joined: a file shared there is refused (not_in_channel).
    outside: set[str] = field(default_factory=set)
    # Per channel: statuses chat.postMessage answers first (429 with ``retry_after``).
    channel_failures: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    retry_after: int = 0
    # Per method: errors answered first, as Slack answers a refused call (HTTP 200,
    # ``{"ok": false, "error": …}``), e.g. views.open's ``expired_trigger_id``.
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # Per channel: error codes chat.postMessage answers first (HTTP 200, ``ok: false``), the
    # post not kept: ``invalid_blocks`` only to a post that carries blocks.
    channel_errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    delays: dict[str, float] = field(default_factory=dict)
    responses: list[Call] = field(default_factory=list)
    arrived: dict[str, float] = field(default_factory=dict)  # when each hook was answered
    envelopes: list[dict[str, Any]] = field(default_factory=list)
    acks: list[dict[str, Any]] = field(default_factory=list)
    # chat.postMessage faults. ``stall``: the posts it picks are taken (kept, shown in the
    # history) and never answered, and ``stalled`` is set; ``lose_answer``: taken, then
    # answered 500 as if the answer were lost; ``outage_until`` (time.monotonic()): every
    # post before it is refused with 503 and not kept; ``reset``: taken, then the connection
    # is cut before any answer.
    stall: Callable[[dict[str, Any]], bool] | None = None
    reset: Callable[[dict[str, Any]], bool] | None = None
    stalled: threading.Event = field(default_factory=threading.Event)
    lose_answer: Callable[[dict[str, Any]], bool] | None = None
    outage_until: float = 0.0
    refused: int = 0
    # The ts Slack gave each message posted (by its call), and the most messages a page of
    # conversations.history holds.
    stamps: dict[int, str] = field(default_factory=dict)
    history_page: int = 100
    # Slack's limit on posts in one channel: ``per_channel`` seconds between two messages of a
    # channel (Slack: about one a second), a post sooner answered 429 with the seconds left
    # in ``Retry-After`` (whole seconds, as Slack, when ``per_channel`` is a second or more);
    # 0 lets every post through. ``limited`` counts those 429.
    per_channel: float = 0.0
    last_post: dict[str, float] = field(default_factory=dict)
    limited: int = 0

    async def socket(self, request: web.Request) -> web.WebSocketResponse:
        """A Socket Mode server: hello, then the queued envelopes; records the acks."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"type": "hello", "num_connections": 1})
        for envelope in self.envelopes:
            await ws.send_json(envelope)
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                self.acks.append(json.loads(message.data))
        return ws

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/ws", self.socket)
        app.router.add_post("/api/{method}", self.api)
        app.router.add_get("/api/{method}", self.api)
        app.router.add_post("/upload/{file}", self.upload)
        app.router.add_post("/response/{hook}", self.response)
        return app

    async def upload(self, request: web.Request) -> web.Response:
        self.uploads.append(await request.read())
        return web.Response(text="OK")

    async def response(self, request: web.Request) -> web.Response:
        """A ``response_url``: what the bot answers there is recorded, by hook."""
        self.responses.append(Call(request.match_info["hook"], await request.json()))
        self.arrived[request.match_info["hook"]] = time.monotonic()
        return web.Response(text="ok")

    def response_url(self, hook: str = "cmd") -> str:
        return f"{self.base}response/{hook}"

    def answered(self, contains: str = "") -> list[Call]:
        return [c for c in self.responses if contains in str(c.params.get("text", ""))]

    async def api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.method == "GET":
            params: dict[str, Any] = dict(request.query)
        elif request.content_type == "application/json":
            params = await request.json()
        else:
            params = {k: v for k, v in (await request.post()).items()}
        if request.method != "GET":
            params = {**dict(request.query), **params}  # files.completeUploadExternal's, say
        for name in ("blocks", "view"):
            if isinstance(params.get(name), str):
                params[name] = json.loads(params[name])
        if method in self.delays:
            await asyncio.sleep(self.delays[method])
        channel = str(params.get("channel", ""))
        if method == "chat.postMessage":
            if time.monotonic() < self.outage_until:
                self.refused += 1
                return web.json_response({"ok": False, "error": "fatal_error"}, status=503)
            if self.stall is not None and self.stall(params):
                self.take(params)
                self.stalled.set()
                await asyncio.sleep(3600)
            if self.reset is not None and self.reset(params):
                self.take(params)
                assert request.transport is not None
                request.transport.abort()
                raise ConnectionResetError("cut by the fake")
            if self.lose_answer is not None and self.lose_answer(params):
                self.take(params)
                return web.json_response({"ok": False, "error": "internal_error"}, status=500)
        if method == "chat.postMessage" and self.channel_errors[channel]:
            code = self.channel_errors[channel][0]
            if code != "invalid_blocks" or params.get("blocks"):
                self.channel_errors[channel].pop(0)
                return web.json_response({"ok": False, "error": code})
        if method == "chat.postMessage" and self.per_channel > 0:
            now, last = time.monotonic(), self.last_post.get(channel)
            if last is not None and now - last < self.per_channel:
                left = self.per_channel - (now - last)
                wait = str(math.ceil(left)) if self.per_channel >= 1 else f"{left:.3f}"
                self.limited += 1
                return web.json_response(
                    {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": wait}
                )
            self.last_post[channel] = now
        if method == "chat.postMessage" and self.channel_failures[channel]:
            status = self.channel_failures[channel].pop(0)
            headers = {"Retry-After": str(self.retry_after)} if status == 429 else {}
            error = "ratelimited" if status == 429 else "fake"
            return web.json_response({"ok": False, "error": error}, status=status, headers=headers)
        if self.errors[method]:
            self.calls.append(Call(method, params))
            return web.json_response({"ok": False, "error": self.errors[method].pop(0)})
        if self.failures[method]:
            status = self.failures[method].pop(0)
            headers = {"Retry-After": "0"} if status == 429 else {}
            return web.json_response({"ok": False, "error": "fake"}, status=status, headers=headers)
        call = Call(method, params)
        self.calls.append(call)
        answer = self.answer(method, params)
        if method == "chat.postMessage":
            self.stamps[id(call)] = answer["ts"]
        return web.json_response(answer)

    def answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "apps.connections.open":
            return {"ok": True, "url": self.base.replace("http://", "ws://") + "ws"}
        if method == "auth.test":
            return {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "user": "bot"}
        if method == "users.list":
            ids = sorted(self.directory)
            start = int(params.get("cursor") or 0)
            end = start + min(int(params.get("limit") or self.page), self.page)
            members = [self.user(i) for i in ids[start:end]]
            cursor = str(end) if end < len(ids) else ""
            return {"ok": True, "members": members, "response_metadata": {"next_cursor": cursor}}
        if method == "conversations.info":
            channel = params.get("channel", "")
            if channel in self.hidden:
                return {"ok": False, "error": "channel_not_found"}
            private = channel in self.private
            return {"ok": True, "channel": {"id": channel, "is_private": private,
                                            "is_member": not private, "is_im": False}}  # fmt: skip
        if method == "users.info":
            user = params.get("user", "")
            return {
                "ok": True,
                "user": {
                    "id": user,
                    "name": user.lower(),
                    "profile": {"display_name": f"Nom-{user}"},
                },
            }
        if method == "files.getUploadURLExternal":
            return {"ok": True, "upload_url": f"{self.base}upload/F1", "file_id": "F1"}
        if method == "files.completeUploadExternal":
            if (params.get("channel_id") or params.get("channels")) in self.outside:
                return {"ok": False, "error": "not_in_channel"}
            return {"ok": True, "files": [{"id": "F1", "title": params.get("files", "")}]}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": f"D{params.get('users', '')}"}}
        if method == "conversations.history":
            return self.history(params)
        if method.startswith("views."):
            return {"ok": True, "view": {"id": "V1"}}
        return {"ok": True, "channel": params.get("channel"), "ts": f"{time.time():.6f}"}

    def take(self, params: dict[str, Any]) -> None:
        """A post Slack keeps without answering it."""
        call = Call("chat.postMessage", params)
        self.calls.append(call)
        self.stamps[id(call)] = f"{time.time():.6f}"

    def history(self, params: dict[str, Any]) -> dict[str, Any]:
        """As Slack: newest first, from ``oldest`` on, ``limit`` a page with a cursor; a
        message's metadata shown only to a caller who asks for it; the direct messages with
        a person (``D`` and their id, as conversations.open answers) hold what was posted to
        their id."""
        shown = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
        channel = str(params.get("channel", ""))
        places = {channel, channel[1:]} if channel.startswith("D") else {channel}
        oldest = float(params.get("oldest") or 0)
        posted = [
            {
                "type": "message",
                "ts": self.stamps.get(id(c), "0"),
                "text": c.params.get("text"),
                **({"metadata": c.params.get("metadata")} if shown else {}),
            }
            for c in self.named("chat.postMessage")
            if c.params.get("channel") in places and float(self.stamps.get(id(c), "0")) > oldest
        ][::-1]
        start = int(params.get("cursor") or 0)
        end = start + min(int(params.get("limit", 100)), self.history_page)
        more = end < len(posted)
        return {"ok": True, "messages": posted[start:end], "has_more": more,
                "response_metadata": {"next_cursor": str(end) if more else ""}}  # fmt: skip

    def user(self, user_id: str) -> dict[str, Any]:
        name = self.directory[user_id]
        return {"id": user_id, "name": user_id.lower(), "deleted": False,
                "profile": {"display_name": name, "real_name": name}}  # fmt: skip

    def named(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def calls_to(self, channel: str) -> list[Call]:
        """The messages posted in ``channel`` (a person's id: their direct messages)."""
        return [c for c in self.named("chat.postMessage") if c.params.get("channel") == channel]


class LoopThread:
    """An event loop in a background thread, to serve the fake API and the bot."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, Any], timeout: float = 30) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        async def cancel_all() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        try:
            self.run(cancel_all(), timeout=10)
        except TimeoutError:
            for task in asyncio.all_tasks(self.loop):
                task.print_stack(file=sys.stderr)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        if not self.thread.is_alive():
            self.loop.close()


async def serve(app: web.Application) -> tuple[web.AppRunner, int]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, port


def sign(body: str, timestamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


@dataclass
class Response:
    status: int
    body: str

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def post(url: str, body: str, content_type: str, headers: dict[str, str]) -> Response:
    request = urllib.request.Request(url, data=body.encode(), method="POST")
    request.add_header("Content-Type", content_type)
    for name, value in headers.items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Response(response.status, response.read().decode())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.read().decode())


def slash(url: str, text: str, user: str = "U0ALICE00", channel: str = "CCRISE", trigger: str | None = None,
          **extra: str) -> Response:  # fmt: skip
    form = {
        "command": "/crise",
        "text": text,
        "user_id": user,
        "user_name": user.lower(),
        "channel_id": channel,
        "team_id": "T1",
        "trigger_id": trigger or f"trig-{time.monotonic_ns()}",
        "response_url": "https://hooks.invalid/response",
        **extra,
    }
    body = urllib.parse.urlencode(form)
    return post(url, body, "application/x-www-form-urlencoded", sign(body))


def interactive(
    url: str, payload: dict[str, Any], headers: dict[str, str] | None = None
) -> Response:
    body = urllib.parse.urlencode({"payload": json.dumps(payload)})
    return post(url, body, "application/x-www-form-urlencoded", {**sign(body), **(headers or {})})


def event(url: str, payload: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(payload)
    return post(url, body, "application/json", {**sign(body), **(headers or {})})
