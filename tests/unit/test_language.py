"""The language check: French crisis vocabulary passes, English, German and Spanish are
caught sentence by sentence, short ones too."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.drafting.language import (
    foreign_sentences,
    is_foreign,
    language_of,
    load_lexicon,
    words_of,
)
from tests.examples import examples

ROOT = Path(__file__).resolve().parents[2]
LEXICON = load_lexicon(ROOT / "messages")
PHRASES = yaml.safe_load((ROOT / "tests" / "data" / "langue.yml").read_text("utf-8"))
FRENCH: list[str] = PHRASES["francais"]
FOREIGN: list[str] = [p for phrases in PHRASES["etranger"].values() for p in phrases]


@pytest.mark.parametrize(
    "text",
    [
        "un forum du darkweb",
        "Des individus affirment détenir des données, publiées sur un forum du darkweb.",
        "un ransomware a chiffré plusieurs serveurs",
        "Orange Cyberdefense",
        "oui",
        "ransomware",
        "VPN",
        "CNIL, ARS, ANSSI",
        "Sauvegardes : OK",
        "Impact limité.",
    ],
)
def test_french_with_borrowed_words_and_names_is_not_flagged(text: str) -> None:
    assert not is_foreign(text, LEXICON)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("data breach confirmed", "en"),
        ("not yet", "en"),
        ("Backups OK", "en"),
        ("TBD", "en"),
        ("No data loss", "en"),
        ("Kein Datenverlust", "de"),
        ("Wir prüfen das", "de"),
        ("Gracias", "es"),
        ("Datos cifrados", "es"),
    ],
)
def test_short_foreign_values_are_caught_with_their_language(text: str, language: str) -> None:
    assert language_of(text, LEXICON) == language
    assert is_foreign(text, LEXICON)


def test_an_english_abbreviation_counts_wherever_it_stands() -> None:
    assert words_of("Date de reprise TBD, FYI", LEXICON) == ["date", "de", "reprise", "tbd", "fyi"]
    assert words_of("Orange Cyberdefense et la CNIL", LEXICON) == ["orange", "et", "la"]


def test_the_foreign_sentence_of_a_french_paragraph_is_the_one_returned() -> None:
    text = (
        "Les sauvegardes sont intactes. Backups OK. La prise en charge des patients se "
        "poursuit normalement.\n\nKein Datenverlust. À ce stade, aucune fuite n'est avérée."
    )
    assert foreign_sentences(text, LEXICON) == ["Backups OK.", "Kein Datenverlust."]
    assert foreign_sentences("Les sauvegardes sont intactes.", LEXICON) == []


def test_every_word_of_the_lexicon_is_a_string() -> None:
    """YAML reads a bare « no » or « yes » as a boolean: the lexicon quotes them."""
    data = yaml.safe_load((ROOT / "messages" / "fr" / "langue.yml").read_text("utf-8"))
    lists = [v for k, v in data.items() if k != "autres"] + list(data["autres"].values())
    assert all(isinstance(word, str) for words in lists for word in words)


def test_the_phrase_set_is_large_enough() -> None:
    assert len(FRENCH) >= 60 and len(FOREIGN) >= 30
    assert all(PHRASES["etranger"][language] for language in ("anglais", "allemand", "espagnol"))


def test_at_most_one_false_alarm_in_sixty_french_crisis_phrases() -> None:
    alarms = [p for p in FRENCH if is_foreign(p, LEXICON)]
    assert len(alarms) <= len(FRENCH) // 60, alarms


def test_no_false_alarm_on_the_sentences_of_a_communique() -> None:
    """The sentences a press officer writes in full (a full stop) are never flagged; the
    terse notes of the cell (« Version finale ») are where langdetect may err."""
    alarms = [p for p in FRENCH if p.endswith(".") and is_foreign(p, LEXICON)]
    assert alarms == []


def test_at_least_nine_foreign_phrases_in_ten_are_caught() -> None:
    missed = [p for p in FOREIGN if not is_foreign(p, LEXICON)]
    assert len(missed) <= len(FOREIGN) // 10, missed


def sentence(phrase: str) -> str:
    """A phrase of the set as a sentence of a paragraph: a capital, a full stop."""
    phrase = phrase[:1].upper() + phrase[1:]
    return phrase if phrase[-1] in ".!?" else f"{phrase}."


FRENCH_SENTENCES = [p for p in FRENCH if p.endswith(".") and not is_foreign(p, LEXICON)]
CAUGHT = [sentence(p) for p in FOREIGN if is_foreign(p, LEXICON)]


@settings(max_examples=examples(60), deadline=None)
@given(
    paragraph=st.lists(st.sampled_from(FRENCH_SENTENCES), min_size=1, max_size=6),
    intruder=st.sampled_from(CAUGHT),
    data=st.data(),
)
def test_a_foreign_sentence_anywhere_in_a_french_paragraph_is_the_one_flagged(
    paragraph: list[str], intruder: str, data: st.DataObject
) -> None:
    place = data.draw(st.integers(min_value=0, max_value=len(paragraph)))
    text = " ".join([*paragraph[:place], intruder, *paragraph[place:]])
    assert foreign_sentences(text, LEXICON) == [intruder]


@settings(max_examples=examples(30), deadline=None)
@given(paragraph=st.lists(st.sampled_from(FRENCH_SENTENCES), min_size=1, max_size=8))
def test_a_paragraph_of_french_sentences_is_not_flagged(paragraph: list[str]) -> None:
    assert foreign_sentences(" ".join(paragraph), LEXICON) == []
