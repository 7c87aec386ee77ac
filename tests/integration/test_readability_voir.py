"""A letter to patients is shown with its readability check when drafted and in `voir`,
before anyone approves it; texts to others are not."""

from __future__ import annotations

from bot.bootstrap import Application

FACTS = [
    "fait etablissement.nom = la Clinique des Mésanges",
    "fait fuite.averee = oui",
    "fait donnees.categories = noms, adresses et dates de consultation",
    "fait consequences.probables = des messages frauduleux pourraient vous être adressés",
    "fait mesures.prises = fermeture du VPN et réinitialisation des comptes à privilèges",
    "fait dpo.contact = dpo@clinique-mesanges.fr",
    "fait incident.connu_le = hier 10:00",
]


def test_the_patient_letter_shows_its_readability_and_the_technical_words(
    sql_app: Application,
) -> None:
    assert not sql_app.answer("alice", "C1", "ouvrir Fuite").error
    for line in FACTS:
        assert not sql_app.answer("alice", "C1", line).error, line
        key = line.split()[1]
        assert not sql_app.answer("alice", "C1", f"verifier {key}").error, key
    drafted = sql_app.answer("alice", "C1", "rediger patients")
    assert not drafted.error, drafted.text
    assert "Lisibilité (texte aux patients) : indice de Kandel et Moles" in drafted.text
    shown = sql_app.answer("alice", "C1", "voir 1").text
    assert "Mot technique : « VPN » ; pour des patients, écrivez plutôt" in shown
    assert "« comptes à privilèges »" in shown
    assert shown.index("Lisibilité") < shown.index("———")
    holding = sql_app.answer("alice", "C1", "rediger attente")
    assert not holding.error and "Lisibilité" not in holding.text
    assert "Lisibilité" not in sql_app.answer("alice", "C1", "voir 2").text
