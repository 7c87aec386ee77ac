"""Handlers of the cell's kit: the tasks of the fiches réflexes, the crisis directory and
the calls counted by reason."""

from __future__ import annotations

from bot.commands.reply import Reply
from bot.domain import commands as c
from bot.services import calls, kit
from bot.services.context import Caller, Deps


def taches(deps: Deps, caller: Caller, cmd: c.ListTasks) -> Reply:
    return Reply("taches", {"board": kit.board(deps, caller)})


def tache(deps: Deps, caller: Caller, cmd: c.CompleteTask) -> Reply:
    done = kit.complete_task(deps, caller, cmd.number, cmd.note)
    return Reply("tache", {"task": done}, public=True)


def annuaire(deps: Deps, caller: Caller, cmd: c.SetContact) -> Reply:
    if not cmd.entry:
        return Reply("annuaire", {"entries": kit.entries(deps, caller)})
    code, _, value = cmd.entry.partition(" ")
    entry = kit.set_contact(deps, caller, code, value)
    return Reply("annuaire_modifie", {"entry": entry}, public=True)


def appel(deps: Deps, caller: Caller, cmd: c.CountCall) -> Reply:
    if not cmd.motif:
        return Reply("appels", {"counts": calls.counts(deps, caller)})
    counted, tally = calls.record_call(deps, caller, cmd.motif)
    return Reply("appel", {"counted": counted, "counts": tally})
