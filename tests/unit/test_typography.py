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
    ("à 14h30 , puis", "à 14 h 30, puis"),
    ("à 14h", "à 14 h"),
    ("de 9H à 17H", "de 9 h à 17 h"),
    ("le 1 mars 2026", "le 1er mars 2026"),
    ("il a dit “non”", f"il a dit «{NB}non{NB}»"),
    ("1250 patients", f"1{NN}250 patients"),
    ("3000 dossiers", f"3{NN}000 dossiers"),
    ("fin .", "fin."),
    # never touched
    ("en 2026 les patients", "en 2026 les patients"),
    ("depuis 2019 des comptes", "depuis 2019 des comptes"),
    ("appelez le +33 3 84 58 15 15", "appelez le +33 3 84 58 15 15"),
    ("appelez le +33384581515", "appelez le +33384581515"),
    ("appelez le 03 84 58 15 15", "appelez le 03 84 58 15 15"),
    ("FINESS 900000365", "FINESS 900000365"),
    ("n° FINESS : 900000365", f"n° FINESS{NB}: 900000365"),
    ("SIRET 12345678901234", "SIRET 12345678901234"),
    ("référence CNIL 20260113", "référence CNIL 20260113"),
    ("décret 2022-715", "décret 2022-715"),
    ("article 33", "article 33"),
    ("90000 Belfort", "90000 Belfort"),
    ("24h/24", "24h/24"),
    ("dans 1 heure", "dans 1 heure"),
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
