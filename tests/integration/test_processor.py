"""A breach at a processor: the request to the processor is drafted from the catalogued facts
and approved by the DPO and the legal role like any text; once the register says the breach
happened at the processor, the letter to patients and the CNIL draft place it there, never
« au sein de » the establishment's systems."""

from __future__ import annotations

import pytest

from bot.bootstrap import Application

BASE = [
    "fait etablissement.nom = la Clinique des Mésanges",
    "fait etablissement.ville = Belfort",
    "fait incident.connu_le = hier 10:00",
    "fait dpo.contact = dpo@mesanges.example",
    "fait sous_traitant.nom = la société Hébergix",
    "fait sous_traitant.traitement = hébergement du dossier patient",
]
LETTER = [
    "fait fuite.averee = oui",
    "fait donnees.categories = noms et dates de consultation",
    "fait consequences.probables = risque d'hameçonnage",
    "fait mesures.prises = isolement des serveurs concernés",
]


def record(app: Application, channel: str, lines: list[str]) -> None:
    for line in lines:
        answer = app.answer("alice", channel, line)
        assert not answer.error, (line, answer.text)
        answer = app.answer("alice", channel, f"verifier {line.split()[1]}")
        assert not answer.error, (line, answer.text)


def test_the_request_to_the_processor_says_what_is_needed_and_by_when(
    sql_app: Application,
) -> None:
    assert not sql_app.answer("alice", "C1", "ouvrir Fuite chez l'hébergeur").error
    record(sql_app, "C1", [*BASE, "fait sous_traitant.reponse_le = demain 18:00"])
    drafted = sql_app.answer("alice", "C1", "rediger sous_traitant")
    assert not drafted.error, drafted.text
    text = sql_app.answer("alice", "C1", "voir 1").text.split("———")[1]
    assert "À l'attention de la société Hébergix" in text
    assert "hébergement du dossier patient" in text
    assert "articles 28 et 33.2" in text
    assert "au plus tard le 13 janvier 2026 à 18" in text, text
    assert "la nature de la violation" in text


def test_the_request_to_the_processor_is_approved_by_the_dpo_and_the_legal_role(
    sql_app: Application,
) -> None:
    assert not sql_app.answer("alice", "C1", "ouvrir Fuite chez l'hébergeur").error
    record(sql_app, "C1", BASE)
    for line in ("role @dpo dpo", "role @jur juridique"):
        assert not sql_app.answer("alice", "C1", line).error
    assert not sql_app.answer("alice", "C1", "rediger sous_traitant").error
    assert sql_app.answer("alice", "C1", "publier 1").error
    assert not sql_app.answer("dpo", "C1", "approuver 1").error
    assert sql_app.answer("alice", "C1", "publier 1").error
    assert not sql_app.answer("jur", "C1", "approuver 1").error
    assert not sql_app.answer("alice", "C1", "publier 1").error


@pytest.mark.parametrize("origine_si", ["oui", "non", None])
def test_the_letter_and_the_cnil_draft_place_the_breach_at_the_processor(
    sql_app: Application, origine_si: str | None
) -> None:
    assert not sql_app.answer("alice", "C1", "ouvrir Fuite chez l'hébergeur").error
    origin = [] if origine_si is None else [f"fait donnees.origine_si = {origine_si}"]
    record(sql_app, "C1", [*BASE, *LETTER, *origin, "fait sous_traitant.violation = oui"])
    for modele, number, said in (
        ("patients", 1, "établie chez la société Hébergix, prestataire"),
        ("cnil", 2, "La violation a eu lieu chez la société Hébergix, sous-traitant"),
    ):
        drafted = sql_app.answer("alice", "C1", f"rediger {modele}")
        assert not drafted.error, drafted.text
        text = " ".join(sql_app.answer("alice", "C1", f"voir {number}").text.split())
        assert said in text, text
        assert "au sein de nos systèmes" not in text


def test_a_processor_only_reported_is_not_named_in_the_letter(sql_app: Application) -> None:
    assert not sql_app.answer("alice", "C1", "ouvrir Fuite chez l'hébergeur").error
    record(sql_app, "C1", [*BASE, *LETTER, "fait donnees.origine_si = oui"])
    assert not sql_app.answer("alice", "C1", "fait sous_traitant.violation = oui").error
    assert not sql_app.answer("alice", "C1", "rediger patients").error
    text = " ".join(sql_app.answer("alice", "C1", "voir 1").text.split())
    assert "Hébergix" not in text
    assert "au sein de nos systèmes d'information" in text
