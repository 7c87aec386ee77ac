"""A Word document says it is French where Word looks (the styles' default language, every
style's, the theme's), reads left-aligned at 11 pt at least, and marks headings and lists
with Word's own styles."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.drafting import dossier
from bot.drafting.export import to_docx

TEXT = """\
[[titre]] Communiqué de presse

[[titraille]] Revendication d'un vol de données : la Clinique des Mésanges vérifie

Madame, Monsieur,

La Clinique des Mésanges a eu connaissance de messages publiés sur un forum.

Nous vous demandons :
- de ne pas répondre ;
- de signaler tout message suspect.
"""


def languages(path: Path) -> list[str]:
    document = Document(str(path))
    found = [lang.get(qn("w:val")) or "" for lang in document.styles.element.iter(qn("w:lang"))]
    theme = document.settings.element.find(qn("w:themeFontLang"))
    return [*found, theme.get(qn("w:val")) or ""]


def default_language(path: Path) -> str | None:
    styles = Document(str(path)).styles.element
    lang = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    return None if lang is None else lang.get(qn("w:val"))


def test_a_draft_exported_as_docx_is_french_left_aligned_and_structured(tmp_path: Path) -> None:
    path = tmp_path / "c.docx"
    to_docx(TEXT, path, published=True)
    assert default_language(path) == "fr-FR"
    assert set(languages(path)) == {"fr-FR"}
    document = Document(str(path))
    assert document.styles["Normal"].font.size >= Pt(11)
    body = [p for p in document.paragraphs if p.style.name == "Normal"]
    assert body and all(p.alignment in (None, WD_ALIGN_PARAGRAPH.LEFT) for p in body), [
        p.alignment for p in body
    ]
    assert document.styles["Normal"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    names = [p.style.name for p in document.paragraphs]
    assert names.count("Heading 1") == 1 and names[0] == "Title"
    assert names.count("List Bullet") == 2
    separator = document.settings.element.find(qn("w:listSeparator"))
    assert separator is not None and separator.get(qn("w:val")) == ";"


@settings(max_examples=20, deadline=None)
@given(
    st.lists(
        st.text(alphabet="abcdéèçà XYZ", min_size=1, max_size=30).filter(str.strip),
        min_size=1,
        max_size=6,
    )
)
def test_a_dossier_docx_is_french_whatever_its_lines(
    tmp_path_factory: object, lines: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("d")  # type: ignore[attr-defined]
    markdown = "# Dossier\n\n" + "\n".join(f"- {line}" for line in lines)
    path = dossier.write(markdown, "docx", folder / "pack.docx")
    assert default_language(path) == "fr-FR"
    assert set(languages(path)) == {"fr-FR"}
    document = Document(str(path))
    assert document.styles["Normal"].font.size >= Pt(11)
    assert document.paragraphs[0].style.name == "Title"
    assert sum(p.style.name == "List Bullet" for p in document.paragraphs) == len(lines)
