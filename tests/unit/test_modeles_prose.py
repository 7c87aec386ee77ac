"""Every modèle reads as a press officer would sign it: names agree, values sit in their
sentences, and the exported document has the structure its marks give."""

from __future__ import annotations

import itertools
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from docx import Document

from bot.catalog import load_catalog
from bot.domain.model import Fact, FactStatus
from bot.domain.values import ValueType
from bot.drafting.document import parse, readable
from bot.drafting.export import to_docx
from bot.drafting.names import load_grammar, nom
from bot.drafting.render import Drafter

MESSAGES = Path(__file__).resolve().parents[2] / "messages"
TZ = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 1, 13, 10, 0, tzinfo=TZ)
CATALOG = load_catalog(MESSAGES)
DRAFTER = Drafter(MESSAGES, TZ)
BREACH = {
    "groupe.nom": "Groupe Santé Horizon",
    "incident.connu_le": "2026-01-11T09:15+01:00",
    "revendication.date": "2026-01-10",
    "revendication.source": "Un forum de revente de données..",
    "fuite.averee": "oui",
    "exfiltration.trace": "oui",
    "donnees.origine_si": "oui",
    "donnees.categories": "Noms, prénoms, dates de naissance..",
    "personnes.nombre": "1250",
    "consequences.probables": "Risque d'hameçonnage ciblé !.",
    "mesures.prises": "Les accès ont été coupés.\nLes mots de passe ont été changés.",
    "enquete.experts": "Des experts en cybersécurité",
    "cert_sante.signale_le": "2026-01-11",
    "cnil.notifiee_le": "2026-01-12",
    "plainte.deposee_le": "2026-01-12",
    "patients.informes_le": "2026-01-13",
    "soins.continus": "oui",
    "dpo.contact": "dpo@etablissement.example",
    "presse.contact": "Service communication, 03 84 00 00 00",
}
CLAIM = {
    k: BREACH[k]
    for k in ("groupe.nom", "incident.connu_le", "revendication.date", "revendication.source",
              "enquete.experts", "cert_sante.signale_le", "dpo.contact", "presse.contact")
}  # fmt: skip
CLAIM.update({"fuite.averee": "non", "exfiltration.trace": "non"})
# name, city: the subject, « de », « à » forms, a verb and a pronoun as they must read.
NAMES = {
    "Hospices civils de Lyon": ("le havre", "Les Hospices civils de Lyon", "des Hospices civils de Lyon", "au Havre", "ont", "ils ont"),
    "Institut Curie": ("paris", "L'Institut Curie", "de l'Institut Curie", "à Paris", "a", "il a"),
    "CHU de Rennes": ("rennes", "Le CHU de Rennes", "du CHU de Rennes", "à Rennes", "a", "il a"),
    "Clinique des Tilleuls": ("les sables-d'olonne", "La Clinique des Tilleuls", "de la Clinique des Tilleuls", "aux Sables-d'Olonne", "a", "elle a"),
}  # fmt: skip
HEADINGS = {"titre": "Title", "titraille": "Heading 1", "intertitre": "Heading 2"}


def holds_city(name: str) -> bool:
    return NAMES[name][0].lower() in name.lower()


def facts(name: str, base: dict[str, str]) -> list[Fact]:
    values = {"etablissement.nom": name, "etablissement.ville": NAMES[name][0], **base}
    return [
        Fact(1, k, v, CATALOG.key_types.get(k, ValueType.TEXTE), FactStatus.VERIFIE,
             None, None, 1, "test", NOW)
        for k, v in values.items()
    ]  # fmt: skip


def draft(model: str, name: str, base: dict[str, str] = BREACH) -> str:
    return DRAFTER.render(CATALOG.models[model], facts(name, base), NOW).text


def flat(text: str) -> str:
    return readable(text).replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("name", sorted(NAMES))
