"""From a command (typed, or the text typed after ``/crise``) to a reply; every failure
becomes a French answer."""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import logging
import re
from collections.abc import Sequence

from bot.commands.mentions import Mentions
from bot.commands.reply import Reply
from bot.commands.table import ALIASES, HANDLERS, HELP_GROUPS, HELP_ORDER, PARSERS, SYNONYMS
from bot.domain import commands as c
from bot.domain.errors import CrisisError, SensitiveData, UsageError
from bot.domain.guard import CONTACT_KEYS, LINE_KINDS, SPLIT_KINDS
from bot.domain.values import fold
from bot.services.context import Caller, Deps

log = logging.getLogger(__name__)

_PREFIX = re.compile(r"^\s*/?crise\b", re.IGNORECASE)
MAX_COMMAND = 4000


def split_command(text: str) -> tuple[str, str]:
    """``"/crise Vérifier fuite.averee"`` → ``("verifier", "fuite.averee")``."""
    body = _PREFIX.sub("", text, count=1).strip()
    word, _, rest = body.partition(" ")
    if not word:
        return "aide", ""
    name = fold(word)
    return ALIASES.get(name, name), rest.strip()


def resolve(word: str) -> str | None:
    name = fold(word.strip())
    name = ALIASES.get(name, name)
    return name if name in HELP_ORDER else None


def suggestion(word: str) -> str | None:
    """The command a word that is none probably meant: a synonym people type (``valider``),
    a conjugated form (``approuve``, ``vérifie``) or a typo (``aprouver``, ``aprove``), as
    the name or the English alias closest to it; None when none is close."""
    name = fold(word.strip())
    if name in SYNONYMS:
        return SYNONYMS[name]
    close = difflib.get_close_matches(name, [*HELP_ORDER, *ALIASES, *SYNONYMS], n=1, cutoff=0.75)
    if not close:
        return None
    return SYNONYMS.get(close[0], close[0])


def unknown(word: str) -> UsageError:
    found = suggestion(word)
    if found is None:
        return UsageError("unknown_command")
    return UsageError("unknown_command_suggestion", suggestion=found)


def refusal(deps: Deps, exc: CrisisError) -> Reply:
    """The reply to a refusal; one that would repeat patient data becomes the refusal of
    that data."""
    typed = [("commande", value) for value in exc.params.values() if isinstance(value, str)]
    try:
        deps.guard.check(typed)
    except SensitiveData as hidden:
        exc = hidden
    return Reply(exc.code, exc.params, error=True)


def parse(text: str, mentions: Mentions) -> c.Command:
    """The typed command a line of text asks for; raises ``UsageError``."""
    if len(text) > MAX_COMMAND:
        raise UsageError("too_long_command", limit=MAX_COMMAND)
    name, args = split_command(text.replace("\x00", ""))
    if name == "aide":
        topic = resolve(args) if args else None
        if args and topic is None:
            raise unknown(args)
        return c.Help(topic)
    parser = PARSERS.get(name)
    if parser is None:
        raise unknown(name)
    return parser(args, mentions)


def run(deps: Deps, caller: Caller, command: c.Command) -> Reply:
    """Run one typed command. Refusals and failures come back as error replies, never raise."""
    try:
        if isinstance(command, c.Help):
            data = {"topic": command.topic, "commands": HELP_ORDER, "groups": HELP_GROUPS}
            return Reply("aide", data)
        return HANDLERS[type(command)](deps, caller, command)
    except CrisisError as exc:
        return refusal(deps, exc)
    except Exception:
        log.exception("command failed: user=%s channel=%s", caller.user, caller.channel)
        return Reply("internal", {}, error=True)


def execute(deps: Deps, caller: Caller, text: str, mentions: Mentions) -> Reply:
    """Parse then run one line of text. The line is checked for patient data as a whole,
    before its fields are; one the grammar refuses too, so that the refusal says what
    matters most."""
    try:
        command = parse(text, mentions)
    except CrisisError as refused:
        if len(text) > MAX_COMMAND:
            return refusal(deps, refused)  # refused unread: the guard's cost stays bounded
        return refusal(deps, hidden_data(deps, without_handles(deps, text, mentions)) or refused)
    found = (
        hidden_data(deps, without_handles(deps, text, mentions), typed_fields(command, mentions))
        if guards_whole_line(command)
        else None
    )
    return refusal(deps, found) if found else run(deps, caller, command)


def typed_fields(command: c.Command, mentions: Mentions) -> list[str]:
    """The texts a command holds, once parsed (a value, its source, the press fields); not
    the people it names."""
    values = (getattr(command, f.name) for f in dataclasses.fields(command))
    return [v for v in values if isinstance(v, str) and v.strip() and v not in mentions.handles]


def without_handles(deps: Deps, text: str, mentions: Mentions) -> str:
    """The line without the ``@name`` tokens the grammar read as people (``Mentions.handles``):
    ``role @marc.dupont dpo`` asks for someone, not for an address, and is answered so. A
    handle that holds patient data by itself (``@185057800608491``) stays in the line."""
    for handle in mentions.handles:
        if hidden_data(deps, handle):
            continue
        text = re.sub(rf"(?<!\S){re.escape(handle)}(?!\S)", " ", text)
    return text


def guards_whole_line(command: c.Command) -> bool:
    """Whether the whole line is guarded before its fields are: a value spread across the
    fields (``presse 1 85 / 05 78 / 006 084 91``) is found there. A draft's text and a
    contact key's value are checked by the service, which allows a contact in them."""
    if isinstance(command, c.EditDraft):
        return False
    return not (isinstance(command, c.RecordFact) and fold(command.key) in CONTACT_KEYS)


# The marks that cut a line into fields: a value split across them is read joined again,
# in the order typed and the other way round (« 56 78 source: … 06 12 34 »).
_FIELD_MARKS = re.compile(
    r"\s*/\s*|\s+(?:source|preuve|motif|avant|ref|note|faits)\s*:\s*", re.IGNORECASE
)


# The fields of one command read two by two: no command holds more.
_MOST_FIELDS = 6
# Up to this many fields, they are also read joined in every order (« 78 006 / 1 85 05 /
# 084 91 »).
_ALL_ORDERS = 3


def hidden_data(deps: Deps, text: str, fields: Sequence[str] = ()) -> SensitiveData | None:
    """The patient data in the line, or in its fields read joined: the parts between its
    marks in the order typed and reversed, every two fields of the parsed command in both
    orders and up to three in every order, so that a value cut across fields (« = 56 78
    source: … 06 12 34 ») is read whole whatever the order of its parts."""
    parts = [p for p in _FIELD_MARKS.split(text) if p]
    joined = [
        " ".join(order)
        for size in range(2, min(len(fields), _ALL_ORDERS) + 1)
        for order in itertools.permutations(
            fields[: _MOST_FIELDS if size == 2 else _ALL_ORDERS], size
        )
    ]
    if len(parts) > 1:
        joined += [" ".join(parts), " ".join(reversed(parts))]
    try:
        if len(fields) > 1:
            # each field whole, then the line and the fields joined for what a cut hides
            deps.guard.check([("commande", field) for field in fields])
            joined.insert(0, text)
        else:
            deps.guard.check([("commande", text)])
        for line in joined:
            kinds = LINE_KINDS if line is text else SPLIT_KINDS
            deps.guard.check([("commande", line)], only=kinds)
    except SensitiveData as found:
        return found
    return None
