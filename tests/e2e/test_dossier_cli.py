"""``crisisbot retex`` and ``crisisbot pack`` on a crisis run in the console."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from tests.e2e.program import crisisbot

pytestmark = pytest.mark.slow  # run by make test-all and CI, not by make test


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dossier")
    script = "\n".join(
        [
            "ouvrir Revendication sur un forum",
            "role @bob dpo",
            "fait etablissement.nom = la Clinique des Mésanges",
            "verifier etablissement.nom",
            "fait dpo.contact = dpo@clinique-mesanges.fr",
            "connaissance 12/01/2026 08:00 motif: courriel du journaliste",
            "fait fuite.averee = non",
            "decision Pas de communiqué avant le rapport motif: prudence faits: fuite.averee",
            "decision Informer le personnel faits: fuite.averee",
            "depot cnil le 12/01/2026 ref: 2026-000123 note: accusé reçu",
            "presse L'Est / Jeanne Martin / Combien de patients ?",
            "question Sauvegardes intactes ? @bob",
            "decision Rappeler Jeanne Martin et prévenir @bob motif: demande de @alice",
            "question Jeanne Martin a-t-elle rappelé ?",
            "rediger attente",
        ]
    )
    result = crisisbot(folder, "console", "--user", "alice", "--channel", "C1", stdin=script)
    assert result.returncode == 0, result.stderr
    return folder


RETEX_SECTIONS = [
    "Prise de connaissance et échéances",
    "Démarches auprès des autorités",
    "Décisions (main courante)",
    "État final des faits",
    "Questions",
    "Sollicitations de presse",
    "Appels reçus au standard et sur la ligne d'écoute",
    "Textes publiés",
    "Chronologie",
]


def headings(path: Path) -> list[tuple[str, str]]:
    document = Document(str(path))
    return [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith(("Title", "Heading"))
    ]


def test_the_retex_is_a_docx_with_its_sections_in_order(folder: Path) -> None:
    result = crisisbot(folder, "retex", "--channel", "C1")
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    found = headings(path)
    assert found[0] == ("Title", "Retour d'expérience — crise « Revendication sur un forum »")
    assert [text for style, text in found if style == "Heading 1"] == RETEX_SECTIONS
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "réf. 2026-000123" in text and "Empreinte du journal : " in text
    assert "Pas de communiqué avant le rapport" in text


def test_the_anonymous_retex_names_roles_not_people(folder: Path) -> None:
    result = crisisbot(folder, "retex", "--channel", "C1", "--format", "md", "--anonyme")
    assert result.returncode == 0, result.stderr
    text = Path(result.stdout.strip()).read_text("utf-8")
    assert "@DPO" in text and "@pilote" in text
    assert "Rappeler un journaliste et prévenir @DPO (motif : demande de @pilote)" in text
    for name in ("alice", "bob", "Jeanne Martin"):
        assert name not in text


def test_the_pack_holds_contacts_clocks_texts_and_the_paper_form(folder: Path) -> None:
    result = crisisbot(folder, "pack", "--channel", "C1")
    assert result.returncode == 0, result.stderr
    found = [text for style, text in headings(Path(result.stdout.strip())) if style == "Heading 1"]
    for section in ("Cellule de crise", "Contacts", "Échéances", "Faits", "Questions ouvertes",
                    "Derniers textes",
                    "Formulaire de signalement sur papier (ARS / CERT Santé)"):  # fmt: skip
        assert section in found
    text = "\n".join(p.text for p in Document(result.stdout.strip()).paragraphs)
    assert "dpo@clinique-mesanges.fr" in text and "Sauvegardes intactes ?" in text


def test_an_unknown_channel_is_refused(folder: Path) -> None:
    result = crisisbot(folder, "pack", "--channel", "nulle-part")
    assert result.returncode == 1 and "Aucune crise" in result.stderr
