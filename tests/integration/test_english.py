"""After ``langue en``, every reply is English: no French label in listings, draft views,
help or refusals. Only the drafted French texts (between the ——— lines), the breach register's
fields (named as the CNIL expects them) and the values people typed stay as they are."""

from __future__ import annotations

import re

from bot.bootstrap import Answer, Application
from bot.clock import FixedClock

FRENCH = [
    "vérifié",
    "vérifiés",
    "signalé",
    "signalés",
    "réfuté",
    "en attente",
    "approuvé",
    "approbation",
    "périmé",
    "ouverte",
    "ouvertes",
    "répondue",
    "pilote",
    "brouillon",
    "brouillons",
    "rôle",
    "Refusé",
    "Exemple",
    "Aucun",
    "Aucune",
    "Tapez",
    "Écrivez",
    "Donnez",
    "échéance",
    "échéances",
    "Votre",
    "en attente de la prise de connaissance",
    "à compléter",
    "Prochaines",
    "Registre",
    "publié",
    "rejeté",
    "modèle",
    "crise",
    "faits",
    "statut",
    "membre",
    "juridique",
    "rssi",
    "janvier",
    "heures",
    "retard",
    "manque",
    "il manque",
    "par",
    "le DPO ou",
    "n'est pas",
    "n'a pas",
    "d'abord",
]
FRENCH_WORD = re.compile(
    r"(?<![/\w])(?:" + "|".join(re.escape(w) for w in FRENCH) + r")(?!\w)", re.IGNORECASE
)
DRAFTED = re.compile(r"———.*?(?:———|\Z)", re.DOTALL)
CHANGE = re.compile(r"\[[−+] ")
QUOTED = re.compile(r"«[^»]*»")
# The stamp the French file carries, quoted as it is printed on the document.
STAMP = "« PROJET — non publié »"

# Values typed in these scenes hold none of the words above, so fact values need no special
# treatment; the crisis title and question texts likewise.
SCENE = [
    ("alice", "langue en"),
    ("bob", "langue en"),
    ("dir", "langue en"),
    ("carol", "langue en"),
    ("alice", "statut"),
    ("alice", "ouvrir Fuite présumée"),
    ("alice", "aide"),
    ("alice", "aide fait"),
    ("alice", "aide presse"),
    ("alice", "statut"),
    ("alice", "role @bob dpo"),
    ("alice", "role @dir direction"),
    ("alice", "role @carol communication"),
    ("alice", "fait etablissement.nom = la Clinique des Mésanges source: site web"),
    ("alice", "fait etablissement.ville = Nancy"),
    ("alice", "fait incident.connu_le = 10/01/2026 08:00"),
    ("alice", "fait fuite.averee = non"),
    ("alice", "fait revendication.date = 09/01/2026"),
    ("alice", "fait revendication.volume = 103 082"),
    ("alice", "fait donnees.categories = identité, coordonnées"),
    ("bob", "verifier etablissement.nom preuve: Kbis"),
    ("bob", "verifier etablissement.ville"),
    ("bob", "verifier incident.connu_le"),
    ("bob", "refuter fuite.averee"),
    ("bob", "verifier revendication.volume"),
    ("bob", "faits"),
    ("alice", "question Backups intact? @bob avant: 17h"),
    ("alice", "question Who calls the ARS? @carol avant: 12/01/2026 10:00"),
    ("bob", "repondre 1 Yes"),
    ("alice", "statut"),
    ("alice", "questions"),
    ("alice", "rediger attente"),
    ("alice", "rediger communique"),
    ("alice", "rediger elements"),
    ("alice", "brouillons"),
    ("alice", "voir 1"),
    ("alice", "voir 2"),
    ("alice", "exporter 2 md"),
    ("dir", "approuver 1"),
    ("alice", "publier 1"),
    ("alice", "exporter 1 txt"),
    ("alice", "diffuser 1 presse"),
    ("alice", "diffusions"),
    ("carol", "modifier 3\nLes pirates affirment détenir 200 000 dossiers."),
    ("carol", "voir 3"),
    ("carol", "comparer 3"),
    ("dir", "rejeter 3 trop long"),
    ("alice", "decision Pas de communiqué motif: attendre faits: fuite.averee"),
    ("alice", "connaissance 10/01/2026 08:00 motif: courriel"),
    ("alice", "depot cnil le 12/01/2026 ref: 2026-1"),
    ("alice", "presse Le Monde / Jeanne / Combien ? avant: 18h"),
    ("alice", "presse"),
    ("alice", "presse repondue 1 1"),
    ("alice", "point toutes les 4h"),
    ("alice", "point"),
    ("alice", "fait etablissement.nom = Clinique des Mésanges"),
    ("alice", "decisions"),
    ("alice", "brouillons"),
    ("alice", "voir 2"),
    ("alice", "rectifier 1"),
    ("alice", "echeances"),
    ("alice", "registre"),
    ("alice", "journal"),
    ("alice", "journal fuite.averee"),
    ("alice", "journal 1"),
    ("alice", "digest"),
    # Refusals.
    ("bob", "approuver 2"),
    ("bob", "role @carol dpo"),
    ("carol", "verifier etablissement.ville"),
    ("bob", "verifier inconnu.cle"),
    ("alice", "inconnue"),
    ("alice", "fait cnil.notifiee_le = 29/02/2025"),
    ("alice", "fait incident.debut = 01/01/0001 00:00"),
    ("alice", "fait revendication.volume = beaucoup"),
    ("alice", "fait patients.motif_non_information = NIR 1 60 02 75 123 456 78"),
    ("alice", "question Qui ? avant: 01/01/0001 00:00"),
    ("alice", "fait"),
    ("alice", "verifier"),
    ("alice", "refuter"),
    ("alice", "role"),
    ("alice", "role @bob chef"),
    ("alice", "question"),
    ("alice", "repondre"),
    ("alice", "repondre 99 oui"),
    ("alice", "voir"),
    ("alice", "voir 99"),
    ("alice", "approuver x"),
    ("alice", "rejeter 1"),
    ("alice", "publier"),
    ("alice", "exporter"),
    ("alice", "exporter 1 odt"),
    ("alice", "rediger"),
    ("alice", "rediger inconnu"),
    ("alice", "langue de"),
    ("alice", "clore"),
    ("alice", "decision"),
    ("alice", "connaissance"),
    ("alice", "depot"),
    ("alice", "presse x"),
    ("alice", "point tous"),
    ("alice", "comparer"),
    ("alice", "modifier"),
    ("alice", "accepter"),
    ("alice", "rectifier"),
    ("alice", "diffuser"),
    ("alice", "ouvrir Autre"),
]


