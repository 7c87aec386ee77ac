"""One command, one effect: a request key (Slack's trigger or event id) is recorded in the
transaction of the command's first write, so that a retry or a second instance finds it."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class RequestKey:
    key: str
    recorded: bool = False


current_request: ContextVar[RequestKey | None] = ContextVar("current_request", default=None)
