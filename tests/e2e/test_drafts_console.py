"""A whole drafting cycle through the console program, then the exported files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Cm

from tests.e2e.program import crisisbot

pytestmark = pytest.mark.slow  # run by make test-all and CI, not by make test

SCRIPT = {
    "alice": [
        "ouvrir Revendication sur un forum",
        "role @bob dpo",
        "role @dir direction",
        "role @com communication",
        "fait etablissement.nom = la Clinique des Mésanges",
        "fait etablissement.ville = Lure",
        "fait incident.connu_le = 12/01/2026 09:15",
        "fait exfiltration.trace = non",
        "fait revendication.volume = 48 200 source: forum",
        "fait presse.contact = Service communication, 03 84 00 00 00",
        "verifier etablissement.nom",
        "verifier etablissement.ville",
        "verifier incident.connu_le",
        "verifier exfiltration.trace",
        "verifier presse.contact",
    ],
}


def run(tmp_path: Path, user: str, *lines: str) -> str:
    result = crisisbot(tmp_path, "console", "--user", user, "--channel", "cellule",
                       stdin="\n".join(lines) + "\n")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def test_draft_approve_publish_and_export_through_the_console(tmp_path: Path) -> None:
    run(tmp_path, "alice", *SCRIPT["alice"])
    refused = run(tmp_path, "com", "rediger patients")
    assert "art. 34" in refused
    drafted = run(tmp_path, "com", "rediger communique")
    assert "Brouillon n° 1 rédigé" in drafted
    assert "Refusé" in run(tmp_path, "com", "approuver 1")
    run(tmp_path, "bob", "approuver 1")
    approved = run(tmp_path, "dir", "approuver 1")
    assert "Toutes les approbations sont réunies" in approved
    published = run(tmp_path, "com", "publier 1")
    assert "a publié le brouillon n° 1" in published
    assert "48" not in published.split("———", 1)[1]
    assert "aucune trace d'exfiltration" in published
    assert "jamais publié deux fois" in run(tmp_path, "com", "publier 1")

    out = run(tmp_path, "com", "exporter 1 docx", "exporter 1 txt", "exporter 1 md")
    paths = [Path(p) for p in re.findall(r"^(/\S+\.(?:docx|txt|md))$", out, re.MULTILINE)]
    assert [p.suffix for p in paths] == [".docx", ".txt", ".md"]

    document = Document(str(paths[0]))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Communiqué de presse"
    assert re.fullmatch(r"Lure, le (1er|\d{1,2}) \w+ 20\d\d", texts[1])
    assert "À propos" in texts
    assert any(t.startswith("Contact presse\u00a0: Service communication") for t in texts)
    assert not any("PROJET" in t for t in texts)
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.1) and abs(section.page_height - Cm(29.7)) < Cm(
        0.1
    )

    plain = paths[1].read_text("utf-8")
    assert "\u202f" not in plain and "Contact presse\u00a0:" in plain
    assert paths[2].read_text("utf-8").startswith("# Communiqué de presse")


def test_an_unpublished_export_is_marked_as_a_project(tmp_path: Path) -> None:
    run(tmp_path, "alice", *SCRIPT["alice"])
    run(tmp_path, "com", "rediger attente")
    out = run(tmp_path, "com", "exporter 1")
    path = Path(re.findall(r"^(/\S+\.docx)$", out, re.MULTILINE)[0])
    assert Document(str(path)).paragraphs[0].text == "PROJET — non publié"
