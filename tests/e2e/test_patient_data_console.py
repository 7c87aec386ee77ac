"""Patient data typed in the console: refused, never stored, never echoed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.program import crisisbot
from tests.pii_corpus import shows

pytestmark = pytest.mark.slow  # run by make test-all and CI, not by make test

SECRETS = {
    "1\u00a085\u00a005\u00a078\u00a0006\u00a0084\u00a091": "185057800608491",
    "jean(at)gmail(dot)com": "jean@gmail.com",
    "+596 696 12 34 56": "696123456",
    "IPP nº 123456": "123456",
    "M. Jean Dupont, 03/03/1954": "03/03/1954",
    "０６ １１ ２２ ３３ ４４": "0611223344",
}


def console(folder: Path, *lines: str, channel: str = "cellule") -> str:
    stdin = "\n".join(lines) + "\n"
    result = crisisbot(folder, "console", "--user", "alice", "--channel", channel, stdin=stdin)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_patient_data_typed_in_the_console_is_refused_and_never_shown(tmp_path: Path) -> None:
    console(tmp_path, "ouvrir Revendication sur un forum", "question Qui appelle l'ARS ?")
    typed = [
        *(f"fait echantillon.note = {text}" for text in SECRETS),
        *(f"question Rappeler {text} ?" for text in SECRETS),
        *(f"repondre 1 {text}" for text in SECRETS),
        "fait patient.1850578006084 = oui",
        "fait personnes.nombre = 185 057 800 608 491",
        "question Qui rappelle ? @185057800608491",
        "fait dpo.contact = dpo@ch.fr ; patient jean.dupont@gmail.com 06 11 22 33 44",
    ]
    replies = console(tmp_path, *typed)
    assert replies.count("Refusé") == len(typed), replies
    assert "rien n'a été enregistré" in replies
    opened = console(tmp_path, *(f"ouvrir {text}" for text in SECRETS), channel="autre")
    assert opened.count("Refusé") == len(SECRETS), opened
    listings = console(tmp_path, "faits", "questions", "journal", "statut")
    assert "Qui appelle l'ARS ?" in listings and "Revendication sur un forum" in listings
    for secret in [*SECRETS.values(), "1850578006084", "jean.dupont@gmail.com"]:
        assert not shows(secret, replies + opened), secret
        assert not shows(secret, listings), secret
    assert "Aucune crise n'est ouverte" in console(tmp_path, "statut", channel="autre")
