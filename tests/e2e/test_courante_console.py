"""The main courante through the real ``crisisbot`` program, commands piped on stdin."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.program import crisisbot

pytestmark = pytest.mark.slow  # run by make test-all and CI, not by make test


def as_user(folder: Path, user: str, *lines: str) -> str:
    result = crisisbot(
        folder, "console", "--user", user, "--channel", "cellule", stdin="\n".join(lines) + "\n"
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def test_a_day_of_the_main_courante_in_the_console(tmp_path: Path) -> None:
    as_user(tmp_path, "alice", "ouvrir Revendication sur un forum", "role @bob dpo",
            "role @carol communication", "fait fuite.averee = non source: RSSI")  # fmt: skip
    decided = as_user(
        tmp_path, "bob", "connaissance 12/01/2026 08:00 motif: courriel du journaliste",
        "decision Pas de communiqué avant le rapport motif: prudence faits: fuite.averee",
        "depot cnil le 12/01/2026 ref: 2026-000123 note: accusé reçu", "echeances",
    )  # fmt: skip
    assert "la prise de connaissance est fixée au 12 janvier 2026 à 8 h" in decided
    assert "décidée par @bob" in decided
    assert "CNIL (initiale) le 12 janvier 2026 — réf. 2026-000123" in decided
    changed = as_user(tmp_path, "bob", "verifier fuite.averee preuve: rapport", "decisions")
    assert "À REVOIR : fuite.averee a changé depuis" in changed
    press = as_user(tmp_path, "carol", "presse L'Est / J. Martin / Combien de patients ?",
                    "presse")  # fmt: skip
    assert "n° 1 — L'Est, J. Martin : Combien de patients ?" in press
    points = as_user(tmp_path, "alice", "point toutes les 4h", "point")
    assert "Point de situation n° 1" in points and "Prochain point" in points
    assert "Hypothèses (faits signalés, non vérifiés) :" in points
    refused = as_user(tmp_path, "alice", "depot mairie", "presse Le Monde")
    assert refused.count("Exemple") == 2


def test_an_exercise_in_the_console_says_exercice(tmp_path: Path) -> None:
    out = as_user(tmp_path, "alice", "ouvrir --exercice Exercice annuel", "statut")
    assert out.count("EXERCICE") >= 2
