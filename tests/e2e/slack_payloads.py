"""Slack's documented payloads (``fixtures/slack/``), signed and sent as Slack sends them."""

from __future__ import annotations

import copy
import json
import time
import urllib.parse
from pathlib import Path
from typing import Any

from tests.e2e.slack_fake import FakeSlackApi, Response, interactive, post, sign

FIXTURES = Path(__file__).parent / "fixtures" / "slack"
CHANNEL = "C0CRISE01"


def fixture(name: str) -> Any:
    return copy.deepcopy(json.loads((FIXTURES / f"{name}.json").read_text("utf-8")))


def commands() -> list[dict[str, str]]:
    """The slash commands of ``slash_command_escaped.json``."""
    found: list[dict[str, str]] = fixture("slash_command_escaped")
    return found


def command(api: FakeSlackApi, text: str, user: str = "U0PILOTE1", **fields: str) -> dict[str, str]:
    """A slash command shaped as the fixture's, with another text, user or field."""
    form = dict(commands()[0], text=text, user_id=user, **fields)
    form["trigger_id"] = fields.get("trigger_id") or f"{form['trigger_id']}-{time.monotonic_ns()}"
    form["response_url"] = fields.get("response_url") or api.response_url(form["trigger_id"])
    return form


def send_command(url: str, form: dict[str, str]) -> Response:
    body = urllib.parse.urlencode(form)
    return post(url, body, "application/x-www-form-urlencoded", sign(body))


def send_payload(url: str, payload: dict[str, Any]) -> Response:
    return interactive(url, payload)
