"""Edit, check, compare, approve, publish, disseminate and correct, through the console."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.program import crisisbot
from tests.e2e.test_drafts_console import SCRIPT, run

pytestmark = pytest.mark.slow  # run by make test-all and CI, not by make test

INVENTED = "Les pirates détiennent 48 200 dossiers. Les données ont été dérobées."


def test_the_whole_story_of_an_edited_text_through_the_console(tmp_path: Path) -> None:
    run(tmp_path, "alice", *SCRIPT["alice"])
    run(tmp_path, "com", "rediger attente")
    shown = run(tmp_path, "com", "voir 1")
    text = shown.split("———")[1].strip()

    edited = run(tmp_path, "com", "modifier 1", *text.splitlines(), INVENTED, ".", "voir 1")
    assert "version 2" in edited
    assert "« 48 200 » (`revendication.volume`, signalé)" in edited
    assert "un vol de données" in edited
    assert "findings" not in edited and "constats ouverts" in edited
    assert "Refusé : le contrôle du brouillon n° 1 a des constats ouverts" in run(
        tmp_path, "dir", "approuver 1"
    )

    fixed = run(tmp_path, "com", "modifier 1", *text.splitlines(),
                "Nous comprenons l'inquiétude de nos patients.", ".")  # fmt: skip
    assert "version 3" in fixed and "aucun constat" not in fixed
    assert "Phrase 9, rédigée par @com" in fixed, fixed
    assert "« Nous comprenons l'inquiétude de nos patients. »" in fixed
    assert "adossée à aucun fait du registre" in fixed
    compared = run(tmp_path, "dir", "comparer 1 2")
    assert "[− 48 200 dossiers." in compared or "48 200" in compared
    assert "[+ Nous comprenons l'inquiétude de nos patients.]" in run(
        tmp_path, "dir", "comparer 1 1"
    )
    approved = run(tmp_path, "dir", "approuver 1")
    assert "Toutes les approbations sont réunies" in approved
    assert "@dir confirme la phrase n° 9" in approved, approved
    assert "a publié le brouillon n° 1" in run(tmp_path, "com", "publier 1")
    assert "un texte publié ne change jamais" in run(tmp_path, "com", "modifier 1", "Autre.", ".")

    run(tmp_path, "com", "diffuser 1 presse", "diffuser 1 standard")
    listed = run(tmp_path, "alice", "diffusions")
    assert "presse" in listed and "standard" in listed
    assert "Diffusions des textes publiés" in run(tmp_path, "alice", "digest")

    opened = run(tmp_path, "com", "rectifier 1")
    assert "rectificatif du texte publié n° 1" in opened
    correction = run(tmp_path, "com", "voir 2").split("———")[1].strip()
    assert correction.startswith("Rectificatif")
    run(
        tmp_path, "com", "modifier 2", *correction.splitlines(), "Nous présentons nos excuses.", "."
    )
    run(tmp_path, "dir", "approuver 2")
    assert "a publié le brouillon n° 2" in run(tmp_path, "com", "publier 2")
    out = run(tmp_path, "com", "exporter 2 txt")
    [path] = re.findall(r"^(/\S+\.txt)$", out, re.MULTILINE)
    assert "Rectificatif" in Path(path).read_text("utf-8")

    journal = run(tmp_path, "alice", "journal")
    for kind in ("a modifié le", "a ouvert un rectificatif", "a enregistré la diffusion du"):
        assert kind in journal
    audit = crisisbot(tmp_path, "audit", "verify")
    assert audit.returncode == 0, audit.stdout + audit.stderr
