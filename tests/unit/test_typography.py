"""French typography: table-driven, tricky cases included; always idempotent."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.drafting.typography import french, plain_spaces

NB = "\u00a0"
NN = "\u202f"

CASES = [
    ("Contact : presse", f"Contact{NB}: presse"),
    ("Contact: presse", f"Contact{NB}: presse"),
    ("Pourquoi ?", f"Pourquoi{NN}?"),
    ("Pourquoi?", f"Pourquoi{NN}?"),
    ("Attention !", f"Attention{NN}!"),
    ("un; deux", f"un{NN}; deux"),
    ("12 % des cas", f"12{NN}% des cas"),
    ("12% des cas", f"12{NN}% des cas"),
    ("« à ce stade »", f"«{NB}à ce stade{NB}»"),
    ("«à ce stade»", f"«{NB}à ce stade{NB}»"),
    ('il a dit "non"', f"il a dit «{NB}non{NB}»"),
    ("1 250 patients", f"1{NN}250 patients"),
    ("103082 lignes", f"103{NN}082 lignes"),
    ("1234567 lignes", f"1{NN}234{NN}567 lignes"),
    # never touched
    ("le 9 janvier 2026", "le 9 janvier 2026"),
    ("décret 2016-1214", "décret 2016-1214"),
    ("décret n° 2022-715", "décret n° 2022-715"),
    ("rendez-vous à 14:30", "rendez-vous à 14:30"),
    ("voir https://www.cnil.fr/fr/a?b=1;c=2", "voir https://www.cnil.fr/fr/a?b=1;c=2"),
    ("écrire à dpo@clinique.example", "écrire à dpo@clinique.example"),
    ("tapez `/crise fait a = b source: c`", "tapez `/crise fait a = b source: c`"),
    ("appelez le 0384000000", "appelez le 0384000000"),
    ("version 3.14159", "version 3.14159"),
    ("1,5 million", "1,5 million"),
    ("dossier 12345-67", "dossier 12345-67"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_french_typography(raw: str, expected: str) -> None:
    assert french(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_typography_is_idempotent_on_known_cases(raw: str, expected: str) -> None:
    assert french(french(raw)) == french(raw)


@given(st.text(alphabet=st.sampled_from(list("ab 1234567890:;!?%«»\"'-./@`\n")), max_size=60))
def test_typography_is_idempotent_on_any_text(text: str) -> None:
    once = french(text)
    assert french(once) == once


def test_plain_text_falls_back_to_no_break_spaces() -> None:
    assert plain_spaces(french("1 250 patients ?")) == f"1{NB}250 patients{NB}?"
