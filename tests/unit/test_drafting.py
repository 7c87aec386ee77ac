"""Drafts say only what is verified, in the wording its status calls for."""

from __future__ import annotations

import pytest

from bot.bootstrap import Application
from bot.clock import FixedClock
from bot.domain.model import FactStatus
from bot.drafting.document import Block, parse, readable
from tests.fakes import FakeRepository

CHANNEL = "C1"

ALL_FACTS = {
    "etablissement.nom": "l'Hôpital des Tilleuls",
    "etablissement.ville": "Vesoul",
    "groupe.nom": "Groupe Santé Horizon",
    "incident.connu_le": "11/01/2026 09:15",
    "revendication.date": "10/01/2026",
    "revendication.source": "un forum de revente de données",
    "fuite.averee": "oui",
    "exfiltration.trace": "oui",
    "donnees.origine_si": "oui",
    "donnees.categories": "noms, prénoms, dates de consultation",
    "personnes.nombre": "1250",
    "cnil.notifiee_le": "12/01/2026",
    "plainte.deposee_le": "12/01/2026",
    "cert_sante.signale_le": "11/01/2026",
    "enquete.experts": "un prestataire qualifié PRIS",
    "mesures.prises": "réinitialisation des accès et surveillance renforcée des serveurs",
    "consequences.probables": "un risque d'hameçonnage ciblé",
    "dpo.contact": "dpo@tilleuls.example",
    "presse.contact": "Service communication, 03 84 00 00 00",
}
MODELS = ["communique", "attente", "patients", "cnil", "interne", "elements"]


def cell(app: Application) -> None:
    for line in ("ouvrir Fuite présumée", "role @bob dpo", "role @dir direction",
                 "role @jur juridique", "role @com communication"):  # fmt: skip
        assert not app.answer("alice", CHANNEL, line).error


def record(app: Application, facts: dict[str, str], verify: bool = True) -> None:
    for key, value in facts.items():
        answer = app.answer("alice", CHANNEL, f"fait {key} = {value}")
        assert not answer.error, answer.text
        if verify:
            assert not app.answer("bob", CHANNEL, f"verifier {key}").error


def draft_text(app: Application, model: str, user: str = "com") -> str:
    answer = app.answer(user, CHANNEL, f"rediger {model}")
    assert not answer.error, answer.text
    return str(answer.reply.data["view"].draft.text)


@pytest.mark.parametrize("model", MODELS)
def test_every_template_renders_with_all_facts_verified(fake_app: Application, model: str) -> None:
    cell(fake_app)
    record(fake_app, ALL_FACTS)
    text = draft_text(fake_app, model)
    assert len(text) > 200
    assert "{{" not in text and "{%" not in text
    assert "None" not in text and "True" not in text


@pytest.mark.parametrize("model", ["communique", "attente", "cnil", "interne", "elements"])
def test_templates_render_with_the_fewest_facts_they_need(
    fake_app: Application, model: str
) -> None:
    cell(fake_app)
    record(fake_app, {k: ALL_FACTS[k] for k in ("etablissement.nom", "etablissement.ville",
                                                  "incident.connu_le", "dpo.contact")})  # fmt: skip
    text = draft_text(fake_app, model)
    assert "À ce stade, aucune preuve de fuite" in text or model == "cnil"


def test_the_press_release_has_the_shape_a_press_officer_expects(fake_app: Application) -> None:
    cell(fake_app)
    record(fake_app, ALL_FACTS)
    blocks = parse(draft_text(fake_app, "communique"))
    kinds = [b.kind for b in blocks]
    text = readable(draft_text(fake_app, "communique"))
    assert blocks[0] == Block("titre", "Communiqué de presse")
    assert blocks[1].kind == "lieu_date" and blocks[1].text.startswith("Vesoul, le ")
    assert blocks[2].kind == "titraille" and blocks[2].text.startswith("Fuite de données")
    assert blocks[3].kind == "chapo" and blocks[3].text.startswith("Le 11 janvier 2026, ")
    assert Block("intertitre", "À propos") in blocks and kinds[-2:] == ["apropos", "contact"]
    assert "1\u202f250 personnes" not in text
    assert "Contact presse\u00a0: Service communication" in text
    assert (
        "L'Hôpital des Tilleuls, membre du Groupe Santé Horizon, est un établissement de santé "
        "situé à Vesoul." in text
    )


def test_a_signale_value_never_appears_in_a_draft(fake_app: Application) -> None:
    cell(fake_app)
    keys = ("etablissement.nom", "etablissement.ville", "incident.connu_le", "dpo.contact")
    record(fake_app, {k: ALL_FACTS[k] for k in keys})
    claims = {
        "revendication.volume": "103 082",
        "revendication.source": "Forum-X",
        "enquete.experts": "Cabinet Secret",
        "fuite.averee": "oui",
    }
    record(fake_app, claims, verify=False)
    for model in ("communique", "attente", "interne", "elements", "cnil"):
        text = draft_text(fake_app, model)
        for hidden in ("103", "Forum-X", "Cabinet Secret"):
            assert hidden not in text, (model, hidden)
        assert "fuite de données a eu lieu" not in text


