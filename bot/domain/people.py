"""People are real identities: a platform, the id it gives them, and the name others read."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

MAX_NAME = 80


class Platform(StrEnum):
    SLACK = "slack"
    TEAMS = "teams"
    CONSOLE = "console"


@dataclass(frozen=True)
class Person:
    """``id`` is stable (a Slack ``U…``, a Teams ``29:…``, a console ``--user``); ``name`` is
    what replies and posts show, refreshed whenever the platform tells it again. ``aliases``
    are other ids the platform gives the same person (Teams' Entra object id), which a
    setting may name them by."""

    platform: Platform
    id: str
    name: str
    aliases: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise ValueError("a person has an id")
        shown = " ".join(self.name.split())[:MAX_NAME] or self.id
        object.__setattr__(self, "name", shown)


def console_person(name: str) -> Person:
    """In the console, a person is the name given with ``--user`` or mentioned as ``@name``."""
    return Person(Platform.CONSOLE, name, name)


# A person named in a post, marked so that each platform shows them its own way: Slack
# mentions them (``<@U…>``, which notifies them), the console and Teams write ``@Name``.
_MARK = re.compile("\ue000([^\ue001\ue002]*)\ue001([^\ue002]*)\ue002")


def mark(person_id: str, name: str) -> str:
    """``person_id`` named ``name``, as a mark that ``unmark`` turns into text."""
    return f"\ue000{person_id}\ue001{name}\ue002"


def unmark(text: str, show: Callable[[str, str], str] | None = None) -> str:
    """``text`` with each mark shown by ``show(id, name)``; ``@Name`` by default."""
    return _MARK.sub(lambda m: show(m[1], m[2]) if show else "@" + m[2], text)


_SLACK_CHANNEL = re.compile(r"[CGD][A-Z0-9]+")
_TEAMS_PREFIXES = ("19:", "a:", "8:", "29:")


def platform_of(channel: str) -> Platform:
    """The platform a conversation id belongs to: Slack channels are ``C…``, ``G…`` or
    ``D…``; Teams conversations ``19:…`` (channels, group chats) or ``a:…`` / ``8:…``
    (one-to-one chats); anything else is the console."""
    if channel.startswith(_TEAMS_PREFIXES):
        return Platform.TEAMS
    if _SLACK_CHANNEL.fullmatch(channel):
        return Platform.SLACK
    return Platform.CONSOLE