def test_the_press_release_names_the_establishment_in_agreed_forms(name: str) -> None:
    _, sujet, de, au, a, _ = NAMES[name]
    inside = sujet[:1].lower() + sujet[1:]
    verb = "ont eu" if a == "ont" else "a eu"
    claim = flat(draft("communique", name, CLAIM))
    assert (
        f"Revendication d'un vol de données : {inside} {'mènent' if a == 'ont' else 'mène'} des vérifications"
        in claim
    )
    assert (
        f"Le 11 janvier 2026, {inside} {verb} connaissance de messages, datés du 10 janvier 2026, dans"
        in claim
    )
    where = "" if holds_city(name) else f" situé {au}"
    assert (
        f"{sujet}, membre du Groupe Santé Horizon, {'sont' if a == 'ont' else 'est'} un établissement de santé{where}."
        in claim
    )
    breach = flat(draft("communique", name))
    assert f"se réclamant {de} :" in breach
    assert (
        "Le 12 janvier 2026, nous avons notifié l'incident à la Commission nationale de l'informatique et des libertés (CNIL) et déposé plainte."
        in breach
    )
    assert breach.index("signalé l'incident au CERT Santé") < breach.index("notifié l'incident")
    assert "Nous avons fait appel à des experts en cybersécurité pour établir" in breach
    assert "Elle concerne les données suivantes : noms, prénoms, dates de naissance. " in breach
    assert (
        "Nous avons pris les mesures suivantes : les accès ont été coupés ; les mots de passe ont été changés."
        in breach
    )
    assert "La prise en charge de nos patients se poursuit normalement." in breach
    assert "l'établissement" not in breach


@pytest.mark.parametrize("name", sorted(NAMES))
def test_the_patient_letter_names_and_signs_for_the_establishment(name: str) -> None:
    _, sujet, de, _, _, _ = NAMES[name]
    text = flat(draft("patients", name))
    inside = sujet[:1].lower() + sujet[1:]
    assert text.startswith(
        sujet.split(" ", 1)[1] if sujet.startswith(("Les ", "Le ", "La ")) else sujet[2:]
    )
    assert "a été établie au sein de nos systèmes d'information" in text
    assert f"en se faisant passer pour {inside}, votre banque" in text
    assert text.rstrip().endswith(f"La direction {de}")
    assert "Risque d'hameçonnage ciblé." in text and "!." not in text and ".." not in text


@pytest.mark.parametrize("name", sorted(NAMES))
def test_filings_are_told_in_the_active_voice_by_the_establishment(name: str) -> None:
    _, sujet, de, au, a, pronoun = NAMES[name]
    inside = sujet[:1].lower() + sujet[1:]
    for model in ("cnil", "signalement"):
        text = flat(draft(model, name))
        assert "a été notifiée" not in text and "ont été informées" not in text
        assert "(Groupe Santé Horizon)" not in text
        if holds_city(name):
            assert f"{sujet}, membre du Groupe Santé Horizon.\n" in text
        else:
            assert f"{sujet}, membre du Groupe Santé Horizon, situ" in text and au in text
    cnil = flat(draft("cnil", name))
    assert (
        f"Le 11 janvier 2026, {inside} {a} signalé l'incident au CERT Santé. Le 12 janvier 2026, {pronoun} déposé plainte."
        in cnil
    )
    assert f"{sujet} {a} informé les personnes concernées le 13 janvier 2026." in cnil
    for model in ("attente", "interne", "elements"):
        assert de in flat(draft(model, name, CLAIM)).split("\n")[0]


def test_no_text_repeats_the_establishment_or_doubles_the_experts() -> None:
    for model in CATALOG.models:
        base = CLAIM if model != "patients" else BREACH
        for name in NAMES:
            text = flat(draft(model, name, base))
            assert text.lower().count("l'établissement") <= 1, (model, name)
            assert "(des experts" not in text.lower(), (model, name)
            assert "chargé d" not in text, (model, name)


def styles(text: str, path: Path) -> list[tuple[str, str]]:
    to_docx(text, path, published=True)
    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs]


