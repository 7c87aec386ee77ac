"""What texts read of the filings: the day each body was seized and its reference (as
verified facts), and, for a text that follows a filing (a complementary CNIL notification,
a complement to the CERT Santé report), what changed in the register since the latest one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.domain.courante import (
    FILED_KEYS,
    Body,
    Evolution,
    Since,
    evolution,
    filings_to,
    with_filings,
)
from bot.domain.model import EventKind, Fact
from bot.domain.ports import Repository
from bot.domain.replay import coded

FILED = frozenset(key for keys in FILED_KEYS.values() for key in keys)


def register_facts(repo: Repository, cid: int) -> list[Fact]:
    """The register with the filings standing for the facts they record."""
    return with_filings(repo.facts(cid), repo.filings(cid))


def since_filing(repo: Repository, cid: int, body: Body, labels: Mapping[str, str]) -> Since | None:
    """The changes since the latest filing to ``body``, read from the journal: each fact as
    it stood when the filing was recorded, against the register now."""
    found = filings_to(repo.filings(cid), body)
    if not found:
        return None
    latest = found[-1]
    subject = f"dépôt {latest.number}"
    events = repo.events(cid)
    upto = next(
        (e.seq for e in events if e.kind == EventKind.DEPOT_ENREGISTRE and e.subject == subject),
        None,
    )
    if upto is None:
        return Since(latest, [])
    then: dict[str, dict[str, Any] | None] = {}
    for event in events:
        if event.seq <= upto and event.kind.split(".")[0] == "fait":
            then[event.subject] = coded(event.after) if event.after else None
    evolutions = []
    for fact in sorted(repo.facts(cid), key=lambda f: f.key):
        change = evolution(then.get(fact.key), fact)
        if change is not None and fact.key not in FILED:
            evolutions.append(Evolution(fact.key, change, labels.get(fact.key, fact.key)))
    return Since(latest, evolutions)
