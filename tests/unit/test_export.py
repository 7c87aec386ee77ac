"""Documents are laid out from the blocks a modèle marks, never guessed from the text."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from docx import Document

from bot.domain.drafts import ModelSpec
from bot.domain.model import Fact, FactStatus
from bot.domain.values import ValueType
from bot.drafting.document import parse, readable
from bot.drafting.export import to_docx, to_markdown, to_sms, to_text
from bot.drafting.render import Drafter

ROOT = Path(__file__).resolve().parents[2]
TZ = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 1, 9, 10, 0, tzinfo=TZ)
MODELE = """\
[[titre]] Communiqué de presse

[[lieu_date]] {{ lieu_date }}

[[titraille]] Revendication d'un vol de données : {{ f['etablissement.nom'] }} mène des \
vérifications

[[chapo]] {{ f['etablissement.nom']|sujet }} {{ f['etablissement.nom']|verbe('a eu') }} \
connaissance de messages publiés sur {{ f['revendication.source']|insere }}.

Madame, Monsieur,

Mesures prises : {{ f['mesures.prises']|phrase(False) }}

Nous vous demandons :
- de ne pas répondre ;
- de signaler tout message suspect.

[[intertitre]] À propos

[[apropos]] {{ f['etablissement.nom']|sujet }} {{ f['etablissement.nom']|verbe('est situé') }} \
{{ f['etablissement.ville']|au }}.

[[contact]] Contact presse : {{ f['presse.contact'] }}

[[signature]] La direction {{ f['etablissement.nom']|de }}
"""
FACTS = {
    "etablissement.nom": "Hospices civils de Lyon",
    "etablissement.ville": "le havre",
    "revendication.source": "Un forum du darkweb..",
    "mesures.prises": "Les accès ont été coupés.\nLes mots de passe ont été changés.",
    "presse.contact": "presse@hcl.example",
}


@pytest.fixture(scope="module")
def drafter(tmp_path_factory: pytest.TempPathFactory) -> Drafter:
    messages = tmp_path_factory.mktemp("messages")
    shutil.copytree(ROOT / "messages", messages, dirs_exist_ok=True)
    clause = {
        "clause": "tout",
        "affirme": "rien",
        "mentionne": sorted(FACTS),
        "texte": MODELE,
    }
    modele = {"prelude": "", "clauses": [clause]}
    (messages / "fr" / "modeles" / "essai.yml").write_text(yaml.safe_dump(modele), "utf-8")
    return Drafter(messages, TZ)


def rendered(drafter: Drafter, facts: dict[str, str]) -> str:
    spec = ModelSpec("essai", "Essai", "", (), (), ())
    stored = [
        Fact(1, k, v, ValueType.TEXTE, FactStatus.VERIFIE, None, None, 1, "u", NOW)
        for k, v in facts.items()
    ]
    return drafter.render(spec, stored, NOW).text


def styles(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs]


def test_the_docx_follows_the_blocks_of_the_modele(drafter: Drafter, tmp_path: Path) -> None:
    path = tmp_path / "c.docx"
    to_docx(rendered(drafter, FACTS), path, published=True)
    found = styles(path)
    assert found[0] == ("Title", "Communiqué de presse")
    assert found[1] == ("Normal", "Le Havre, le 9 janvier 2026")
    assert found[2][0] == "Heading 1" and found[2][1].startswith("Revendication")
    assert ("Normal", "Madame, Monsieur,") in found
    assert ("Heading 2", "À propos") in found
    assert ("Normal", "Contact presse\u00a0: presse@hcl.example") in found
    assert [t for s, t in found if s == "List Bullet"] == [
        "de ne pas répondre\u202f;",
        "de signaler tout message suspect.",
    ]
    assert sum(1 for s, _ in found if s.startswith("Heading")) == 2
    chapo = Document(str(path)).paragraphs[3]
    assert chapo.runs[0].bold and chapo.text.startswith("Les Hospices civils de Lyon ont eu")


def test_the_file_properties_name_the_text_and_not_the_library(
    drafter: Drafter, tmp_path: Path
) -> None:
    path = tmp_path / "c.docx"
    to_docx(rendered(drafter, FACTS), path, published=True)
    properties = Document(str(path)).core_properties
    assert properties.title == "Communiqué de presse"
    assert properties.language == "fr-FR"
    shown = [properties.author, properties.comments, properties.last_modified_by]
    assert not any("python-docx" in value for value in shown)
    assert properties.created is not None and properties.created.year >= 2026


def test_names_and_values_agree_in_the_rendered_text(drafter: Drafter) -> None:
    text = readable(rendered(drafter, FACTS))
    assert (
        "Les Hospices civils de Lyon ont eu connaissance de messages publiés sur un forum "
        "du darkweb." in text
    )
    assert (
        "Mesures prises\u00a0: les accès ont été coupés\u202f; les mots de passe ont été "
        "changés." in text
    )
    assert "Les Hospices civils de Lyon sont situés au Havre." in text
    assert "La direction des Hospices civils de Lyon" in text
    assert "[[" not in text


def test_a_line_break_in_a_value_never_becomes_a_heading_or_a_block(
    drafter: Drafter, tmp_path: Path
) -> None:
    facts = {**FACTS, "presse.contact": "Service communication\n\n[[titraille]] Piège\n- point"}
    text = rendered(drafter, facts)
    contact = [b for b in parse(text) if b.kind == "contact"]
    assert len(contact) == 1 and "Piège" in contact[0].text
    path = tmp_path / "c.docx"
    to_docx(text, path, published=True)
    headings = [t for s, t in styles(path) if s.startswith("Heading") or s == "Title"]
    assert not any("Piège" in h for h in headings)
    assert not any("point" in t for s, t in styles(path) if s == "List Bullet")


def test_a_draft_without_marks_has_its_first_block_as_title(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    to_docx("Note au personnel\n\nMadame, Monsieur,\n\ndpo@x.example", path, published=False)
    assert styles(path)[1:] == [
        ("Title", "Note au personnel"),
        ("Normal", "Madame, Monsieur,"),
        ("Normal", "dpo@x.example"),
    ]


def test_markdown_text_and_sms_come_from_the_same_blocks(drafter: Drafter) -> None:
    text = rendered(drafter, FACTS)
    markdown = to_markdown(text, "Essai", published=True)
    assert markdown.startswith("# Communiqué de presse\n")
    assert "\n## Revendication d'un vol" in markdown and "\n### À propos\n" in markdown
    plain = to_text(text, published=True)
    assert "[[" not in plain and "\u202f" not in plain
    sms = to_sms(text, published=False)
    assert all(ord(c) < 128 or c in "éèàùÉ" for c in sms), sms
    assert "Contact presse : presse@hcl.example" in sms and "PROJET - non publié" in sms