def play(app: Application, clock: FixedClock) -> list[tuple[str, Answer]]:
    answers = []
    for user, line in SCENE:
        if line == "questions":
            clock.advance(hours=3)
        answers.append((line, app.answer(user, "C1", line)))
    return answers


def own(line: str) -> str:
    """The line without what it quotes of the drafted text: a row of the register's table or
    a change between two versions (``• [− …] [+ …]``) is dropped; a fact-check finding keeps
    its wording but not the words and sentence it quotes."""
    if line.startswith(("|", "• …")) or CHANGE.search(line):
        return ""
    if line.startswith(("⚠", "⛔", "✎")):  # a finding, a sentence someone wrote
        return QUOTED.sub("", line)
    return line


def readable(answer: Answer) -> str:
    """What the bot wrote itself, without the drafted texts."""
    text = DRAFTED.sub("", answer.text).replace(STAMP, "")
    return "\n".join(own(line) for line in text.splitlines())


def french_in(answers: list[tuple[str, Answer]]) -> list[tuple[str, str, str]]:
    found = []
    for line, answer in answers:
        for match in FRENCH_WORD.finditer(readable(answer)):
            found.append((line, answer.reply.template, match.group(0)))
    return found


def test_the_scene_covers_listings_drafts_and_refusals(
    sql_app: Application, clock: FixedClock
) -> None:
    answers = play(sql_app, clock)
    templates = {a.reply.template for _, a in answers}
    assert "internal" not in templates
    for shown in ("statut", "faits", "questions", "journal", "brouillons", "voir", "registre"):
        assert shown in templates, shown
    for refused in ("echeances", "aide", "role_required", "unknown_command", "invalid_date"):
        assert refused in templates, refused
    assert {"sensitive_data", "date_out_of_range", "unknown_role", "usage_fait"} <= templates
    assert sum(a.error for _, a in answers) >= 35


def test_english_replies_hold_no_french_label(sql_app: Application, clock: FixedClock) -> None:
    assert french_in(play(sql_app, clock)) == []


def test_the_same_scene_in_french_is_caught(sql_app: Application, clock: FixedClock) -> None:
    """The word list would see French: the scene without ``langue en`` is full of it."""
    answers = [
        (line, sql_app.answer(user, "C1", line))
        for user, line in SCENE
        if not line.startswith("langue")
    ]
    caught = {template for _, template, _ in french_in(answers)}
    assert {"statut", "faits", "brouillons", "voir", "role_required", "usage_fait"} <= caught