@pytest.mark.parametrize("model", sorted(CATALOG.models))
def test_the_docx_has_a_title_and_headings_where_the_modele_marks_them(
    model: str, tmp_path: Path
) -> None:
    text = draft(model, "Hospices civils de Lyon", CLAIM if model != "patients" else BREACH)
    found = styles(text, tmp_path / f"{model}.docx")
    blocks = parse(text)
    wanted = [(HEADINGS[b.kind], b.text) for b in blocks if b.kind in HEADINGS]
    assert [(s, t) for s, t in found if s in HEADINGS.values()] == wanted
    assert sum(1 for s, _ in found if s == "Title") == 1
    assert all("\n" not in b.text for b in blocks if b.kind in HEADINGS)
    assert ("Normal", "Madame, Monsieur,") in found or model != "patients"


def test_the_press_release_docx_reads_as_a_press_release(tmp_path: Path) -> None:
    found = styles(draft("communique", "Hospices civils de Lyon", CLAIM), tmp_path / "c.docx")
    assert found[0] == ("Title", "Communiqué de presse")
    assert found[1][1] == "Le Havre, le 13 janvier 2026"
    assert found[2][0] == "Heading 1"
    assert found[2][1].startswith("Revendication d'un vol de données")
    assert found[3][1].startswith("Le 11 janvier 2026, les Hospices civils de Lyon ont eu")
    assert ("Heading 2", "À propos") in found
    assert found[-1] == ("Normal", "Contact presse\u00a0: Service communication, 03 84 00 00 00")
    chapo = Document(str(tmp_path / "c.docx")).paragraphs[3]
    assert chapo.runs[0].bold


def test_the_patient_letter_docx_has_its_sections(tmp_path: Path) -> None:
    found = styles(draft("patients", "Clinique des Tilleuls"), tmp_path / "p.docx")
    names = [t for s, t in found if s == "Heading 2"]
    assert names == [
        "Ce que cela peut entraîner pour vous",
        "Ce que nous avons fait",
        "Ce que nous vous recommandons",
        "Vos droits et vos interlocuteurs",
    ]
    assert (
        "Title",
        "Information des personnes concernées par une violation de données personnelles",
    ) in found
    assert found[-1] == ("Normal", "La direction de la Clinique des Tilleuls")
    assert sum(1 for s, _ in found if s == "List Bullet") == 4


def test_talking_points_answer_both_halves_of_each_question() -> None:
    pending = {
        k: v
        for k, v in BREACH.items()
        if k not in ("plainte.deposee_le", "patients.informes_le", "cnil.notifiee_le")
    }
    text = flat(draft("elements", "CHU de Rennes", pending))
    authors = text.split("Avez-vous porté plainte ?")[1].split("?")[0]
    assert "suites judiciaires" in authors
    patients = text.split("Seront-ils prévenus ?")[1]
    assert "prévoit d'informer individuellement les personnes concernées" in patients.split("?")[0]
    done = flat(draft("elements", "CHU de Rennes"))
    assert "Nous avons déposé plainte le 12 janvier 2026" in done
    assert "suites judiciaires" not in done and "prévoit d'informer" not in done
    assert "informé les personnes concernées le 13 janvier 2026" in done


def test_the_patient_letter_says_what_caused_the_breach_in_a_sentence() -> None:
    text = flat(draft("patients", "CHU de Rennes", {**BREACH, "incident.cause": "un compte volé"}))
    assert "Cette violation a pour origine un compte volé." in text


# name, city: whether the name already holds the city, so that no text names it twice
def nom_ville(city: str) -> str:
    return nom(city, load_grammar(MESSAGES), ville=True).au


CITY_IN_NAME = [
    ("le Centre hospitalier de Vernon", "Vernon", True),
    ("les Hospices civils de Lyon", "lyon", True),
    ("le CHU de Rennes", "Rennes", True),
    ("le Groupe hospitalier du Havre", "Le Havre", True),
    ("le Centre hospitalier des Sables-d'Olonne", "les sables-d'olonne", True),
    ("l'Institut Curie", "Paris", False),
    ("l'Hôpital Foch", "Suresnes", False),
    ("la Clinique des Tilleuls", "Le Havre", False),
    ("la Clinique du Parc", "Les Sables-d'Olonne", False),
]


