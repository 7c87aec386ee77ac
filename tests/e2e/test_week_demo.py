"""``crisisbot demo --semaine``: a scripted week of the fictional crisis in the console, from
the first claim to the RETEX; each piece is checked in its output, and the docx files it
writes (drafts, RETEX, crisis pack) open with python-docx, their headings in order."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.program import crisisbot
from tests.e2e.test_dossier_cli import RETEX_SECTIONS, headings

pytestmark = pytest.mark.slow  # run by make test-all and CI, not by make test

CNIL_SECTIONS = [
    "1. Responsable du traitement",
    "2. Chronologie",
    "3. Nature de la violation",
    "4. Catégories et nombre approximatif de personnes et d'enregistrements concernés",
    "5. Conséquences probables",
    "6. Mesures prises ou envisagées",
    "7. Information des personnes concernées",
    "8. Autres démarches",
]
CNIL_TITLE = (
    "Projet de notification d'une violation de données personnelles à la CNIL (article 33 du RGPD)"
)


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("semaine")
    result = crisisbot(folder, "demo", "--semaine")
    assert result.returncode == 0, result.stderr
    out = result.stdout.replace("\u00a0", " ").replace("\u202f", " ")
    assert "Traceback" not in out + result.stderr and "Refusé" not in out
    return out, folder / "exports"


def section(out: str, command: str) -> str:
    """What the bot answered to ``command`` (up to the next command)."""
    start = out.index(f"> /crise {command}")
    end = out.find(" > /crise ", start + 1)
    return out[start : end if end > 0 else None]


def test_the_initial_then_complementary_cnil_notifications(week: tuple[str, Path]) -> None:
    out, _ = week
    assert "CNIL (initiale) le 13 janvier 2026 — réf. 2026-000123" in out
    assert "CNIL (complémentaire) le 15 janvier 2026" in out
    assert "(72 h après la notification initiale) : faite le 15 janvier 2026" in out
    complement = section(out, "voir 4")
    assert (
        "Notification complémentaire à la notification initiale du 13 janvier 2026 "
        "(référence CNIL : 2026-000123)." in complement
    )
    assert "Éléments nouveaux depuis la notification du 13 janvier 2026" in complement
    assert "- nombre de personnes concernées : 1 250." in complement
    assert "Valeurs corrigées :\n- fuite avérée : oui." in complement
    assert "Catégories de personnes concernées : en cours d'évaluation." in complement


def test_the_report_to_the_ars_is_drafted_approved_and_filed(week: tuple[str, Path]) -> None:
    out, _ = week
    assert "Brouillon n° 1 rédigé par @alice : Signalement à l'ARS et au CERT Santé" in out
    assert "CERT Santé / ARS le 12 janvier 2026, réf. SIG-2026-0412" in out
    assert "Signalement au CERT Santé (sans délai) : fait le 12 janvier 2026" in out


def test_decisions_points_and_press_inquiries(week: tuple[str, Path]) -> None:
    out, _ = week
    assert "n° 2 — 12 janvier 2026 à 11 h 22 — @alice : Ne pas publier" in out
    assert "À REVOIR : fuite.averee a changé depuis" in out
    decided = section(out, "decision Informer")
    assert "n° 3 — 14 janvier 2026" in decided
    assert "`exfiltration.trace` v1 (vérifié), `fuite.averee` v2 (vérifié)" in decided
    assert out.count("Faits établis depuis le dernier point") >= 3
    for number in (1, 2, 3):
        assert f"Point de situation n° {number} — crise « Revendication" in out
    assert out.count("Sollicitation de presse consignée") == 2
    assert "a répondu à la sollicitation n° 1 (L'Est Républicain) avec le brouillon n° 2" in out
    assert "a répondu à la sollicitation n° 2 (France 3) avec le brouillon n° 2" in out


def test_the_docx_files_open_with_their_headings_in_order(week: tuple[str, Path]) -> None:
    out, exports = week
    written = {Path(line.rsplit(" ", 1)[-1]).name for line in out.splitlines() if ".docx" in line}
    assert {"brouillon-1-signalement.docx", "brouillon-4-cnil.docx"} <= written
    assert {"retex.docx", "pack.docx"} <= written
    initial = headings(exports / "1-demo" / "brouillon-3-cnil.docx")
    assert initial == [("Title", CNIL_TITLE)] + [("Heading 2", s) for s in CNIL_SECTIONS]
    complement = headings(exports / "1-demo" / "brouillon-4-cnil.docx")
    assert complement == [
        ("Title", CNIL_TITLE),
        ("Heading 2", "Éléments nouveaux depuis la notification du 13 janvier 2026"),
    ] + [("Heading 2", s) for s in CNIL_SECTIONS]
    report = headings(exports / "1-demo" / "brouillon-1-signalement.docx")
    assert report[0][0] == "Title" and report[0][1].startswith("Signalement d'un incident")
    assert [text for _, text in report[1:]] == [
        "1. Établissement déclarant",
        "2. Incident",
        "3. Conséquences",
        "4. Mesures prises",
        "5. Autres démarches",
    ]
    retex = headings(exports / "demo" / "retex.docx")
    assert retex[0] == (
        "Title",
        "Retour d'expérience — crise « Revendication de vente de données — Clinique des Mésanges »",
    )
    assert [text for style, text in retex if style == "Heading 1"] == RETEX_SECTIONS
    assert (
        "Heading 2",
        "Déclaration d'attente — texte n° 2, publié le 12 janvier 2026 à 14 h 39 par @eric",
    ) in retex
    pack = headings(exports / "demo" / "pack.docx")
    assert pack[0][0] == "Title"
    ones = [text for style, text in pack if style == "Heading 1"]
    assert ones[0] == "Cellule de crise" and ones[-1].startswith("Formulaire de signalement")
    assert ones.index("Échéances") < ones.index("Démarches effectuées") < ones.index("Faits")
    twos = [text for style, text in pack if style == "Heading 2"]
    texts = [text for text in twos if "— texte n°" in text]
    assert texts and not any(text.endswith(", brouillon") for text in texts), texts
    assert any(text.endswith(", publié") for text in texts), texts
    assert (exports / "demo" / "retex.md").read_text("utf-8").count("2026-000123") >= 1
