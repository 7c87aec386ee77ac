"""``appel <motif>``: a call received by the switchboard or the patients' line, counted by
its reason (``messages/fr/appels.yml``); shown in the points and the RETEX."""

from __future__ import annotations

import yaml

from bot.domain.calls import CallCount, call_counts
from bot.domain.errors import InvalidValue
from bot.domain.model import Crisis, EventKind
from bot.domain.ports import Repository
from bot.domain.values import fold
from bot.resources import messages_dir
from bot.services.context import Caller, Deps, crisis_id, log, open_crisis_of


def reasons() -> dict[str, str]:
    """The reasons of ``messages/fr/appels.yml``, code to label, in their order."""
    data = yaml.safe_load((messages_dir() / "fr" / "appels.yml").read_text("utf-8")) or {}
    return {str(k): str(v) for k, v in (data.get("motifs") or {}).items()}


def counts_of(repo: Repository, crisis: Crisis) -> list[CallCount]:
    return call_counts(repo.events(crisis_id(crisis)), reasons())


def counts(deps: Deps, caller: Caller) -> list[CallCount]:
    with deps.read() as uow:
        return counts_of(uow.repo, open_crisis_of(uow.repo, caller.channel))


def record_call(deps: Deps, caller: Caller, motif: str) -> tuple[CallCount, list[CallCount]]:
    """One call for ``motif``; the reason is checked by the guard first, and only a reason of
    the list is kept."""
    deps.guard.check([("motif", motif)])
    known = reasons()
    code = fold(" ".join(motif.split())).replace(" ", "_").replace("-", "_")
    if code not in known:
        raise InvalidValue("unknown_call_reason", codes=list(known))
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        after = {"motif": code, "libelle": known[code]}
        log(uow.repo, crisis, deps, caller.user, EventKind.APPEL_RECU, f"appel {code}", None, after)
        uow.commit()
        tally = counts_of(uow.repo, crisis)
    return next(c for c in tally if c.code == code), tally
