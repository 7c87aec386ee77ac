"""The language check: French crisis vocabulary passes, English is caught, even short."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.drafting.language import is_foreign, load_lexicon

ROOT = Path(__file__).resolve().parents[2]
LEXICON = load_lexicon(ROOT / "messages")
PHRASES = yaml.safe_load((ROOT / "tests" / "data" / "langue.yml").read_text("utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        "un forum du darkweb",
        "Des individus affirment détenir des données, publiées sur un forum du darkweb.",
        "un ransomware a chiffré plusieurs serveurs",
        "Orange Cyberdefense",
        "oui",
    ],
)
def test_french_with_borrowed_words_and_names_is_not_flagged(text: str) -> None:
    assert not is_foreign(text, LEXICON)


@pytest.mark.parametrize(
    "text", ["data breach confirmed", "not yet", "no evidence", "under investigation"]
)
def test_short_english_values_are_caught(text: str) -> None:
    assert is_foreign(text, LEXICON)


def test_the_phrase_set_is_large_enough() -> None:
    assert len(PHRASES["francais"]) >= 60 and len(PHRASES["anglais"]) >= 30


def test_at_most_one_false_alarm_on_french_crisis_phrases() -> None:
    alarms = [p for p in PHRASES["francais"] if is_foreign(p, LEXICON)]
    assert len(alarms) <= 1, alarms


def test_at_least_nine_english_phrases_in_ten_are_caught() -> None:
    english = PHRASES["anglais"]
    missed = [p for p in english if not is_foreign(p, LEXICON)]
    assert len(missed) <= len(english) // 10, missed
    assert all(is_foreign(p, LEXICON) for p in english if len(p.split()) <= 3)
