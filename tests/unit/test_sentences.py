"""A typed value fits its place in a sentence; the typography then stays idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.drafting.language import load_lexicon
from bot.drafting.sentences import insere, liste, phrase
from bot.drafting.typography import french

LEXICON = load_lexicon(Path(__file__).resolve().parents[2] / "messages")
NB, NN = "\u00a0", "\u202f"

INSIDE = [
    ("noms, prénoms, dates de naissance..", "noms, prénoms, dates de naissance"),
    ("un risque d'hameçonnage ciblé !.", "un risque d'hameçonnage ciblé"),
    ("Les accès ont été coupés.", "les accès ont été coupés"),
    ("Réinitialisation des accès", "réinitialisation des accès"),
    ("coupure à 14h30 , puis isolement", "coupure à 14h30, puis isolement"),
    ("coupure à 14:30", "coupure à 14 h 30"),
    ("Orange Cyberdefense", "Orange Cyberdefense"),
    ("CNIL et ANSSI", "CNIL et ANSSI"),
    ("La Poste", "La Poste"),
    ("Belfort", "Belfort"),
    ("noms\nprénoms\nadresses", "noms, prénoms et adresses"),
    ("- noms\n- prénoms", "noms et prénoms"),
    (
        "Les accès ont été coupés.\nLes mots de passe ont été changés.",
        "les accès ont été coupés ; les mots de passe ont été changés",
    ),
    ("noms,prénoms", "noms, prénoms"),
    ("analyse ( en cours )", "analyse (en cours)"),
    ("dossiers, comptes, etc.", "dossiers, comptes, etc."),
    ("  espaces   en   trop  ", "espaces en trop"),
]


@pytest.mark.parametrize(("typed", "expected"), INSIDE)
def test_a_value_inside_a_sentence(typed: str, expected: str) -> None:
    assert insere(typed, LEXICON) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("réinitialisation des accès", "Réinitialisation des accès."),
        ("un risque d'hameçonnage ciblé !.", "Un risque d'hameçonnage ciblé."),
        ("dates de naissance..", "Dates de naissance."),
        ("Les sauvegardes sont-elles intactes ?", f"Les sauvegardes sont-elles intactes{NN}?"),
    ],
)
def test_a_value_as_a_sentence_of_its_own(typed: str, expected: str) -> None:
    assert phrase(typed, LEXICON) == expected


def test_after_a_colon_inside_a_sentence_the_value_keeps_no_capital() -> None:
    line = "Mesures prises : " + phrase("Les accès distants ont été coupés.", LEXICON, False)
    assert french(line) == f"Mesures prises{NB}: les accès distants ont été coupés."


def test_a_value_at_the_start_of_a_sentence_takes_a_capital() -> None:
    assert insere("des experts ont été mandatés.", LEXICON, debut=True) == (
        "Des experts ont été mandatés"
    )


@pytest.mark.parametrize(
    ("items", "expected"),
    [([], ""), (["a"], "a"), (["a", "b"], "a et b"), (["a", "b", "c"], "a, b et c")],
)
def test_lists_are_joined_the_french_way(items: list[str], expected: str) -> None:
    assert liste(items) == expected


def test_a_sentence_made_of_values_reads_well_and_typography_stays_idempotent() -> None:
    sentence = (
        "Le "
        + insere("Standard", LEXICON)
        + " a reçu "
        + insere("1250 appels entre 14h et 16h30 .", LEXICON)
        + ", dont "
        + insere("“beaucoup”  de patients inquiets !", LEXICON)
        + "."
    )
    once = french(sentence)
    assert once == (
        f"Le standard a reçu 1{NN}250 appels entre 14 h et 16 h 30, "
        f"dont «{NB}beaucoup{NB}» de patients inquiets."
    )
    assert french(once) == once
