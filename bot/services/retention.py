"""Closing a crisis, and purging closed crises while keeping a summary.

A crisis whose posts are not all delivered (its closing notice, say) is not purged: its posts
need its journal to be written, and would be lost with it. It is held back, and named with
how many posts wait. Rejected posts (refused for good by the platform) do not hold it: they
are written from the crisis's journal too, so they can never be sent once it is gone, and the
purge deletes them with the crisis, and says how many."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from bot.domain.errors import Conflict
from bot.domain.facts import check_length
from bot.domain.model import Crisis, CrisisState, EventKind
from bot.domain.ports import Repository
from bot.domain.roles import ROLE_GRANTERS, require
from bot.services import exports
from bot.services.context import Caller, Deps, crisis_id, log, open_crisis_of, role_of


def close_crisis(deps: Deps, caller: Caller, motif: str) -> Crisis:
    motif = check_length(" ".join(motif.split()), "motif")
    deps.guard.check([("motif", motif)])
    with deps.uow() as uow:
        crisis = open_crisis_of(uow.repo, caller.channel, lock=True)
        require(role_of(uow.repo, crisis, caller.user), ROLE_GRANTERS, "clore")
        closed = replace(crisis, state=CrisisState.CLOSE, closed_at=deps.clock.now())
        uow.repo.close_crisis(closed)
        log(uow.repo, closed, deps, caller.user, EventKind.CRISE_CLOSE, closed.title,
            {"etat": "ouverte"}, {"etat": "close", "motif": motif})  # fmt: skip
        uow.commit()
        return closed


def purgeable(deps: Deps, before: datetime) -> list[Crisis]:
    with deps.read() as uow:
        return [
            c
            for c in uow.repo.crises()
            if c.state is CrisisState.CLOSE and c.closed_at is not None and c.closed_at < before
        ]


def summary(repo: Repository, crisis: Crisis, user: str, now: datetime) -> dict[str, Any]:
    cid = crisis_id(crisis)
    last = repo.last_event(cid)
    return {
        "channel": crisis.channel,
        "title": crisis.title,
        "opened_at": crisis.opened_at,
        "closed_at": crisis.closed_at,
        "counts": {
            "faits": len(repo.facts(cid)),
            "questions": len(repo.questions(cid)),
            "brouillons": len(repo.drafts(cid)),
            "evenements": last.seq if last else 0,
        },
        "last_hash": last.hash if last else "",
        "last_seq": last.seq if last else 0,
        "crisis_id": cid,
        "purged_at": now,
        "purged_by": user,
    }


def undelivered(deps: Deps, crises: list[Crisis]) -> dict[str, int]:
    """Per channel, how many posts of the crisis the platform has not taken yet (none: left
    out)."""
    with deps.read() as uow:
        counts = {c.channel: uow.repo.unsent(crisis_id(c)) for c in crises}
    return {channel: count for channel, count in counts.items() if count}


def rejected(deps: Deps, crises: list[Crisis]) -> dict[str, int]:
    """Per channel, how many posts of the crisis the platform refused for good (none: left
    out): the purge deletes them."""
    with deps.read() as uow:
        counts = {c.channel: uow.repo.rejected_posts(crisis_id(c)) for c in crises}
    return {channel: count for channel, count in counts.items() if count}


@dataclass
class Purged:
    """The summaries kept of the crises removed, and the crises held back, by channel, with
    how many of their posts wait for delivery, and by channel how many rejected posts were
    deleted with their crisis."""

    kept: list[dict[str, Any]] = field(default_factory=list)
    held: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)


def purge(deps: Deps, crises: list[Crisis], user: str) -> Purged:
    """Remove the given closed crises in one transaction, with their rejected posts, except
    those whose posts are not all delivered (held back); return the summaries kept."""
    result = Purged()
    with deps.uow() as uow:
        for crisis in crises:
            current = uow.repo.crisis_for_channel(crisis.channel, lock=True)
            if current is None or current.state is not CrisisState.CLOSE:
                raise Conflict("not_closed", channel=crisis.channel)
            waiting = uow.repo.unsent(crisis_id(current))
            if waiting:
                result.held[current.channel] = waiting
                continue
            record = summary(uow.repo, current, user, deps.clock.now())
            dropped = uow.repo.drop_rejected(crisis_id(current))
            if dropped:
                result.dropped[current.channel] = dropped
            uow.repo.purge_crisis(current, record)
            result.kept.append(record)
        uow.commit()
    for record in result.kept:
        shutil.rmtree(exports.folder(deps, record["crisis_id"], record["channel"]), True)
    return result
