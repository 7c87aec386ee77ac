"""Every sentence of a draft is backed by the register: the examples of issue 10."""

from __future__ import annotations

import pytest

from bot.bootstrap import Application
from bot.clock import FixedClock
from tests.unit.test_drafting import ALL_FACTS, CHANNEL, cell, draft_text, record

BASE = ("etablissement.nom", "etablissement.ville", "incident.connu_le", "dpo.contact")
EXPERTS = ("experts", "expertise", "enquête technique")


def base(app: Application, *extra: str) -> None:
    cell(app)
    record(app, {k: ALL_FACTS[k] for k in (*BASE, *extra)})


def refusal(app: Application, model: str) -> str:
    answer = app.answer("com", CHANNEL, f"rediger {model}")
    assert answer.error, answer.text
    return answer.text


@pytest.mark.parametrize("state", ["absent", "signalé", "réfuté"])
def test_no_modele_says_experts_were_engaged_unless_it_is_verified(
    fake_app: Application, state: str
) -> None:
    base(fake_app)
    if state != "absent":
        record(fake_app, {"enquete.experts": "un prestataire"}, verify=False)
    if state == "réfuté":
        assert not fake_app.answer("bob", CHANNEL, "refuter enquete.experts").error
    for model in ("communique", "attente", "cnil", "interne", "elements"):
        text = draft_text(fake_app, model)
        assert not any(word in text for word in EXPERTS), (model, state)


def test_a_breach_does_not_make_the_release_say_that_patients_are_informed(
    fake_app: Application,
) -> None:
    base(fake_app, "fuite.averee")
    text = draft_text(fake_app, "communique")
    assert "informées individuellement" not in text
    assert "informe les personnes concernées" not in text
    assert "renforce ses mesures" not in text
    record(fake_app, {"patients.informes_le": "12/01/2026"})
    text = draft_text(fake_app, "communique")
    assert "Fuite de données\u00a0: l'Hôpital des Tilleuls informe les personnes concernées" in text
    assert "Nous avons informé les personnes concernées le 12 janvier 2026" in text


def test_talking_points_state_nothing_the_register_does_not_hold(
    fake_app: Application, clock: FixedClock
) -> None:
    base(fake_app)
    clock.advance(hours=80)
    text = draft_text(fake_app, "elements")
    for claim in (
        "aucune démarche n'est nécessaire",
        "respecte ses obligations",
        "plainte est envisagée",
    ):
        assert claim not in text
    assert "le délai de 72 heures prévu par le RGPD est écoulé" in text


def test_contradicting_verified_facts_refuse_the_draft_naming_the_keys(
    fake_app: Application,
) -> None:
    base(fake_app)
    record(fake_app, {"fuite.averee": "non", "exfiltration.trace": "oui"})
    text = refusal(fake_app, "communique")
    assert "`fuite.averee` et `exfiltration.trace` ne peuvent pas être vrais ensemble" in text
    assert "oui" not in text.split(":", 1)[1].split("Corrigez")[0]
    record(fake_app, {"exfiltration.trace": "non"})
    assert "aucune trace d'exfiltration" in draft_text(fake_app, "communique")


def test_data_from_our_systems_contradicts_a_verified_absence_of_breach(
    fake_app: Application,
) -> None:
    base(fake_app)
    record(fake_app, {"fuite.averee": "non", "donnees.origine_si": "oui"})
    assert "`fuite.averee` et `donnees.origine_si`" in refusal(fake_app, "attente")


def test_experts_no_longer_look_for_the_origin_once_it_is_verified(
    fake_app: Application,
) -> None:
    base(fake_app, "enquete.experts")
    assert "si les données proviennent de nos systèmes" in draft_text(fake_app, "communique")
    for value in ("oui", "non"):
        record(fake_app, {"donnees.origine_si": value})
        text = draft_text(fake_app, "communique")
        assert "si les données proviennent" not in text
        assert "pour déterminer si une fuite a eu lieu et de quelle manière." in text


def test_dates_out_of_order_or_in_the_future_refuse_the_draft(fake_app: Application) -> None:
    base(fake_app)
    record(fake_app, {"cnil.notifiee_le": "10/01/2026"})
    assert "`cnil.notifiee_le` est daté avant `incident.connu_le`" in refusal(fake_app, "cnil")
    record(fake_app, {"cnil.notifiee_le": "12/01/2026", "plainte.deposee_le": "12/01/2027"})
    assert "`plainte.deposee_le` est daté après aujourd'hui" in refusal(fake_app, "communique")


