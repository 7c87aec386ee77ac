"""The PDF export is tagged for a screen reader: PDF/UA, language fr-FR, its title shown,
headings, paragraphs and lists in the structure tree; whatever a person typed is shown as
written, never read as layout code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from bot.drafting.export import PROJECT_MARK, write

TEXT = """\
[[titre]] Communiqué de presse

[[lieu_date]] Belfort, le 9 janvier 2026

[[titraille]] Revendication d'un vol de données : la Clinique des Mésanges vérifie

[[chapo]] La Clinique des Mésanges a eu connaissance de messages publiés sur un forum.

Nous vous demandons :
- de ne pas répondre ;
- de signaler tout message suspect.

[[intertitre]] À propos

[[signature]] La direction
"""


def structure(node: Any, found: list[str]) -> list[str]:
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, DictionaryObject):
        if "/S" in node:
            found.append(str(node["/S"]))
        if "/K" in node:
            structure(node["/K"], found)
    elif isinstance(node, ArrayObject):
        for kid in node:
            structure(kid, found)
    return found


def test_a_draft_exported_as_pdf_is_tagged_french_and_titled(tmp_path: Path) -> None:
    path = write(TEXT, "Communiqué de presse", "pdf", tmp_path / "x" / "c.pdf", published=True)
    reader = PdfReader(str(path))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr-FR"
    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata is not None and reader.metadata.title == "Communiqué de presse"
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "fr-FR" in xmp
    tags = structure(root["/StructTreeRoot"], [])
    assert tags.count("/H1") == 1 and tags.count("/H2") == 1 and tags.count("/H3") == 1
    assert tags.count("/LI") == 2 and "/L" in tags and "/P" in tags
    text = reader.pages[0].extract_text()
    assert "de signaler tout message suspect." in text and PROJECT_MARK not in text


def test_a_draft_not_published_says_so_on_top(tmp_path: Path) -> None:
    path = write(TEXT, "Communiqué de presse", "pdf", tmp_path / "x" / "c.pdf", published=False)
    first = PdfReader(str(path)).pages[0].extract_text().splitlines()[0]
    assert first == PROJECT_MARK


typed = st.text(
    alphabet=st.sampled_from(list("abcdeéèàçôABC 0123456789#$@*_[](){}<>\\\"'`=+-/~:;,.!?%&")),
    min_size=1,
    max_size=60,
).filter(lambda s: any(c.isalnum() for c in s))


@settings(max_examples=25, deadline=None)
@given(typed)
def test_whatever_is_typed_is_shown_as_written(tmp_path_factory: Any, words: str) -> None:
    folder = tmp_path_factory.mktemp("pdf")
    line = " ".join(words.split())
    text = f"[[titre]] Note\n\nTexte : {line}\n"
    path = write(text, "Note", "pdf", folder / "x" / "n.pdf", published=True)
    shown = PdfReader(str(path)).pages[0].extract_text()
    assert " ".join(shown.split()).replace("\u2019", "'").endswith(line)
