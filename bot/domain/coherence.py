"""Coherence of the register: verified facts that cannot all be true, and figures that
only an unverified fact backs.

A contradiction is flagged once its facts are verified; a draft over a contradictory
register is refused until one of them is corrected or refuted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.model import Fact, FactStatus
from bot.domain.values import ValueType, typed

# Booleans that cannot be verified together with these values.
EXCLUSIVE = (
    (("fuite.averee", "non"), ("exfiltration.trace", "oui")),
    (("fuite.averee", "non"), ("donnees.origine_si", "oui")),
)
AWARENESS = "incident.connu_le"
# (later, earlier): the first cannot be dated before the second.
NOT_BEFORE = (
    ("cnil.notifiee_le", AWARENESS),
    ("plainte.deposee_le", AWARENESS),
    ("cert_sante.signale_le", AWARENESS),
    ("assureur.informe_le", AWARENESS),
    ("patients.informes_le", AWARENESS),
    ("incident.fin", "incident.debut"),
    (AWARENESS, "incident.debut"),
)
# Deadlines the cell sets: dated after today by nature.
AHEAD = frozenset({"sous_traitant.reponse_le"})

# Names the cell keeps out of every text (attackers, vendors), whatever their status.
CONFIDENTIAL = "confidentiel.noms"
_NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f.]\d{3})*")


@dataclass(frozen=True)
class Contradiction:
    """``kind``: ``incompatibles`` (values), ``avant`` (keys[0] dated before keys[1]),
    ``futur`` (a date after today)."""

    kind: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Borrowed:
    """A verified text fact that carries the value of an unverified one, or a name the cell
    keeps confidential."""

    key: str
    source: str


def _day(fact: Fact) -> date | None:
    if fact.kind not in (ValueType.DATE, ValueType.DATE_HEURE):
        return None
    value = typed(fact.value, fact.kind)
    return value.date() if isinstance(value, datetime) else value


def contradictions(facts: Iterable[Fact], now: datetime) -> list[Contradiction]:
    verified = {f.key: f for f in facts if f.status is FactStatus.VERIFIE}
    found: list[Contradiction] = []
    for (key_a, value_a), (key_b, value_b) in EXCLUSIVE:
        a, b = verified.get(key_a), verified.get(key_b)
        if a is not None and b is not None and a.value == value_a and b.value == value_b:
            found.append(Contradiction("incompatibles", (key_a, key_b)))
    days = {key: d for key, fact in verified.items() if (d := _day(fact)) is not None}
    for later, earlier in NOT_BEFORE:
        if later in days and earlier in days and days[later] < days[earlier]:
            found.append(Contradiction("avant", (later, earlier)))
    today = now.date()
    found.extend(
        Contradiction("futur", (key,))
        for key, day in days.items()
        if day > today and key not in AHEAD
    )
    return found


def _figures(text: str) -> set[int]:
    return {int(re.sub(r"\D", "", m.group(0))) for m in _NUMBER.finditer(text)}


def _hidden(facts: list[Fact]) -> list[tuple[str, set[int], set[str]]]:
    """What no text may repeat, per key: figures and phrases of unverified facts, and the
    names the cell keeps confidential."""
    hidden: list[tuple[str, set[int], set[str]]] = []
    for fact in facts:
        if fact.key == CONFIDENTIAL and fact.status is not FactStatus.REFUTE:
            names = {n.strip().casefold() for n in fact.value.split(",")}
            hidden.append((fact.key, set(), {n for n in names if len(n) >= 3}))
        elif fact.status is FactStatus.VERIFIE:
            continue
        elif fact.kind is ValueType.ENTIER:
            hidden.append((fact.key, {int(fact.value)}, set()))
        elif fact.kind is ValueType.TEXTE and len(fact.value) >= 4:
            hidden.append((fact.key, set(), {fact.value.casefold()}))
    return hidden


def borrowed(facts: Iterable[Fact], used: Iterable[str]) -> list[Borrowed]:
    """Verified text facts among ``used`` that repeat a figure or a phrase of a fact that is
    only signalé or réfuté (the attackers' row count in « noms de 103 082 patients »), or a
    confidential name."""
    facts = list(facts)
    hidden = _hidden(facts)
    used = set(used) - {CONFIDENTIAL}
    found: list[Borrowed] = []
    for fact in facts:
        if fact.key not in used or fact.status is not FactStatus.VERIFIE:
            continue
        if fact.kind is not ValueType.TEXTE:
            continue
        figures, lowered = _figures(fact.value), fact.value.casefold()
        for key, numbers, phrases in hidden:
            if numbers & figures or any(p in lowered for p in phrases):
                found.append(Borrowed(fact.key, key))
    return found
