"""Replaying the journal: the state every event implies, compared with the stored state."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.domain.model import Event, EventKind


@dataclass
class Replayed:
    """The state implied by a journal; ``last`` is the last event that touched each thing."""

    facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    questions: dict[str, dict[str, Any]] = field(default_factory=dict)
    drafts: dict[str, dict[str, Any]] = field(default_factory=dict)
    last: dict[str, int] = field(default_factory=dict)


def replay(events: Iterable[Event]) -> Replayed:
    state = Replayed()
    for event in events:
        after = event.after or {}
        family = event.kind.split(".")[0]
        if family == "fait":
            state.facts[event.subject] = after
        elif event.kind == EventKind.ROLE_ATTRIBUE:
            state.roles[event.subject] = str(after.get("role"))
        elif family == "question":
            state.questions[event.subject] = after
        elif family == "brouillon":
            draft = state.drafts.setdefault(event.subject, {})
            if event.kind in (EventKind.BROUILLON_REDIGE, EventKind.RECTIFICATIF_REDIGE):
                draft.update(etat="brouillon", empreinte=after.get("empreinte"))
            elif event.kind == EventKind.BROUILLON_MODIFIE:
                draft["empreinte"] = after.get("empreinte")
            elif event.kind in (EventKind.BROUILLON_REJETE, EventKind.BROUILLON_PUBLIE):
                draft["etat"] = after.get("etat")
        else:
            continue
        state.last[f"{family}:{event.subject}"] = event.seq
    return state


def differences(
    expected: dict[str, Any], actual: dict[str, Any], family: str, last: dict[str, int]
) -> list[tuple[str, int | None]]:
    """(subject, last event seq) for each thing whose stored state differs from the journal."""
    found = []
    for subject in sorted(set(expected) | set(actual)):
        if expected.get(subject) != actual.get(subject):
            found.append((subject, last.get(f"{family}:{subject}")))
    return found
