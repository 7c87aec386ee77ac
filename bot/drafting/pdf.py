"""A PDF a screen reader can read: tagged (headings, paragraphs, lists in the structure
tree), PDF/UA-1, its language (fr-FR) and title declared and shown as the window's title.

Laid out with Typst (the ``typst`` wheel carries the compiler and its fonts: no system
package). Each block of the text (``bot/drafting/document.py``) becomes one element, its
words passed as Typst strings, so that nothing a person typed is read as markup: title →
heading 1, headline → heading 2, section title → heading 3, list items → a list, lieu et
date and signature on the right, chapô in bold, « À propos » in italics."""

from __future__ import annotations

from pathlib import Path

import typst

from bot.drafting.document import ITEM, Block, parse, title_of

_LEVELS = {"titre": 1, "titraille": 2, "intertitre": 3}
_BOLD = frozenset({"chapo", "question", "objet", "mention"})


def quoted(text: str) -> str:
    """``text`` as a Typst string literal, shown as written."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c.isprintable() or c == " " else f"\\u{{{ord(c):x}}}" for c in escaped)
    return f'"{escaped}"'


def _lines(text: str) -> str:
    """The lines of a block as Typst content, a line break between them."""
    return " + linebreak() + ".join(quoted(line) for line in text.split("\n"))


def _block(block: Block) -> str:
    if block.kind in _LEVELS:
        return f"#heading(level: {_LEVELS[block.kind]}, {quoted(block.text.replace(chr(10), ' '))})"
    content = _lines(block.text)
    if block.kind in _BOLD:
        content = f"strong({content})"
    elif block.kind == "apropos":
        content = f"emph({content})"
    if block.kind in ("lieu_date", "signature"):
        return f"#align(right, par({content}))"
    if block.kind == "mention":
        return f"#align(center, par({content}))"
    return f"#par({content})"


def source(text: str, title: str, mark: str | None) -> str:
    """The Typst document of ``text``; ``mark`` (« PROJET — non publié ») on top."""
    head = [
        f"#set document(title: {quoted(title)}, author: ())",
        '#set text(lang: "fr", region: "FR", size: 11pt)',
        "#set par(justify: false, leading: 0.8em, spacing: 1.2em)",
        '#set page(paper: "a4", margin: 2.5cm)',
    ]
    body = [] if mark is None else [f"#align(right, par({quoted(mark)}))"]
    blocks = parse(text) or [Block("titre", title)]
    index = 0
    while index < len(blocks):
        if blocks[index].kind == ITEM:
            items = []
            while index < len(blocks) and blocks[index].kind == ITEM:
                items.append(f"({_lines(blocks[index].text)})")
                index += 1
            body.append(f"#list({', '.join(items)})")
            continue
        body.append(_block(blocks[index]))
        index += 1
    return "\n".join(head) + "\n\n" + "\n\n".join(body) + "\n"


def to_pdf(text: str, path: Path, mark: str | None) -> None:
    blocks = parse(text)
    title = title_of(blocks) or "Document"
    data = typst.compile(source(text, title, mark).encode("utf-8"), format="pdf",
                         pdf_standards=["ua-1"])  # fmt: skip
    path.write_bytes(data)
