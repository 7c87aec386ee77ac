"""What texts read of the filings: the day each body was seized and its reference (as
verified facts), and, for a text that follows a filing (a complementary CNIL notification,
a complement to the CERT Santé report), what changed in the register since the latest one.

A filing is dated by its day, and may be recorded days after it was made: a change made
after that day is reported as new even when it was journaled before the filing was recorded."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, time, timedelta, timezone, tzinfo
from typing import Any

from bot.domain.courante import (
    FILED_KEYS,
    Body,
    Evolution,
    Filing,
    Since,
    evolution,
    filings_to,
    with_filings,
)
from bot.domain.model import Event, EventKind, Fact
from bot.domain.obligations import current_rulings, with_rulings
from bot.domain.ports import Repository
from bot.domain.replay import coded

FILED = frozenset(key for keys in FILED_KEYS.values() for key in keys)


def register_facts(repo: Repository, cid: int) -> list[Fact]:
    """The register with the filings standing for the facts they record, and the approved
    decisions on the obligations for theirs (``decision.patients``…)."""
    facts = repo.facts(cid)
    decided = current_rulings(repo.decisions(cid), {f.key: f for f in facts})
    return with_rulings(with_filings(facts, repo.filings(cid)), decided)


# The earliest offset in use: a day starts there before it starts anywhere else, so that,
# without the crisis's time zone, no change made after a filing's day is taken as held by it.
EARLIEST = timezone(timedelta(hours=14))


def since_filing(
    repo: Repository, cid: int, body: Body, labels: Mapping[str, str], tz: tzinfo = EARLIEST
) -> Since | None:
    """The changes since the latest filing to ``body``, read from the journal."""
    found = filings_to(repo.filings(cid), body)
    if not found:
        return None
    latest = found[-1]
    subject = f"dépôt {latest.number}"
    events = repo.events(cid)
    recorded = next(
        (e.seq for e in events if e.kind == EventKind.DEPOT_ENREGISTRE and e.subject == subject),
        None,
    )
    return Since(latest, changes_since(latest, recorded, events, repo.facts(cid), labels, tz))


def changes_since(
    filing: Filing,
    recorded: int | None,
    events: Iterable[Event],
    facts: Iterable[Fact],
    labels: Mapping[str, str],
    tz: tzinfo = EARLIEST,
) -> list[Evolution]:
    """Each fact against the register as it stood when ``filing`` was made: by the end of the
    day it is dated (``filed_on``, a day in ``tz``) and before it was recorded (the journal
    event ``recorded``). A change made after that day is listed even when it was journaled
    before the filing was recorded: the filing cannot hold it."""
    end = datetime.combine(filing.filed_on + timedelta(days=1), time.min, tzinfo=tz)
    then: dict[str, dict[str, Any] | None] = {}
    for event in events:
        if event.kind.split(".")[0] != "fait" or event.at >= end:
            continue
        if recorded is not None and event.seq > recorded:
            continue
        then[event.subject] = coded(event.after) if event.after else None
    evolutions = []
    for fact in sorted(facts, key=lambda f: f.key):
        change = evolution(then.get(fact.key), fact)
        if change is not None and fact.key not in FILED:
            evolutions.append(Evolution(fact.key, change, labels.get(fact.key, fact.key)))
    return evolutions