@pytest.mark.parametrize(("name", "city", "holds"), CITY_IN_NAME)
@pytest.mark.parametrize("base", [CLAIM, BREACH], ids=["revendication", "fuite"])
def test_the_city_is_named_once_when_the_name_already_holds_it(
    name: str, city: str, holds: bool, base: dict[str, str]
) -> None:
    values = {"etablissement.nom": name, "etablissement.ville": city, **base}
    values.pop("groupe.nom")
    registre = [
        Fact(1, k, v, CATALOG.key_types.get(k, ValueType.TEXTE), FactStatus.VERIFIE,
             None, None, 1, "test", NOW)
        for k, v in values.items()
    ]  # fmt: skip
    for model in ("communique", "cnil", "signalement"):
        text = flat(DRAFTER.render(CATALOG.models[model], registre, NOW).text)
        lines = text.split("\n")
        body = [ln for ln in lines if ", le " not in ln or not ln.endswith("2026")]
        said = [ln for ln in body if "situé" in ln]
        if holds:
            assert not said, (model, said)
        else:
            assert len(said) == 1 and said[0].endswith(f"{nom_ville(city)}."), (model, said)


def coherent(fuite: str | None, trace: str | None, origine: str | None) -> bool:
    """States a crisis goes through: traces of exfiltration or data from our systems with the
    breach ruled out, or traces with data from elsewhere, are left to the coherence checks."""
    if trace == "oui" and (fuite == "non" or origine == "non"):
        return False
    return not (fuite == "non" and origine == "oui")


STATES = [s for s in itertools.product(("oui", "non", None), repeat=3) if coherent(*s) and any(s)]


@pytest.mark.parametrize("name", ["Institut Curie", "Hospices civils de Lyon"])
@pytest.mark.parametrize(
    "model", ["communique", "attente", "interne", "elements", "cnil", "signalement"]
)
def test_the_state_of_knowledge_names_our_systems_once_per_paragraph(model: str, name: str) -> None:
    """« Des traces d'exfiltration … dans nos systèmes d'information. Les analyses ont établi
    que les données en cause proviennent de nos systèmes d'information. »: the findings on the
    same systems are said in one sentence."""
    keys = ("fuite.averee", "exfiltration.trace", "donnees.origine_si")
    base = {k: v for k, v in BREACH.items() if k not in keys}
    for state in STATES:
        values = {**base, **{k: v for k, v in zip(keys, state, strict=True) if v}}
        text = flat(draft(model, name, values))
        for line in text.split("\n"):
            assert line.count("nos systèmes") <= 1, (model, state, line)
            assert line.count("À ce jour") + line.count("à ce jour") <= 1, (model, state, line)


@pytest.mark.parametrize("name", sorted(NAMES))
@pytest.mark.parametrize("model", ["cnil", "signalement"])
@pytest.mark.parametrize("experts", [True, False])
def test_measures_under_evaluation_never_precede_a_measure_taken(
    model: str, name: str, experts: bool
) -> None:
    """« En cours d'évaluation. L'Institut Curie a confié l'enquête technique… »: a measure
    taken is said first, and what remains to assess is named as the rest."""
    values = {k: v for k, v in CLAIM.items() if experts or k != "enquete.experts"}
    text = flat(draft(model, name, values))
    section = text.split("Mesures prises")[1].split("\n\n")[1]
    if experts:
        assert "l'enquête technique à des experts en cybersécurité." in section
        assert section.endswith("Autres mesures : en cours d'évaluation."), section
        assert not section.startswith("En cours d'évaluation"), section
    else:
        assert section == "En cours d'évaluation.", section


@pytest.mark.parametrize(("paid", "answer"), [
    ("non", "Avez-vous payé une rançon ?\nNon, aucune rançon n'a été versée."),
    ("oui", "Réponse à arrêter avec la direction : le registre indique qu'une rançon a été"),
    (None, "Réponse à arrêter avec la direction : le registre ne dit pas si une rançon a été"),
])  # fmt: skip
def test_talking_points_answer_the_ransom_question_only_from_the_register(
    paid: str | None, answer: str
) -> None:
    base = {**BREACH, "rancon.payee": paid} if paid else BREACH
    text = flat(draft("elements", "Institut Curie", base))
    assert answer in text
    assert ("Non, aucune rançon" in text) is (paid == "non")
