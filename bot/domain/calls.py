"""The calls the switchboard and the patients' line receive, counted by reason from the
journal: a call keeps its reason and its time, nothing of the caller."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.domain.model import Event, EventKind


@dataclass(frozen=True)
class CallCount:
    code: str
    label: str
    count: int


def call_counts(events: Iterable[Event], reasons: dict[str, str]) -> list[CallCount]:
    """Each reason in the order of ``reasons`` with the calls recorded for it; a reason no
    longer in the list still counts under its code."""
    counted: dict[str, int] = {}
    for event in events:
        if event.kind == EventKind.APPEL_RECU and event.after:
            code = str(event.after.get("motif", ""))
            counted[code] = counted.get(code, 0) + 1
    known = [CallCount(code, label, counted.get(code, 0)) for code, label in reasons.items()]
    gone = [CallCount(code, code, n) for code, n in counted.items() if code not in reasons]
    return known + gone


def total(counts: Iterable[CallCount]) -> int:
    return sum(c.count for c in counts)
