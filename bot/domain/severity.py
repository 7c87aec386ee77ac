"""The severity of a personal data breach by the ENISA method (« Recommendations for a
methodology of the assessment of severity of personal data breaches », 2013), the method
the EDPB's examples of breach notification reason with: SE = DPC × EI + CB.

- DPC, the data processing context: a base score by the kind of data (simple 1,
  behavioural 2, financial 3, sensitive — health included — 4), raised by one when the
  persons are vulnerable or when the volume or nature of the data allows profiling them,
  lowered by one when the data were already public; kept between 1 and 4.
- EI, the ease of identification: negligible 0.25, limited 0.5, significant 0.75,
  maximum 1.
- CB, the circumstances of the breach, summed: loss of confidentiality (0 exposed without
  evidence of processing, +0.25 known recipients, +0.5 unknown recipients), of integrity
  (0, +0.25 recoverable, +0.5 not recoverable), of availability (0, +0.25 temporary, +0.5
  total), malicious intent +0.5.
- Levels: below 2 low, 2 to 3 medium, 3 to 4 high, 4 and above very high.

Each input is one catalogued fact, read only when verified. A missing input is never
assumed: the score is then the range over every value it could take."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from bot.domain.model import Fact, FactStatus
from bot.domain.values import ValueType, fold


class Level(StrEnum):
    FAIBLE = "faible"
    MOYEN = "moyen"
    ELEVE = "eleve"
    TRES_ELEVE = "tres_eleve"


def level(score: float) -> Level:
    if score < 2:
        return Level.FAIBLE
    if score < 3:
        return Level.MOYEN
    if score < 4:
        return Level.ELEVE
    return Level.TRES_ELEVE


class Part(StrEnum):
    """Where an input counts: the base of DPC, an adjustment of DPC, EI, or CB."""

    DPC = "dpc"
    AJUSTEMENT = "ajustement"
    EI = "ei"
    CB = "cb"


class Reading(StrEnum):
    """Why an input counts or not: verified and understood, or missing for a reason."""

    RETENU = "retenu"
    ABSENT = "absent"
    NON_VERIFIE = "non_verifie"
    NON_RECONNU = "non_reconnu"


@dataclass(frozen=True)
class Input:
    key: str
    part: Part
    options: Mapping[str, float]

    def score(self, value: str) -> float | None:
        return self.options.get(_word(value))


def _word(value: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(value)).split())


YES_NO = {"oui": 1.0, "non": 0.0}
INPUTS: tuple[Input, ...] = (
    Input(
        "donnees.contexte",
        Part.DPC,
        {
            "simples": 1,
            "simple": 1,
            "comportementales": 2,
            "comportemental": 2,
            "financieres": 3,
            "financier": 3,
            "sensibles": 4,
            "sensible": 4,
            "sante": 4,
        },
    ),
    Input("personnes.vulnerables", Part.AJUSTEMENT, YES_NO),
    Input("donnees.profilage", Part.AJUSTEMENT, YES_NO),
    Input("donnees.publiques", Part.AJUSTEMENT, {"oui": -1.0, "non": 0.0}),
    Input(
        "donnees.identification",
        Part.EI,
        {"negligeable": 0.25, "limitee": 0.5, "importante": 0.75, "maximale": 1.0},
    ),
    Input(
        "violation.confidentialite",
        Part.CB,
        {
            "aucune": 0.0,
            "exposition": 0.0,
            "destinataires connus": 0.25,
            "destinataires inconnus": 0.5,
        },
    ),
    Input(
        "violation.integrite",
        Part.CB,
        {"aucune": 0.0, "recuperable": 0.25, "irrecuperable": 0.5},
    ),
    Input(
        "violation.disponibilite",
        Part.CB,
        {"aucune": 0.0, "temporaire": 0.25, "totale": 0.5},
    ),
    Input("violation.malveillance", Part.CB, {"oui": 0.5, "non": 0.0}),
)
KEYS = tuple(i.key for i in INPUTS)
SUPPOSED_AT = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Term:
    """One input as read: its value and score when verified and understood, else why it
    is missing and the lowest and highest score it could give."""

    input: Input
    reading: Reading
    value: str | None
    low: float
    high: float
    fact: Fact | None = None

    @property
    def key(self) -> str:
        return self.input.key

    @property
    def missing(self) -> bool:
        return self.reading is not Reading.RETENU

    @property
    def choices(self) -> list[str]:
        """The values it takes, one spelling per score (for what a missing one would do)."""
        seen: dict[float, str] = {}
        for word, score in self.input.options.items():
            seen.setdefault(score, word)
        return list(seen.values())


@dataclass(frozen=True)
class Assessment:
    terms: tuple[Term, ...]
    low: float
    high: float

    @property
    def complete(self) -> bool:
        return not any(t.missing for t in self.terms)

    @property
    def levels(self) -> tuple[Level, Level]:
        return level(self.low), level(self.high)

    @property
    def missing(self) -> list[Term]:
        return [t for t in self.terms if t.missing]

    @property
    def facts(self) -> list[Fact]:
        """The verified facts it rests on."""
        return [t.fact for t in self.terms if t.fact is not None and not t.missing]

    def at_least(self, wanted: Level) -> bool | None:
        """Whether the level is ``wanted`` or above: ``None`` while the range straddles it."""
        order = list(Level)
        low, high = (order.index(x) for x in self.levels)
        if low >= order.index(wanted):
            return True
        if high < order.index(wanted):
            return False
        return None

    def term(self, key: str) -> Term:
        return next(t for t in self.terms if t.key == key)


def _term(spec: Input, fact: Fact | None) -> Term:
    scores = spec.options.values()
    low, high = min(scores), max(scores)
    if fact is None:
        return Term(spec, Reading.ABSENT, None, low, high)
    if fact.status is not FactStatus.VERIFIE:
        return Term(spec, Reading.NON_VERIFIE, fact.value, low, high, fact)
    score = spec.score(fact.value)
    if score is None:
        return Term(spec, Reading.NON_RECONNU, fact.value, low, high, fact)
    return Term(spec, Reading.RETENU, fact.value, score, score, fact)


def _dpc(base: float, adjustments: Iterable[float]) -> float:
    return min(4.0, max(1.0, base + sum(adjustments)))


def assess(facts: Iterable[Fact]) -> Assessment:
    """The severity the verified facts support: SE = DPC × EI + CB, as a range while an
    input is missing."""
    by_key = {f.key: f for f in facts}
    terms = tuple(_term(spec, by_key.get(spec.key)) for spec in INPUTS)

    def bound(pick: str) -> float:
        part = {p: [getattr(t, pick) for t in terms if t.input.part is p] for p in Part}
        dpc = _dpc(part[Part.DPC][0], part[Part.AJUSTEMENT])
        return float(dpc * part[Part.EI][0] + sum(part[Part.CB]))

    return Assessment(terms, bound("low"), bound("high"))


def what_if(facts: Iterable[Fact], term: Term) -> list[tuple[str, Assessment]]:
    """For a missing input, the assessment with each value it could take, the others as
    they are: what knowing it would change."""
    others = [f for f in facts if f.key != term.key]
    result = []
    for choice in term.choices:
        supposed = Fact(0, term.key, choice, ValueType.TEXTE, FactStatus.VERIFIE, None, None, 0,
                        "", SUPPOSED_AT)  # fmt: skip
        result.append((choice, assess([*others, supposed])))
    return result
