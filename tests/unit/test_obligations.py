"""The decisions on the notification obligations: proposed from the severity, decided by
the cell, approved by the DPO and the legal role, périmé when a fact changes."""

from __future__ import annotations

import pytest

from bot.bootstrap import Application
from tests.fakes import FakeRepository

HEALTH_BREACH = (
    "donnees.contexte = sensibles", "personnes.vulnerables = oui", "donnees.profilage = non",
    "donnees.publiques = non", "donnees.identification = maximale",
    "violation.confidentialite = destinataires inconnus", "violation.integrite = aucune",
    "violation.disponibilite = aucune", "violation.malveillance = oui",
)  # fmt: skip


@pytest.fixture
def cell(fake_app: Application) -> Application:
    lines = ["ouvrir Revendication sur un forum", "role @bob dpo", "role @jules juridique",
             "role @carol communication"]  # fmt: skip
    for line in lines:
        assert not fake_app.answer("alice", "C1", line).error
    for fact in HEALTH_BREACH:
        key = fact.split()[0]
        assert not fake_app.answer("alice", "C1", f"fait {fact} source: experts").error
        assert not fake_app.answer("bob", "C1", f"verifier {key} preuve: rapport").error
    return fake_app


def test_severity_reads_verified_facts_and_proposes_each_obligation(cell: Application) -> None:
    shown = cell.answer("carol", "C1", "gravite").text
    assert "Score 5 : gravité très élevée" in shown
    assert "Informer les personnes concernées (RGPD art. 34) : proposition oui" in shown
    assert "Notifier la CNIL (RGPD art. 33) : proposition oui" in shown


def test_a_missing_input_is_shown_missing_and_the_score_is_a_range(
    fake_app: Application,
) -> None:
    fake_app.answer("alice", "C1", "ouvrir Revendication")
    fake_app.answer("alice", "C1", "fait donnees.contexte = sensibles source: forum")
    shown = fake_app.answer("alice", "C1", "gravite").text
    assert "INCOMPLET : score entre 0,25 et 6" in shown
    assert "signalé, non vérifié : ne compte pas" in shown
    assert "Notifier la CNIL (RGPD art. 33) : proposition à déterminer" in shown


def test_two_people_approve_a_decision_and_a_changed_fact_makes_it_perimee(
    cell: Application, fake_store: FakeRepository
) -> None:
    taken = cell.answer("carol", "C1", "decision patients oui motif: risque élevé")
    assert not taken.error and "en attente d'approbation" in taken.text
    assert not cell.answer("bob", "C1", "approuver decision 1").error
    done = cell.answer("jules", "C1", "approuver decision 1")
    assert not done.error and "la décision est prise" in done.text
    assert "approuvée : DPO @bob, juridique @jules" in cell.answer("carol", "C1", "gravite").text
    assert not cell.answer("bob", "C1", "connaissance hier 10h motif: courriel").error
    clocks = cell.answer("carol", "C1", "echeances").text
    assert (
        "(RGPD art. 34) : à faire dans les meilleurs délais — décision n° 1 (oui) approuvée"
        in clocks
    )
    assert "Informer les personnes concernées (RGPD art. 34) — oui (motif : risque élevé)" in (
        cell.answer("carol", "C1", "registre").text
    )
    cell.answer("alice", "C1", "fait violation.confidentialite = destinataires connus source: x")
    shown = cell.answer("carol", "C1", "gravite").text
    assert "PÉRIMÉE : violation.confidentialite a changé depuis" in shown
    assert (
        "À REVOIR : violation.confidentialite a changé"
        in cell.answer("carol", "C1", "decisions").text
    )
    assert (
        "(oui) PÉRIMÉE : violation.confidentialite a changé"
        in cell.answer("carol", "C1", "statut").text
    )


def test_an_approved_decision_not_to_notify_says_the_clock_is_not_required(
    cell: Application,
) -> None:
    assert not cell.answer("bob", "C1", "connaissance hier 10h motif: courriel").error
    assert not cell.answer("carol", "C1", "decision cnil non motif: données chiffrées").error
    cell.answer("bob", "C1", "approuver decision 2")
    cell.answer("jules", "C1", "approuver decision 2")
    clocks = cell.answer("carol", "C1", "echeances").text
    assert "(72 h, RGPD art. 33) : non requise, décision n° 2 approuvée" in clocks


@pytest.mark.parametrize(
    ("user", "line", "words"),
    [
        ("carol", "approuver decision 1", "vous avez proposé la décision n° 1"),
        ("alice", "approuver decision 1", "réservé aux rôles DPO et juridique"),
        ("carol", "decision cnil oui motif: x faits: revendication.volume",
         "`revendication.volume` n'est pas un fait vérifié"),
        ("carol", "decision cnil oui", "Il manque le motif"),
        ("bob", "approuver decision 9", "Aucune décision sur une obligation"),
        ("bob", "fait decision.patients = oui source: x", "tenu par la décision approuvée"),
    ],
)  # fmt: skip
def test_bad_input_on_a_decision_is_one_sentence_and_changes_nothing(
    cell: Application, fake_store: FakeRepository, user: str, line: str, words: str
) -> None:
    cell.answer("alice", "C1", "role @dina juridique")
    cell.answer("alice", "C1", "fait revendication.volume = 48 200 source: forum")
    assert not cell.answer("carol", "C1", "decision cnil oui motif: données de santé").error
    before = len(fake_store.event_rows)
    refused = cell.answer(user, "C1", line)
    assert refused.error, refused.text
    assert words in refused.text
    assert len(fake_store.event_rows) == before


def test_a_proposer_who_holds_an_approving_role_still_needs_the_other_person(
    cell: Application,
) -> None:
    assert not cell.answer("bob", "C1", "decision cnil oui motif: risque").error
    refused = cell.answer("bob", "C1", "approuver decision 1")
    assert refused.error and "il faut deux personnes" in refused.text
    assert not cell.answer("jules", "C1", "approuver decision 1").error
    assert "reste à approuver : DPO" in cell.answer("carol", "C1", "gravite").text


def test_the_cnil_draft_reads_the_approved_decision_and_is_perime_with_it(
    cell: Application,
) -> None:
    for line in ("connaissance hier 10h motif: courriel",
                 "fait dpo.contact = dpo@clinique-mesanges.fr source: annuaire",
                 "verifier dpo.contact preuve: annuaire"):  # fmt: skip
        assert not cell.answer("bob", "C1", line).error
    assert not cell.answer("carol", "C1", "decision patients oui motif: risque élevé").error
    before = cell.answer("carol", "C1", "rediger cnil")
    assert "a décidé" not in before.text
    cell.answer("bob", "C1", "approuver decision 2")
    cell.answer("jules", "C1", "approuver decision 2")
    draft = cell.answer("carol", "C1", "rediger cnil").draft_number
    shown = cell.answer("carol", "C1", f"voir {draft}").text
    assert "a décidé, après évaluation de la gravité de la violation, d'informer" in shown
    assert "périmé" not in shown.lower()
    cell.answer("alice", "C1", "fait violation.integrite = récupérable source: nouvelle analyse")
    assert "périmé" in cell.answer("carol", "C1", f"voir {draft}").text.lower()
