"""Slack's message markup, unwrapped to plain text before the core sees it.

With ``should_escape: true`` Slack sends users as ``<@U…|name>`` or ``<@U…>``, channels as
``<#C…|name>``, links as ``<https://…|label>``, e-mail addresses as ``<mailto:a@b.fr|a@b.fr>``,
special mentions as ``<!here>``, and ``&`` ``<`` ``>`` as ``&amp;`` ``&lt;`` ``&gt;``. Users
become ``@Name`` with the person they stand for; everything else becomes the text a reader
saw."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from bot.domain.people import Person, Platform

_ENTITY = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


def unwrap(text: str, name_of: Callable[[str, str | None], str]) -> tuple[str, dict[str, Person]]:
    """Plain text and the people mentioned in it, by their ``@Name`` token. ``name_of(id,
    label)`` gives the display name of a user id (the label Slack sent, if any)."""
    people: dict[str, Person] = {}

    def replace(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith("@") and _USER_ID.match(target[1:]):
            person = Person(Platform.SLACK, target[1:], name_of(target[1:], label))
            token = "@" + person.name
            people[token] = person
            return token
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            word = target[1:].split("^")[0]
            if word in ("here", "channel", "everyone"):
                return "@" + word
            return label or "@" + word
        if target.startswith("mailto:"):
            return label or target.removeprefix("mailto:")
        if label and label != target:
            return f"{label} ({target})"
        return target

    plain = _ENTITY.sub(replace, text)
    return html.unescape(plain), people