def test_wording_follows_the_status_of_facts(fake_app: Application) -> None:
    cell(fake_app)
    record(
        fake_app,
        {
            k: ALL_FACTS[k]
            for k in (
                "etablissement.nom", "etablissement.ville", "incident.connu_le",
                "revendication.date",
            )
        },
    )  # fmt: skip
    claimed = draft_text(fake_app, "communique")
    assert "À ce stade, aucune preuve de fuite ou d'accès non autorisé" in claimed
    assert "Revendication d'un vol de données" in claimed
    record(fake_app, {"exfiltration.trace": "non"})
    assert "aucune trace d'exfiltration de données n'a été identifiée" in draft_text(
        fake_app, "communique"
    )
    record(fake_app, {"fuite.averee": "oui", "donnees.categories": "noms et prénoms"})
    established = draft_text(fake_app, "communique")
    assert "Nos investigations ont établi qu'une fuite de données a eu lieu" in established
    assert "À ce stade, aucune preuve" not in established


def test_patient_notice_is_refused_until_breach_is_verified(fake_app: Application) -> None:
    cell(fake_app)
    record(fake_app, {k: ALL_FACTS[k] for k in ("donnees.categories", "consequences.probables",
                                                  "mesures.prises", "dpo.contact")})  # fmt: skip
    refused = fake_app.answer("com", CHANNEL, "rediger patients")
    assert refused.error and refused.reply.template == "model_refused"
    assert "art. 34" in refused.text and "fuite.averee" in refused.text
    record(fake_app, {"fuite.averee": "non"})
    assert fake_app.answer("com", CHANNEL, "rediger patients").error
    record(fake_app, {"fuite.averee": "oui"})
    text = draft_text(fake_app, "patients")
    for required in (
        "dpo@tilleuls.example",
        "hameçonnage",
        "saisissez vous-même",
        "Réinitialisation",
    ):
        assert required in text


def test_missing_facts_are_listed_with_how_to_provide_them(fake_app: Application) -> None:
    cell(fake_app)
    record(fake_app, {"etablissement.nom": "la Clinique"})
    record(fake_app, {"etablissement.ville": "Lure"}, verify=False)
    refused = fake_app.answer("com", CHANNEL, "rediger communique")
    assert refused.error and refused.reply.template == "missing_facts"
    assert "`etablissement.ville` est signalé" in refused.text
    assert "/crise verifier etablissement.ville" in refused.text
    assert "au moins un fait vérifié parmi" in refused.text


def test_user_text_is_inserted_as_text_never_evaluated(fake_app: Application) -> None:
    cell(fake_app)
    record(fake_app, {"etablissement.nom": "{{ 7*7 }} {% for x in range(3) %}x{% endfor %}"})
    text = draft_text(fake_app, "attente")
    assert "{{ 7*7 }}" in text and "49" not in text


def test_a_fact_not_in_french_is_flagged_in_the_draft_and_at_approval(
    fake_app: Application,
) -> None:
    cell(fake_app)
    record(
        fake_app,
        {
            k: ALL_FACTS[k]
            for k in ("etablissement.nom", "etablissement.ville", "incident.connu_le")
        },
    )
    record(
        fake_app, {"mesures.prises": "all passwords were reset and the servers are being monitored"}
    )
    drafted = fake_app.answer("com", CHANNEL, "rediger communique")
    assert "`mesures.prises` ne semble pas rédigé en français" in drafted.text
    approved = fake_app.answer("bob", CHANNEL, "approuver 1")
    assert approved.error
    assert "ne peut être ni approuvé ni publié" in approved.text
    assert "`mesures.prises`" in approved.text


def test_a_flagged_draft_is_never_published(fake_app: Application) -> None:
    cell(fake_app)
    record(fake_app, {k: ALL_FACTS[k] for k in ("etablissement.nom", "etablissement.ville")})
    record(fake_app, {"incident.connu_le": ALL_FACTS["incident.connu_le"]})
    record(fake_app, {"mesures.prises": "not yet"})
    assert not fake_app.answer("com", CHANNEL, "rediger communique").error
    for user in ("bob", "dir"):
        assert fake_app.answer(user, CHANNEL, "approuver 1").error
    published = fake_app.answer("com", CHANNEL, "publier 1")
    assert published.error and "ne peut être ni approuvé ni publié" in published.text


def test_french_with_darkweb_is_approved(fake_app: Application) -> None:
    cell(fake_app)
    record(fake_app, {k: ALL_FACTS[k] for k in ("etablissement.nom", "etablissement.ville")})
    record(fake_app, {"revendication.source": "un forum du darkweb"})
    drafted = fake_app.answer("com", CHANNEL, "rediger communique")
    assert "français" not in drafted.text
    assert not fake_app.answer("bob", CHANNEL, "approuver 1").error


