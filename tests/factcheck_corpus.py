"""The corpus of edited sentences (tests/data/edited_sentences.yml) and the register it is
checked against: shared by the unit test and ``bench/factcheck.py``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import yaml

from bot.domain.factcheck import Lexicon, check
from bot.domain.model import Fact, FactStatus
from bot.domain.values import ValueType

CORPUS = Path(__file__).parent / "data" / "edited_sentences.yml"
TODAY = date(2026, 1, 12)
ORIGINAL = (
    "Communiqué de presse\n\nLure, le 12 janvier 2026\n\nLa Clinique des Mésanges a eu "
    "connaissance le 12 janvier 2026 de messages publiés en ligne. À ce stade, aucune preuve "
    "de fuite n'a été établie.\n\nContact presse : service communication, 03 84 00 00 00"
)


def _fact(key: str, value: str, kind: ValueType, status: FactStatus) -> Fact:
    return Fact(
        1, key, value, kind, status, None, None, 1, "alice", datetime(2026, 1, 12, tzinfo=UTC)
    )


REGISTER = [
    _fact("etablissement.nom", "la Clinique des Mésanges", ValueType.TEXTE, FactStatus.VERIFIE),
    _fact("etablissement.ville", "Lure", ValueType.TEXTE, FactStatus.VERIFIE),
    _fact("incident.connu_le", "2026-01-12T09:15", ValueType.DATE_HEURE, FactStatus.VERIFIE),
    _fact("exfiltration.trace", "non", ValueType.BOOLEEN, FactStatus.VERIFIE),
    _fact("presse.contact", "service communication, 03 84 00 00 00", ValueType.TEXTE,
          FactStatus.VERIFIE),
    _fact("revendication.volume", "48200", ValueType.ENTIER, FactStatus.SIGNALE),
    _fact("revendication.source", "groupe LockBit", ValueType.TEXTE, FactStatus.SIGNALE),
]  # fmt: skip


@dataclass(frozen=True)
class Score:
    caught: list[str]
    missed: list[str]
    false_alarms: list[str]
    faithful: int


def score(lexicon: Lexicon) -> Score:
    data = yaml.safe_load(CORPUS.read_text("utf-8"))
    caught, missed, alarms = [], [], []
    for sentence in data["invente"]:
        found = check(ORIGINAL + "\n\n" + sentence, ORIGINAL, REGISTER, lexicon, (), TODAY)
        (caught if found.findings else missed).append(sentence)
    for sentence in data["fidele"]:
        found = check(ORIGINAL + "\n\n" + sentence, ORIGINAL, REGISTER, lexicon, (), TODAY)
        if found.findings:
            alarms.append(sentence)
    return Score(caught, missed, alarms, len(data["fidele"]))
