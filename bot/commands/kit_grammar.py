"""The text grammar of the cell's kit: ``taches``, ``tache <n°> faite [note]``,
``annuaire [<code> <valeur>]``, ``appel [<motif>]``."""

from __future__ import annotations

from bot.commands.mentions import Mentions
from bot.commands.parsing import number
from bot.domain import commands as c
from bot.domain.errors import UsageError
from bot.domain.values import fold

DONE_WORDS = ("faite", "fait", "done", "terminee", "ok")


def taches(args: str, mentions: Mentions) -> c.Command:
    return c.ListTasks()


def tache(args: str, mentions: Mentions) -> c.Command:
    parts = args.split(None, 2)
    if len(parts) < 2 or fold(parts[1]) not in DONE_WORDS:
        raise UsageError("usage_tache")
    note = parts[2].strip() if len(parts) == 3 else None
    return c.CompleteTask(number(parts[0], "usage_tache"), note or None)


def appel(args: str, mentions: Mentions) -> c.Command:
    return c.CountCall(" ".join(args.split()))


def annuaire(args: str, mentions: Mentions) -> c.Command:
    parts = args.split(None, 1)
    if not parts:
        return c.SetContact()
    if len(parts) != 2:
        raise UsageError("usage_annuaire")
    return c.SetContact(args.strip())
