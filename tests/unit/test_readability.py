"""The readability check of texts to patients: the Kandel–Moles index falls as sentences
and words grow, a sentence over the limit is named, a technical word of the lexicon is
found in any case or accent with the plainer word to use."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.drafting.readability import Rules, check, jargon, kandel_moles, sentences, syllables
from bot.resources import messages_dir

RULES = Rules.load(messages_dir() / "fr" / "lisibilite.yml")
HEAD = "[[titre]] Information\n\n"
short_words = st.sampled_from(["le", "bon", "mot", "nous", "vous", "lit", "dit", "va"])


def test_the_rules_file_names_the_patient_letter_and_plainer_words() -> None:
    assert "patients" in RULES.models
    assert RULES.minimum > 0 and RULES.words_per_sentence > 10
    assert RULES.jargon["VPN"] and RULES.jargon["comptes à privilèges"]


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàôû", min_size=1, max_size=20))
def test_every_word_has_at_least_one_syllable(word: str) -> None:
    assert 1 <= syllables(word) <= len(word)


def test_syllables_of_common_words() -> None:
    counts = {"patient": 2, "données": 2, "informatique": 5, "été": 2, "lettre": 1}
    assert {w: syllables(w) for w in counts} == counts


@given(st.lists(short_words, min_size=3, max_size=8), st.integers(2, 4))
def test_longer_sentences_and_longer_words_read_harder(words: list[str], times: int) -> None:
    sentence = " ".join(words).capitalize() + "."
    short = kandel_moles(f"{HEAD}{sentence} {sentence}")
    longer = kandel_moles(HEAD + " ".join(words * times).capitalize() + ".")
    assert longer < short
    heavy = kandel_moles(HEAD + " ".join(["informatique"] * len(words)).capitalize() + ".")
    assert heavy < kandel_moles(HEAD + sentence)


@given(st.integers(1, 40))
def test_a_sentence_over_the_limit_is_named(extra: int) -> None:
    limit = RULES.words_per_sentence
    fine = " ".join(["mot"] * limit).capitalize() + "."
    over = " ".join(["mot"] * (limit + extra)).capitalize() + "."
    found = check(f"{HEAD}{fine} {over}", RULES)
    assert found.long_sentences == [over]


@given(st.sampled_from(["VPN", "vpn", "Vpn"]), st.sampled_from(["privilèges", "PRIVILEGES"]))
def test_technical_words_are_found_whatever_their_case_and_accents(vpn: str, priv: str) -> None:
    text = f"Fermeture du {vpn} et des comptes à {priv}."
    assert [term for term, _ in jargon(text, RULES.jargon)][:2] == ["VPN", "comptes à privilèges"]
    assert jargon("Nous servons les patients.", RULES.jargon) == []


def test_headings_are_not_sentences() -> None:
    text = "[[titre]] Information\n\n[[intertitre]] Ce que nous avons fait\n\nNous avons agi."
    assert sentences(text) == ["Nous avons agi."]
