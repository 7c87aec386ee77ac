"""Exports of a draft, laid out from its blocks (``bot/drafting/document.py``): Markdown,
plain text for e-mail, text for SMS kept to the GSM 7-bit alphabet, and an A4 Word document
whose styles follow the blocks (title → Title, headline → Heading 1, section title →
Heading 2, chapô in bold, lieu et date and signature on the right, list items as List
Bullet, everything else body text, left-aligned)."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from bot.drafting.document import ITEM, Block, parse, readable, title_of
from bot.drafting.typography import plain_spaces

FORMATS = ("docx", "pdf", "md", "txt", "sms")
PROJECT_MARK = "PROJET — non publié"
# The GSM 03.38 basic alphabet's letters beyond ASCII; anything else is spelled without.
GSM7 = set("£¥èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉÄÖÑÜ§¿äöñüà¡")
_SMS = {
    "«": '"', "»": '"', "“": '"', "”": '"', "’": "'", "‘": "'", "—": "-", "–": "-",
    "…": "...", "œ": "oe", "Œ": "OE", "\u00a0": " ", "\u202f": " ", "•": "-", "€": "EUR",
    "°": "o",
}  # fmt: skip
_HEADINGS = {"titre": 0, "titraille": 1, "intertitre": 2}
_MD = {"titre": "# ", "titraille": "## ", "intertitre": "### "}


def to_markdown(text: str, title: str, published: bool) -> str:
    blocks = parse(text) or [Block("titre", title)]
    lines = [] if published else [f"> {PROJECT_MARK}", ""]
    for index, block in enumerate(blocks):
        body = block.text.replace("\n", "  \n")
        if block.kind in _MD:
            body = _MD[block.kind] + block.text.replace("\n", " ")
        elif block.kind in ("chapo", "question", "objet", "mention"):
            body = f"**{body}**"
        elif block.kind == "apropos":
            body = f"*{body}*"
        elif block.kind == ITEM:
            body = f"- {body}"
        tight = block.kind == ITEM and index and blocks[index - 1].kind == ITEM
        lines.extend([body] if tight or not index else ["", body])
    return "\n".join(lines) + "\n"


def to_text(text: str, published: bool) -> str:
    head = "" if published else PROJECT_MARK + "\n\n"
    return plain_spaces(head + readable(text).strip() + "\n")


def to_sms(text: str, published: bool) -> str:
    """Plain text in the GSM 7-bit alphabet: « » become ", accents not in it are dropped."""
    out: list[str] = []
    for char in to_text(text, published):
        char = _SMS.get(char, char)
        if len(char) == 1 and ord(char) > 127 and char not in GSM7:
            decomposed = unicodedata.normalize("NFD", char)
            char = "".join(c for c in decomposed if ord(c) < 128) or "?"
        out.append(char)
    return "".join(out)


def to_docx(text: str, path: Path, published: bool) -> None:
    """An A4 document whose paragraph styles follow the blocks of the text."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    # python-docx and Typst are loaded by the first export, not at every start.
    from bot.drafting.paper import a4, seal

    document = a4(2.5, 11)
    if not published:
        document.add_paragraph(PROJECT_MARK).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    blocks = parse(text)
    for block in blocks:
        _add(document, block)
    seal(document, title_of(blocks))
    document.save(str(path))


def _add(document: Any, block: Block) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    if block.kind in _HEADINGS:
        document.add_heading(block.text.replace("\n", " "), level=_HEADINGS[block.kind])
        return
    if block.kind == ITEM:
        document.add_paragraph(block.text, style="List Bullet")
        return
    paragraph = document.add_paragraph()
    lines = block.text.split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = block.kind in ("chapo", "question", "objet", "mention")
        run.italic = block.kind == "apropos"
        if index < len(lines) - 1:
            run.add_break()
    paragraph.paragraph_format.space_after = Pt(8)
    paragraph.alignment = {
        "lieu_date": WD_ALIGN_PARAGRAPH.RIGHT,
        "signature": WD_ALIGN_PARAGRAPH.RIGHT,
        "mention": WD_ALIGN_PARAGRAPH.CENTER,
    }.get(block.kind, WD_ALIGN_PARAGRAPH.LEFT)
    if block.kind == "question":
        paragraph.paragraph_format.keep_with_next = True


def write(text: str, title: str, fmt: str, path: Path, published: bool) -> Path:
    """Write the export, readable by its owner only (files 0600, folders 0700)."""
    path.parent.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    path.parent.chmod(0o700)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    if fmt == "docx":
        to_docx(text, path, published)
    elif fmt == "pdf":
        from bot.drafting.pdf import to_pdf

        to_pdf(text, path, None if published else PROJECT_MARK)
    elif fmt == "md":
        path.write_text(to_markdown(text, title, published), "utf-8")
    elif fmt == "sms":
        path.write_text(to_sms(text, published), "utf-8")
    else:
        path.write_text(to_text(text, published), "utf-8")
    return path
