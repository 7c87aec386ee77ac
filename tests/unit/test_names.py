"""Names of establishments, groups and cities agree: article, gender, number, elision."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.drafting.names import load_grammar, nom

GRAMMAR = load_grammar(Path(__file__).resolve().parents[2] / "messages")

# typed name → inside a sentence, start of a sentence, after « de », after « à »
ESTABLISHMENTS = [
    ("Hôpital privé de la Miotte", "l'Hôpital privé de la Miotte",
     "L'Hôpital privé de la Miotte", "de l'Hôpital privé de la Miotte",
     "à l'Hôpital privé de la Miotte"),
    ("L'Hôpital privé de la Miotte", "l'Hôpital privé de la Miotte",
     "L'Hôpital privé de la Miotte", "de l'Hôpital privé de la Miotte",
     "à l'Hôpital privé de la Miotte"),
    ("Les Hospices civils de Lyon", "les Hospices civils de Lyon",
     "Les Hospices civils de Lyon", "des Hospices civils de Lyon", "aux Hospices civils de Lyon"),
    ("Hospices civils de Lyon", "les Hospices civils de Lyon",
     "Les Hospices civils de Lyon", "des Hospices civils de Lyon", "aux Hospices civils de Lyon"),
    ("Institut Curie", "l'Institut Curie", "L'Institut Curie", "de l'Institut Curie",
     "à l'Institut Curie"),
    ("Centre hospitalier de Cannes", "le Centre hospitalier de Cannes",
     "Le Centre hospitalier de Cannes", "du Centre hospitalier de Cannes",
     "au Centre hospitalier de Cannes"),
    ("centre hospitalier d'Armentières", "le Centre hospitalier d'Armentières",
     "Le Centre hospitalier d'Armentières", "du Centre hospitalier d'Armentières",
     "au Centre hospitalier d'Armentières"),
    ("Clinique des Mésanges", "la Clinique des Mésanges", "La Clinique des Mésanges",
     "de la Clinique des Mésanges", "à la Clinique des Mésanges"),
    ("la Clinique des Mésanges", "la Clinique des Mésanges", "La Clinique des Mésanges",
     "de la Clinique des Mésanges", "à la Clinique des Mésanges"),
    ("La Clinique des Mésanges", "la Clinique des Mésanges", "La Clinique des Mésanges",
     "de la Clinique des Mésanges", "à la Clinique des Mésanges"),
    ("CHU de Rouen", "le CHU de Rouen", "Le CHU de Rouen", "du CHU de Rouen", "au CHU de Rouen"),
    ("Polyclinique du Parc", "la Polyclinique du Parc", "La Polyclinique du Parc",
     "de la Polyclinique du Parc", "à la Polyclinique du Parc"),
    ("Groupe hospitalier Sud Île-de-France", "le Groupe hospitalier Sud Île-de-France",
     "Le Groupe hospitalier Sud Île-de-France", "du Groupe hospitalier Sud Île-de-France",
     "au Groupe hospitalier Sud Île-de-France"),
    ("GHT Nord Franche-Comté", "le GHT Nord Franche-Comté", "Le GHT Nord Franche-Comté",
     "du GHT Nord Franche-Comté", "au GHT Nord Franche-Comté"),
    ("Maison de santé des Vosges", "la Maison de santé des Vosges",
     "La Maison de santé des Vosges", "de la Maison de santé des Vosges",
     "à la Maison de santé des Vosges"),
    ("Hôpitaux universitaires de Strasbourg", "les Hôpitaux universitaires de Strasbourg",
     "Les Hôpitaux universitaires de Strasbourg", "des Hôpitaux universitaires de Strasbourg",
     "aux Hôpitaux universitaires de Strasbourg"),
    ("AP-HP", "l'AP-HP", "L'AP-HP", "de l'AP-HP", "à l'AP-HP"),
    ("EHPAD Les Tilleuls", "l'EHPAD Les Tilleuls", "L'EHPAD Les Tilleuls",
     "de l'EHPAD Les Tilleuls", "à l'EHPAD Les Tilleuls"),
    ("Elsan", "Elsan", "Elsan", "d'Elsan", "à Elsan"),
    ("Ramsay Santé", "Ramsay Santé", "Ramsay Santé", "de Ramsay Santé", "à Ramsay Santé"),
]  # fmt: skip

CITIES = [
    ("Belfort", "Belfort", "de Belfort", "à Belfort"),
    ("le havre", "Le Havre", "du Havre", "au Havre"),
    ("Le Havre", "Le Havre", "du Havre", "au Havre"),
    ("le Havre", "Le Havre", "du Havre", "au Havre"),
    ("les sables-d'olonne", "Les Sables-d'Olonne", "des Sables-d'Olonne", "aux Sables-d'Olonne"),
    ("la rochelle", "La Rochelle", "de La Rochelle", "à La Rochelle"),
    ("Le Mans", "Le Mans", "du Mans", "au Mans"),
    ("Arles", "Arles", "d'Arles", "à Arles"),
    ("Orléans", "Orléans", "d'Orléans", "à Orléans"),
    ("Haguenau", "Haguenau", "de Haguenau", "à Haguenau"),
    ("saint-étienne", "Saint-Étienne", "de Saint-Étienne", "à Saint-Étienne"),
    ("aix-en-provence", "Aix-en-Provence", "d'Aix-en-Provence", "à Aix-en-Provence"),
    ("l'isle-adam", "L'Isle-Adam", "de L'Isle-Adam", "à L'Isle-Adam"),
    ("villeneuve-d'ascq", "Villeneuve-d'Ascq", "de Villeneuve-d'Ascq", "à Villeneuve-d'Ascq"),
    ("BELFORT", "Belfort", "de Belfort", "à Belfort"),
]


@pytest.mark.parametrize(("typed", "inside", "start", "of", "to"), ESTABLISHMENTS)
def test_establishment_names_take_their_article(
    typed: str, inside: str, start: str, of: str, to: str
) -> None:
    name = nom(typed, GRAMMAR)
    assert (str(name), name.sujet, name.de, name.au) == (inside, start, of, to)


@pytest.mark.parametrize(("typed", "shown", "of", "to"), CITIES)
def test_city_names_keep_their_article_and_contract_it(
    typed: str, shown: str, of: str, to: str
) -> None:
    city = nom(typed, GRAMMAR, ville=True)
    assert (str(city), city.sujet, city.de, city.au) == (shown, shown, of, to)


@pytest.mark.parametrize(
    ("typed", "phrase", "agreed"),
    [
        ("Les Hospices civils de Lyon", "a eu connaissance", "ont eu connaissance"),
        ("Hôpital privé de la Miotte", "a eu connaissance", "a eu connaissance"),
        ("Hospices civils de Lyon", "mène des vérifications", "mènent des vérifications"),
        ("Hospices civils de Lyon", "ne commentera pas", "ne commenteront pas"),
        ("Hospices civils de Lyon", "est situé", "sont situés"),
        ("Clinique des Mésanges", "est situé", "est située"),
        ("Cliniques du Sud", "a été informé", "ont été informées"),
        ("Centre hospitalier de Cannes", "est situé", "est situé"),
        ("Clinique des Tilleuls", "est", "est"),
        ("Hospices civils de Lyon", "est", "sont"),
    ],
)
def test_verbs_and_participles_agree_with_the_name(typed: str, phrase: str, agreed: str) -> None:
    assert nom(typed, GRAMMAR).verbe(phrase) == agreed


def test_agreement_by_number_and_gender() -> None:
    hospices = nom("Hospices civils de Lyon", GRAMMAR)
    clinique = nom("Clinique des Mésanges", GRAMMAR)
    assert hospices.accord("a", "ont") == "ont"
    assert clinique.accord("a", "ont") == "a"
    assert clinique.participe("informé") == "informée"
    assert hospices.participe("informé") == "informés"
    assert clinique.accord("situé", "situés", "située", "situées") == "située"


def test_an_article_typed_in_capitals_is_lowered_inside_a_sentence() -> None:
    name = nom("L'Hôpital des Tilleuls", GRAMMAR)
    assert f"La direction {name.de}" == "La direction de l'Hôpital des Tilleuls"


def test_facts_settle_a_name_the_grammar_does_not_know() -> None:
    unknown = nom("Miotte", GRAMMAR)
    assert not unknown.reconnu and unknown.de == "de Miotte"
    settled = nom("Miotte", GRAMMAR, article="la", genre="féminin")
    assert settled.reconnu
    assert (settled.sujet, settled.de, settled.au) == ("La Miotte", "de la Miotte", "à la Miotte")
    assert settled.participe("informé") == "informée"
    plural = nom("Cliniques Saint-Joseph", GRAMMAR, nombre="pluriel")
    assert plural.verbe("a eu") == "ont eu" and plural.de == "des Cliniques Saint-Joseph"
    none = nom("Centre Léon Bérard", GRAMMAR, article="aucun")
    assert none.de == "de Centre Léon Bérard"


def test_a_group_in_apposition_is_printed_as_typed() -> None:
    group = nom("Groupe Santé Horizon", GRAMMAR, apposition=True)
    assert str(group) == "Groupe Santé Horizon"
    assert group.de == "du Groupe Santé Horizon" and group.sujet == "Le Groupe Santé Horizon"


@pytest.mark.parametrize(
    ("typed", "city", "holds"),
    [
        ("le Centre hospitalier de Vernon", "Vernon", True),
        ("les Hospices civils de Lyon", "lyon", True),
        ("le CHU de Rennes", "RENNES", True),
        ("le Groupe hospitalier du Havre", "Le Havre", True),
        ("le Groupe hospitalier du Havre", "le havre", True),
        ("le Centre hospitalier des Sables-d'Olonne", "les sables-d'olonne", True),
        ("le Centre hospitalier des Sables-d’Olonne", "Les Sables-d'Olonne", True),
        ("le CHU de Saint-Etienne", "Saint-Étienne", True),
        ("l'Institut Curie", "Paris", False),
        ("l'Hôpital Foch", "Suresnes", False),
        ("la Clinique des Tilleuls", "Le Havre", False),
        ("la Clinique des Tilleuls", "Les Tilleuls-sur-Mer", False),
        ("le CHU de Saint-Étienne", "Saint-Priest-en-Jarez", False),
        ("la Clinique de Paulmy", "Pau", False),
        ("le Centre hospitalier de Saint-Malo", "Malo-les-Bains", False),
    ],
)
def test_a_name_knows_whether_it_already_holds_the_city(typed: str, city: str, holds: bool) -> None:
    name = nom(typed, GRAMMAR)
    assert name.contient(nom(city, GRAMMAR, ville=True)) is holds
    assert name.contient(city) is holds
