"""The administration commands, as an operator runs them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.e2e.program import crisisbot

SETUP = (
    "ouvrir Test\nrole @bob dpo\nfait fuite.averee = non\nverifier fuite.averee\n"
    "fait personnes.nombre = 12\n"
)


def test_audit_verify_fails_with_the_first_broken_event_after_a_direct_edit(tmp_path: Path) -> None:
    crisisbot(tmp_path, "console", "--user", "alice", stdin=SETUP)
    ok = crisisbot(tmp_path, "audit", "verify")
    assert ok.returncode == 0 and "OK" in ok.stdout
    with sqlite3.connect(tmp_path / "crisisbot.db") as conn:
        conn.execute("update events set subject = 'autre' where seq = 4")
    broken = crisisbot(tmp_path, "audit", "verify")
    assert broken.returncode == 1
    assert "chaîne rompue à l'événement n° 4" in broken.stdout


def test_registre_export_in_three_formats(tmp_path: Path) -> None:
    crisisbot(tmp_path, "console", "--user", "alice", stdin=SETUP)
    md = crisisbot(tmp_path, "registre", "export", "--format", "md")
    assert "| Nature de la violation | violation écartée à ce jour |" in md.stdout
    data = json.loads(crisisbot(tmp_path, "registre", "export", "--format", "json").stdout)
    assert data[0]["champs"][0] == {
        "champ": "Nature de la violation",
        "valeur": "violation écartée à ce jour",
        "manquant": [],
    }
    csv = crisisbot(tmp_path, "registre", "export", "--format", "csv").stdout
    assert csv.splitlines()[0] == "canal,crise,champ,valeur,faits manquants"
    assert crisisbot(tmp_path, "registre", "export", "--format", "pdf").returncode == 2


def test_purge_asks_for_confirmation_and_keeps_a_summary(tmp_path: Path) -> None:
    crisisbot(tmp_path, "console", "--user", "alice", stdin=SETUP + "clore revendication écartée\n")
    cancelled = crisisbot(tmp_path, "purge", "--before", "2100-01-01", stdin="n\n")
    assert cancelled.returncode == 1 and "rien n'a été supprimé" in cancelled.stdout
    done = crisisbot(tmp_path, "purge", "--before", "2100-01-01", stdin="o\n")
    assert done.returncode == 0, done.stderr
    assert "Purgée : console « Test » — résumé conservé" in done.stdout
    again = crisisbot(tmp_path, "purge", "--before", "2100-01-01", "--yes")
    assert "rien à purger" in again.stdout
