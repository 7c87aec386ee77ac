"""Reading Slack's HTTP requests: a form body is parsed by its fields, not by its words.

Bolt takes any form body in which the word ``payload`` appears for an interactive payload
(``payload=…``), so a slash command whose text says « payload » (a word of every ransomware
report) reached no listener and was answered 404. Here the body is split into its fields
first: ``payload`` is JSON only when it is the name of a field."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_internals import build_async_context
from slack_bolt.request.async_request import AsyncBoltRequest

FORM = "application/x-www-form-urlencoded"


def parse_form(body: str) -> dict[str, Any]:
    """The fields of a form body; an interactive payload (``payload=<json>``) decoded."""
    fields = dict(parse_qsl(body, keep_blank_values=True))
    if "payload" in fields:
        payload: dict[str, Any] = json.loads(fields["payload"])
        return payload
    return fields


class FormRequest(AsyncBoltRequest):
    """A Bolt request whose form body is parsed field by field."""

    def __init__(self, *, body: str, query: Any, headers: Any) -> None:
        super().__init__(body=body, query=query, headers=headers)
        if self.content_type == FORM and not body.startswith("{"):
            self.body = parse_form(body)
            self.context = build_async_context(AsyncBoltContext({}), self.body)

    def to_copyable(self) -> AsyncBoltRequest:
        copy = FormRequest(body=self.raw_body, query=self.query, headers=self.headers)
        copy.context = self.context.to_copyable()
        return copy


async def to_bolt_request(request: web.Request) -> AsyncBoltRequest:
    return FormRequest(
        body=await request.text(), query=request.query_string, headers=request.headers
    )
