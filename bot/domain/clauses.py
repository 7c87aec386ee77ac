"""Clauses: the sentences of a modèle, each with what it asserts about the register.

A clause declares, for each fact it relies on, the status it needs and, where it matters,
the value (``verifie``, ``verifie = oui``, ``non verifie``, ``non verifie = oui``), or that
the question is still open, neither verified nor refuted (``ouvert``), and the clauses it
cannot stand beside. It is included only when all its assertions hold and no
clause already included excludes it (nor is excluded by it). A clause that asserts nothing
about the incident (a heading, a hedge, advice) says so with ``affirme: rien``. A clause
may also name facts it mentions only when they are verified (``mentionne``), and facts of
which at least one must be verified (``un_de``). A clause that ``refuse`` stands for a text
the law does not allow in that state: when it holds, the draft is refused, naming the fact
to verify (or the one whose verification rules the text out) and the article.

Derived states read like facts: ``horloge.cnil`` is ``en_retard`` or ``dans_les_delais``
once ``incident.connu_le`` is verified, from the CNIL clock (RGPD art. 33.1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.domain.clocks import ClockState, clocks
from bot.domain.errors import InvalidValue
from bot.domain.model import Fact, FactStatus

CNIL_CLOCK = "horloge.cnil"
DERIVED = frozenset({CNIL_CLOCK})
LATE = "en_retard"
IN_TIME = "dans_les_delais"


class Join(StrEnum):
    """How a clause follows the one before it, unless both belong to the same paragraph."""

    PARAGRAPHE = "paragraphe"
    LIGNE = "ligne"


@dataclass(frozen=True)
class Assertion:
    key: str
    verified: bool = True
    value: str | None = None
    open: bool = False

    def holds(self, state: Mapping[str, tuple[FactStatus, str]]) -> bool:
        status, stored = state.get(self.key, (None, None))
        if self.open:
            return status not in (FactStatus.VERIFIE, FactStatus.REFUTE)
        matches = status is FactStatus.VERIFIE and (self.value is None or stored == self.value)
        return matches if self.verified else not matches


@dataclass(frozen=True)
class Refusal:
    """The fact a refusing clause points to, and the article that forbids the text."""

    key: str
    article: str


@dataclass(frozen=True)
class Clause:
    name: str
    asserts: tuple[Assertion, ...]
    text: str
    any_of: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    excludes: frozenset[str] = frozenset()
    join: Join = Join.PARAGRAPHE
    paragraph: str | None = None
    neutral: bool = False
    refuses: Refusal | None = None

    def holds(self, state: Mapping[str, tuple[FactStatus, str]]) -> bool:
        if not all(a.holds(state) for a in self.asserts):
            return False
        verified = (state.get(k, (None, ""))[0] is FactStatus.VERIFIE for k in self.any_of)
        return not self.any_of or any(verified)

    @property
    def backing(self) -> frozenset[str]:
        """The keys whose verified values this clause may print."""
        shown = {a.key for a in self.asserts if a.verified} | {*self.any_of, *self.mentions}
        return frozenset(shown)


@dataclass(frozen=True)
class Modele:
    name: str
    clauses: tuple[Clause, ...]
    keys: frozenset[str] = field(default=frozenset())


def parse_assertion(key: str, text: str) -> Assertion:
    """``verifie``, ``verifie = oui``, ``non verifie``, ``non verifie = non``, ``ouvert``."""
    if str(text).strip() == "ouvert":
        return Assertion(key, verified=False, open=True)
    words, _, value = str(text).partition("=")
    parts = words.split()
    negated = parts[:1] == ["non"]
    if negated:
        parts = parts[1:]
    if parts != ["verifie"]:
        raise InvalidValue("invalid_assertion", key=key, value=text)
    return Assertion(key, not negated, value.strip() or None)


def select(clauses: Iterable[Clause], state: Mapping[str, tuple[FactStatus, str]]) -> list[Clause]:
    """The clauses to render, in order: each holds, and no two exclude one another."""
    chosen: list[Clause] = []
    for clause in clauses:
        if not clause.holds(state):
            continue
        if any(c.name in clause.excludes or clause.name in c.excludes for c in chosen):
            continue
        chosen.append(clause)
    return chosen


def refusals(chosen: Iterable[Clause]) -> list[Refusal]:
    """What keeps the text from being drafted: the refusals of the clauses that hold."""
    return [c.refuses for c in chosen if c.refuses is not None]


def derived_states(facts: Iterable[Fact], now: datetime) -> dict[str, str]:
    """States computed from verified facts and the time: the CNIL clock."""
    for clock in clocks(list(facts), now):
        if clock.code == "cnil" and clock.state is not ClockState.NOT_STARTED:
            late = clock.state in (ClockState.LATE, ClockState.DONE_LATE)
            return {CNIL_CLOCK: LATE if late else IN_TIME}
    return {}


def register_state(facts: Iterable[Fact], now: datetime) -> dict[str, tuple[FactStatus, str]]:
    """Each key's status and stored value, with the derived states as verified ones."""
    facts = list(facts)
    state = {f.key: (f.status, f.value) for f in facts}
    for key, value in derived_states(facts, now).items():
        state[key] = (FactStatus.VERIFIE, value)
    return state