def test_a_free_text_fact_cannot_carry_a_figure_that_is_only_reported(
    fake_app: Application,
) -> None:
    base(fake_app)
    record(fake_app, {"revendication.volume": "103 082"}, verify=False)
    record(fake_app, {"fuite.averee": "oui", "donnees.categories": "noms de 103 082 patients"})
    text = refusal(fake_app, "communique")
    assert "`donnees.categories` reprend la valeur de `revendication.volume`" in text
    assert "103" not in text
    record(fake_app, {"donnees.categories": "noms et prénoms de patients"})
    assert "noms et prénoms de patients" in draft_text(fake_app, "communique")


def test_the_cnil_draft_lists_the_other_filings(fake_app: Application) -> None:
    base(fake_app, "plainte.deposee_le", "cert_sante.signale_le")
    text = draft_text(fake_app, "cnil")
    assert "aucune à ce jour" not in text.lower()
    assert "a signalé l'incident au CERT Santé" in text and "a déposé plainte" in text
    assert text.index("CERT Santé") < text.index("déposé plainte")


def test_the_cnil_draft_promises_nothing_to_patients_under_an_exemption(
    fake_app: Application,
) -> None:
    base(fake_app, "fuite.averee")
    record(fake_app, {"patients.motif_non_information": "données chiffrées, clé non compromise"})
    text = draft_text(fake_app, "cnil")
    assert "seront informées" not in text
    assert "article 34.3 du RGPD\u00a0: données chiffrées" in text


def test_the_cnil_draft_covers_article_33_3(fake_app: Application) -> None:
    base(fake_app)
    text = draft_text(fake_app, "cnil")
    for field in (
        "Nombre approximatif d'enregistrements concernés\u00a0: en cours d'évaluation",
        "Catégories de personnes concernées\u00a0: en cours d'évaluation",
        "Cause\u00a0: en cours d'évaluation",
        "Début de la violation\u00a0: en cours d'évaluation",
    ):
        assert field in text
    record(
        fake_app,
        {
            "enregistrements.nombre": "2400",
            "personnes.categories": "patients",
            "incident.cause": "compte d'un prestataire compromis",
            "incident.debut": "10/01/2026 22:00",
        },
    )
    text = draft_text(fake_app, "cnil")
    assert "enregistrements concernés\u00a0: 2\u202f400." in text
    assert "Catégories de personnes concernées\u00a0: patients." in text
    assert "Cause\u00a0: compte d'un prestataire compromis." in text
    assert "Début de la violation\u00a0: 10 janvier 2026 à 22 h." in text


def test_a_cnil_draft_becomes_stale_when_the_72_hours_pass(
    fake_app: Application, clock: FixedClock
) -> None:
    base(fake_app)
    draft_text(fake_app, "cnil")
    assert "périmé" not in fake_app.answer("bob", CHANNEL, "voir 1").text
    clock.advance(hours=80)
    shown = fake_app.answer("bob", CHANNEL, "voir 1").text
    assert "périmé" in shown and "horloge.cnil" in shown
    assert fake_app.answer("bob", CHANNEL, "approuver 1").error


def test_the_status_names_contradicting_facts(fake_app: Application) -> None:
    base(fake_app)
    assert "contradictoires" not in fake_app.answer("alice", CHANNEL, "statut").text
    record(fake_app, {"fuite.averee": "non", "donnees.origine_si": "oui"})
    text = fake_app.answer("alice", CHANNEL, "statut").text
    assert "contradictoires" in text
    assert "`fuite.averee` et `donnees.origine_si` ne peuvent pas être vrais ensemble" in text


def test_a_name_kept_confidential_never_reaches_a_text(fake_app: Application) -> None:
    base(fake_app)
    record(fake_app, {"confidentiel.noms": "LockBit, Cabinet Dupont"}, verify=False)
    record(fake_app, {"enquete.experts": "le Cabinet Dupont, prestataire qualifié"})
    text = refusal(fake_app, "communique")
    assert "`enquete.experts` reprend la valeur de `confidentiel.noms`, que la cellule ne" in text
    assert "Dupont" not in text
    record(fake_app, {"enquete.experts": "un prestataire qualifié"})
    assert "un prestataire qualifié" in draft_text(fake_app, "communique")
