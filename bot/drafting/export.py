"""Exports of a draft: Markdown, plain text for SMS and e-mail, and a Word document."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from bot.drafting.typography import plain_spaces

FORMATS = ("docx", "md", "txt")
PROJECT_MARK = "PROJET — non publié"


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def to_markdown(text: str, title: str, published: bool) -> str:
    blocks = paragraphs(text)
    head = [] if published else [f"> {PROJECT_MARK}", ""]
    body = [f"# {blocks[0]}", *blocks[1:]] if blocks else [f"# {title}"]
    return "\n".join(head) + "\n\n".join(body) + "\n"


def to_text(text: str, published: bool) -> str:
    head = "" if published else PROJECT_MARK + "\n\n"
    return plain_spaces(head + text.strip() + "\n")


_LABEL = re.compile(r"^(?:\S+ ){0,2}\S+[\u00a0 ]:")
_PLACE_AND_DATE = re.compile(r"^(?:[^\n,]+, le|Le) (?:1er|\d{1,2}) \w+ \d{4}$")


def _is_heading(block: str) -> bool:
    """A short single line without final punctuation that is not « Label : value »."""
    return (
        "\n" not in block
        and len(block) < 110
        and not block.endswith((".", ":", "?"))
        and not _LABEL.match(block)
    )


def _is_place_and_date(block: str) -> bool:
    return bool(_PLACE_AND_DATE.match(block))


def to_docx(text: str, path: Path, published: bool, chapo: bool = False) -> None:
    """An A4 document: heading, lieu et date on the right, titles, body, bullet lists.

    With ``chapo``, the first paragraph after the title is set in bold, as in a
    communiqué de presse."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    if not published:
        document.add_paragraph(PROJECT_MARK).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    blocks = paragraphs(text)
    if blocks:
        document.add_heading(blocks[0], level=0)
    bold_next = False
    for block in blocks[1:]:
        if _is_place_and_date(block):
            document.add_paragraph(block).alignment = WD_ALIGN_PARAGRAPH.RIGHT
            continue
        if _is_heading(block):
            document.add_heading(block, level=1)
            bold_next = chapo and not bold_next
            continue
        _body(document, block, bold=bold_next)
        bold_next = False
        chapo = False
    document.core_properties.title = blocks[0] if blocks else ""
    document.core_properties.language = "fr-FR"
    document.save(str(path))


def _body(document: Any, block: str, bold: bool) -> None:
    lines = block.split("\n")
    prose = [line for line in lines if not line.startswith("- ")]
    if prose:
        paragraph = document.add_paragraph()
        single = len(prose) == 1
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if single else WD_ALIGN_PARAGRAPH.LEFT
        paragraph.paragraph_format.space_after = Pt(8)
        for index, line in enumerate(prose):
            run = paragraph.add_run(line)
            run.bold = bold
            if index < len(prose) - 1:
                run.add_break()
    for line in lines:
        if line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")


def write(text: str, title: str, fmt: str, path: Path, published: bool, chapo: bool) -> Path:
    """Write the export, readable by its owner only (files 0600, folders 0700)."""
    path.parent.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    path.parent.chmod(0o700)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    if fmt == "docx":
        to_docx(text, path, published, chapo)
    elif fmt == "md":
        path.write_text(to_markdown(text, title, published), "utf-8")
    else:
        path.write_text(to_text(text, published), "utf-8")
    return path
