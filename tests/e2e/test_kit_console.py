"""The cell's kit in the console, end to end: the fiches réflexes become tasks at
``ouvrir``, a role nobody holds is flagged, a task is marked done, the crisis directory is
set and shown (an institution's number accepted, a person's mobile refused) and printed in
the pack, and a draft exported as docx says it is French in its styles, as a tagged PDF in its catalog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from bot.resources import messages_dir
from tests.e2e.program import crisisbot


def console(folder: Path, user: str, *lines: str) -> str:
    result = crisisbot(folder, "console", "--user", user, "--channel", "C1", stdin="\n".join(lines))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kit")


def actions() -> list[dict[str, str]]:
    data = yaml.safe_load((messages_dir() / "fr" / "fiches.yml").read_text("utf-8"))
    return list(data["actions"])


def test_the_fiches_become_tasks_at_opening_with_unheld_roles_flagged(folder: Path) -> None:
    out = console(
        folder, "alice", "ouvrir Revendication sur un forum", "taches", "statut", "digest"
    )
    assert f"Fiches réflexes : {len(actions())} tâches créées" in out
    listed = re.findall(r"^• n° (\d+) — ", out, re.MULTILINE)
    assert sorted(map(int, listed)) == list(range(1, len(actions()) + 1))
    for action in actions():
        assert action["texte"].split(" (")[0] in out
    assert "Personne n'a le rôle « DPO »" in out
    assert "Personne n'a le rôle « RSSI »" in out
    statut = out.split("Crise « Revendication sur un forum »", 1)[1]
    assert f"Fiches réflexes : {len(actions())} tâche(s) à faire" in statut
    assert "Personne n'a le rôle « RSSI »" in statut.split("Point de situation")[0]
    digest = out.split("Point de situation — crise", 1)[1]
    assert "Fiches réflexes :" in digest and "Personne n'a le rôle « RSSI »" in digest


def test_a_task_is_done_by_its_role_and_leaves_the_flags(folder: Path) -> None:
    number = 1 + next(i for i, a in enumerate(actions()) if a["role"] == "rssi")
    refused = console(folder, "bob", f"tache {number} faite")
    assert "Refusé" in refused and "RSSI" in refused
    out = console(folder, "alice", "role @bob rssi")
    assert "@bob" in out
    done = console(folder, "bob", f"tache {number} faite journaux copiés", "taches", "statut")
    assert f"Tâche n° {number} faite" in done
    assert re.search(rf"n° {number} — RSSI \(@bob\) — .* — faite le .* par @bob : journaux", done)
    assert "Personne n'a le rôle « RSSI »" not in done
    assert "Personne n'a le rôle « DPO »" in done
    again = console(folder, "bob", f"tache {number} faite")
    assert "déjà faite" in again
    journal = console(folder, "alice", "journal")
    assert f"tâche n° {number}" in journal


def test_the_directory_takes_institutional_numbers_and_refuses_a_mobile(folder: Path) -> None:
    shown = console(folder, "alice", "annuaire")
    assert "CERT Santé : 09 72 43 91 25 — source :" in shown
    assert "ARS, astreinte régionale : à renseigner" in shown
    out = console(
        folder,
        "alice",
        "annuaire ars 03 81 47 82 30",
        "annuaire avocat 06 12 34 56 78",
        "annuaire cnil dpo-violations@cnil.fr",
        "annuaire zzz 03 81 47 82 30",
        "annuaire",
    )
    assert "Annuaire de crise : ARS, astreinte régionale — 03 81 47 82 30." in out
    assert "06 12 34 56 78" not in out
    assert "numéro de téléphone" in out
    assert "Les codes : ars, cert_sante" in out
    assert re.search(r"ARS, astreinte régionale : 03 81 47 82 30 — renseigné par @alice", out)
    assert "Avocat de l'établissement : à renseigner" in out
    member = console(folder, "carol", "annuaire ght 03 84 57 40 00")
    assert "Refusé" in member


def test_the_pack_prints_the_directory_and_the_tasks(folder: Path) -> None:
    result = crisisbot(folder, "pack", "--channel", "C1", "--format", "md")
    assert result.returncode == 0, result.stderr
    pack = Path(result.stdout.strip().splitlines()[-1]).read_text("utf-8")
    directory = pack.split("## Annuaire de crise", 1)[1].split("\n## ", 1)[0]
    assert "ARS, astreinte régionale : 03 81 47 82 30 (renseigné par @alice)" in directory
    assert "CNIL, standard : 01 53 73 22 22 (source : cnil.fr" in directory
    assert "## Fiches réflexes" in pack


def test_a_draft_exported_as_docx_says_french_in_its_styles(folder: Path) -> None:
    out = console(
        folder,
        "alice",
        "fait etablissement.nom = la Clinique des Mésanges",
        "verifier etablissement.nom",
        "rediger attente",
        "exporter 1 docx",
        "exporter 1 pdf",
    )
    pdf = [Path(p) for p in re.findall(r"(/\S+\.pdf)", out)]
    assert pdf and pdf[-1].read_bytes().startswith(b"%PDF")
    root = PdfReader(str(pdf[-1])).trailer["/Root"]
    assert root["/Lang"] == "fr-FR" and "/StructTreeRoot" in root
    paths = [Path(p) for p in re.findall(r"(/\S+\.docx)", out)]
    assert paths, out
    document = Document(str(paths[-1]))
    styles = document.styles.element
    default = styles.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"
    )
    assert default is not None and default.get(qn("w:val")) == "fr-FR"
    assert {lang.get(qn("w:val")) for lang in styles.iter(qn("w:lang"))} == {"fr-FR"}
    assert document.core_properties.language == "fr-FR"
