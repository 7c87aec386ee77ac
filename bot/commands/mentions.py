"""Who a mention names: the adapters resolve people before the grammar sees the text.

Each adapter turns its platform's mention markup (Slack ``<@U…|name>``, Teams
``<at>Name</at>`` with its mention entity, the console's ``@name``) into ``@Name`` in the
text, and hands the grammar the people those tokens stand for. A bare ``@name`` that no
mention and no known person explains is refused, with how to mention on that platform."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from bot.domain.errors import UsageError
from bot.domain.people import Person, Platform, console_person

_BARE = re.compile(r"^@([\w.\-']{1,80})$")


@dataclass(frozen=True)
class Mentions:
    """``tokens`` maps the exact text of each mention (``@Bob Martin``) to its person;
    ``known`` finds someone the bot has already met by display name (for a bare ``@name``)."""

    platform: Platform
    tokens: Mapping[str, Person] = field(default_factory=dict)
    known: Callable[[Platform, str], Person | None] | None = None
    # The bare ``@name`` tokens read as people, found by name or unknown: a handle such as
    # ``@marc.dupont`` names someone, though after a word it reads as an address typed with
    # a space (« jean @gmail.com »). A console name is not one: it makes a person of any text.
    handles: list[str] = field(default_factory=list)

    def person(self, token: str) -> Person:
        """The person a single mention token names, or a refusal."""
        token = token.strip()
        if token in self.tokens:
            return self.tokens[token]
        match = _BARE.match(token)
        if match is None:
            raise UsageError("not_a_mention", platform=self.platform.value)
        name = match.group(1)
        if self.platform is Platform.CONSOLE:
            return console_person(name)
        self.handles.append(token)
        for wanted in (name, name.replace(".", " ")):
            found = self.known(self.platform, wanted) if self.known else None
            if found is not None:
                return found
        raise UsageError("unknown_person", platform=self.platform.value)

    def leading(self, text: str) -> tuple[Person, str] | None:
        """``"@Bob Martin dpo"`` → (Bob, ``"dpo"``) when the text starts with a mention."""
        stripped = text.strip()
        for token in sorted(self.tokens, key=len, reverse=True):
            if stripped.startswith(token):
                return self.tokens[token], stripped[len(token) :].strip()
        head, _, rest = stripped.partition(" ")
        if head.startswith("@"):
            return self.person(head), rest.strip()
        return None

    def trailing(self, text: str) -> tuple[str, Person] | None:
        """``"Qui appelle ? @Bob Martin"`` → (``"Qui appelle ?"``, Bob) when it ends with one."""
        stripped = text.strip()
        for token in sorted(self.tokens, key=len, reverse=True):
            if stripped.endswith(token) and len(stripped) > len(token):
                return stripped[: -len(token)].strip(), self.tokens[token]
        head, _, last = stripped.rpartition(" ")
        if head and last.startswith("@") and len(last) > 1:
            return head.strip(), self.person(last)
        return None
