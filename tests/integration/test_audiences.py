"""The texts for further audiences: the switchboard script, the notes to partners and to the
staff and users' representatives, the plain-language patient letter; each drafted from
verified facts and approved like any text."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bootstrap import Application
from bot.drafting.readability import Rules, check

MESSAGES = Path(__file__).resolve().parents[2] / "messages"
FACTS = [
    "fait etablissement.nom = la Clinique des Mésanges",
    "fait incident.connu_le = hier 10:00",
    "fait fuite.averee = oui",
    "fait donnees.categories = noms, adresses et dates de consultation",
    "fait consequences.probables = vous pourriez recevoir des messages trompeurs",
    "fait mesures.prises = nous avons changé tous les mots de passe",
    "fait dpo.contact = dpo@clinique-mesanges.fr",
]


def opened(app: Application, channel: str, verify: bool = True) -> None:
    assert not app.answer("alice", channel, "ouvrir Fuite").error
    for line in FACTS:
        assert not app.answer("alice", channel, line).error, line
        if verify:
            assert not app.answer("alice", channel, f"verifier {line.split()[1]}").error


@pytest.mark.parametrize(
    ("model", "approvers"),
    [
        ("standard", ("communication", "direction")),
        ("partenaires", ("direction",)),
        ("representants", ("direction", "dpo")),
        ("patients_falc", ("direction", "dpo", "juridique")),
    ],
)
def test_each_audience_text_is_drafted_then_approved_before_it_is_published(
    sql_app: Application, model: str, approvers: tuple[str, ...]
) -> None:
    opened(sql_app, "C1")
    for role in approvers:
        assert not sql_app.answer("alice", "C1", f"role @{role} {role}").error
    drafted = sql_app.answer("alice", "C1", f"rediger {model}")
    assert not drafted.error, drafted.text
    text = sql_app.answer("alice", "C1", "voir 1").text
    assert "Clinique des Mésanges" in text
    assert sql_app.answer("alice", "C1", "publier 1").error
    for role in approvers:
        assert not sql_app.answer(role, "C1", "approuver 1").error, role
    assert not sql_app.answer("alice", "C1", "publier 1").error


def test_a_value_only_reported_never_reaches_the_switchboard(sql_app: Application) -> None:
    opened(sql_app, "C1", verify=False)
    assert not sql_app.answer("alice", "C1", "verifier etablissement.nom").error
    assert not sql_app.answer("alice", "C1", "rediger standard").error
    text = sql_app.answer("alice", "C1", "voir 1").text.split("———")[1]
    assert "noms, adresses" not in text and "dpo@clinique-mesanges.fr" not in text
    assert "Nous ne pouvons pas encore dire si des données de patients sont en cause" in text


def test_the_plain_language_letter_reads_easier_than_the_letter(sql_app: Application) -> None:
    opened(sql_app, "C1")
    rules = Rules.load(MESSAGES / "fr" / "lisibilite.yml")
    assert "patients_falc" in rules.models
    measured = {}
    for number, model in enumerate(("patients", "patients_falc"), start=1):
        drafted = sql_app.answer("alice", "C1", f"rediger {model}")
        assert not drafted.error, drafted.text
        assert "Lisibilité (texte aux patients)" in drafted.text
        text = sql_app.answer("alice", "C1", f"voir {number}").text.split("———")[1]
        measured[model] = check(text, rules)
    plain = measured["patients_falc"]
    assert not plain.hard and not plain.long_sentences and not plain.jargon, plain
    assert plain.index > measured["patients"].index