def test_names_agree_and_the_city_is_capitalised_in_a_draft(fake_app: Application) -> None:
    cell(fake_app)
    record(
        fake_app,
        {
            "etablissement.nom": "Hôpital privé de la Miotte",
            "etablissement.ville": "le havre",
            "incident.connu_le": "09/01/2026 10:00",
        },
    )
    text = draft_text(fake_app, "communique")
    assert "\n\n[[lieu_date]] Le Havre, le 12 janvier 2026\n\n" in text
    assert "L'Hôpital privé de la Miotte" in text
    assert "Hôpital privé de la Miotte mène" not in text.replace("l'Hôpital", "")
    notice = draft_text(fake_app, "attente")
    assert notice.startswith("[[titre]] Déclaration d'attente de l'Hôpital privé de la Miotte")


def test_a_name_the_grammar_cannot_settle_asks_for_its_article(fake_app: Application) -> None:
    cell(fake_app)
    record(fake_app, {"etablissement.nom": "Miotte"})
    drafted = fake_app.answer("com", CHANNEL, "rediger attente")
    assert "etablissement.article = le" in drafted.text
    record(fake_app, {"etablissement.article": "la"})
    drafted = fake_app.answer("com", CHANNEL, "rediger attente")
    assert "etablissement.article" not in drafted.text
    assert "Déclaration d'attente de la Miotte" in drafted.reply.data["view"].draft.text


def test_a_cnil_draft_later_than_72_hours_is_refused_until_the_reasons_are_verified(
    fake_app: Application, clock: FixedClock
) -> None:
    cell(fake_app)
    record(fake_app, {"incident.connu_le": "12/01/2026 08:00", "dpo.contact": "dpo@x.example"})
    assert "Motifs du retard" not in draft_text(fake_app, "cnil")
    clock.advance(hours=80)
    refused = fake_app.answer("com", CHANNEL, "rediger cnil")
    assert refused.error and refused.reply.template == "model_refused"
    assert (
        "article 33.1" in refused.text
        and "`cnil.motif_retard` n'est pas enregistré" in refused.text
    )
    assert "déclaration d'attente" not in refused.text
    record(fake_app, {"cnil.motif_retard": "analyse de l'échantillon revendiqué"}, verify=False)
    refused = fake_app.answer("com", CHANNEL, "rediger cnil")
    assert "`cnil.motif_retard` est signalé, non vérifié" in refused.text
    assert not fake_app.answer("bob", CHANNEL, "verifier cnil.motif_retard").error
    text = draft_text(fake_app, "cnil")
    assert "Motifs du retard\u00a0: analyse de l'échantillon revendiqué." in text


def test_the_patient_letter_is_refused_while_an_exemption_is_verified(
    fake_app: Application,
) -> None:
    cell(fake_app)
    record(fake_app, {k: ALL_FACTS[k] for k in ("donnees.categories", "consequences.probables",
                                                  "mesures.prises", "dpo.contact")})  # fmt: skip
    record(fake_app, {"fuite.averee": "oui", "patients.motif_non_information": "données chiffrées"})
    refused = fake_app.answer("com", CHANNEL, "rediger patients")
    assert refused.error and refused.reply.template == "model_refused"
    assert "article 34.3" in refused.text
    assert "`patients.motif_non_information` est vérifié" in refused.text
    fake_app.answer("bob", CHANNEL, "refuter patients.motif_non_information")
    record(fake_app, {"patients.ligne": "03 84 00 00 01"})
    assert "Une ligne téléphonique vous est dédiée\u00a0: 03 84 00 00 01." in draft_text(
        fake_app, "patients"
    )


def test_the_draft_keeps_the_versions_of_the_facts_it_used(
    fake_app: Application, fake_store: FakeRepository
) -> None:
    cell(fake_app)
    record(
        fake_app,
        {
            k: ALL_FACTS[k]
            for k in ("etablissement.nom", "etablissement.ville", "incident.connu_le")
        },
    )
    draft_text(fake_app, "communique")
    draft = next(iter(fake_store.draft_rows.values()))
    assert draft.facts_used["etablissement.nom"] == {
        "valeur": "l'Hôpital des Tilleuls",
        "version": 1,
    }
    assert draft.facts_used["fuite.averee"] == {"valeur": None, "version": 0}
    assert len(draft.text_hash) == 64
    assert all(f.status is FactStatus.VERIFIE for f in fake_store.fact_rows.values())


def test_once_the_breach_is_established_the_experts_measure_it(fake_app: Application) -> None:
    cell(fake_app)
    record(
        fake_app,
        {
            k: ALL_FACTS[k]
            for k in (
                "etablissement.nom", "etablissement.ville", "incident.connu_le",
                "enquete.experts",
            )
        },
    )  # fmt: skip
    assert "pour déterminer si une fuite a eu lieu" in draft_text(fake_app, "communique")
    record(fake_app, {"fuite.averee": "oui"})
    text = draft_text(fake_app, "communique")
    assert "pour établir comment la fuite s'est produite" in text
    assert "si une fuite a eu lieu" not in text
