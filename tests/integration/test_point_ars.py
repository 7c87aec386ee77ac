"""The ARS situation point holds verified facts only: a value only reported never appears
in it, a verified one does, and what is not verified reads « en cours d'évaluation »; it is
approved like any text before it is published."""

from __future__ import annotations

import itertools

from bot.bootstrap import Application

BASE = [
    "fait etablissement.nom = la Clinique des Mésanges",
    "fait incident.connu_le = hier 10:00",
]
VALUES = {
    "incident.cause": "un accès distant mal protégé",
    "mesures.prises": "isolement des serveurs concernés",
    "donnees.categories": "noms et dates de consultation",
}


def test_only_verified_values_reach_the_ars_point(sql_app: Application) -> None:
    for number, verified in enumerate(itertools.product((False, True), repeat=len(VALUES))):
        channel = f"C{number}"
        assert not sql_app.answer("alice", channel, "ouvrir Fuite").error
        for line in BASE:
            assert not sql_app.answer("alice", channel, line).error
            assert not sql_app.answer("alice", channel, f"verifier {line.split()[1]}").error
        for (key, value), checked in zip(VALUES.items(), verified, strict=True):
            assert not sql_app.answer("alice", channel, f"fait {key} = {value}").error
            if checked:
                assert not sql_app.answer("alice", channel, f"verifier {key}").error
        drafted = sql_app.answer("alice", channel, "rediger point_ars")
        assert not drafted.error, drafted.text
        text = sql_app.answer("alice", channel, "voir 1").text.split("———")[1]
        for (key, value), checked in zip(VALUES.items(), verified, strict=True):
            shown = value[0].upper() + value[1:] if key == "mesures.prises" else value
            assert (shown in text) is checked, (key, checked, text)
        assert text.count("en cours d'évaluation") >= 1 + verified.count(False)
        assert "Clinique des Mésanges" in text


def test_the_ars_point_is_approved_before_it_is_published(sql_app: Application) -> None:
    assert not sql_app.answer("alice", "C1", "ouvrir Fuite").error
    for line in BASE:
        assert not sql_app.answer("alice", "C1", line).error
        assert not sql_app.answer("alice", "C1", f"verifier {line.split()[1]}").error
    assert not sql_app.answer("alice", "C1", "role @dir direction").error
    assert not sql_app.answer("alice", "C1", "rediger point_ars").error
    assert sql_app.answer("alice", "C1", "publier 1").error
    assert not sql_app.answer("dir", "C1", "approuver 1").error
    assert not sql_app.answer("alice", "C1", "publier 1").error
