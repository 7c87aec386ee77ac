"""The structure of a rendered text: blocks marked by the modèle, never guessed.

A modèle separates blocks with a blank line and marks a block by starting it with
``[[genre]]``; a block without a mark is a paragraph, and its lines starting with « - »
are list items. Marks:

============== ==================================== ===================================
mark           what                                 docx
============== ==================================== ===================================
[[titre]]      the kind of text (« Communiqué de      Title
               presse »)
[[lieu_date]]  « Belfort, le 9 janvier 2026 »       right-aligned
[[titraille]]  the headline                          Heading 1
[[chapo]]      who, what, when                       bold paragraph
[[intertitre]] a section's title (« À propos »)      Heading 2
[[question]]   a question, its answer on the         bold line, then paragraphs
               following lines
[[objet]]      « Objet : … » of a letter             bold paragraph
[[signature]]  « La direction »                      right-aligned
[[apropos]]    the « À propos » paragraph            italic paragraph
[[contact]]    « Contact presse : … »                paragraph
[[mention]]    « EXERCICE », a warning line          bold, centred
============== ==================================== ===================================

A text with no mark at all (drafts written before marks existed) has its first block as
title. The line breaks inside a value are kept as U+2028 (``sentences.LINE_BREAK``) by the
renderer, so a value never opens a block, a list item or a heading: it breaks a line
inside its own block. ``readable(text)`` is the text as people read it in a chat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = frozenset(
    {"titre", "lieu_date", "titraille", "chapo", "intertitre", "question", "objet",
     "signature", "apropos", "contact", "mention", "paragraphe"}
)  # fmt: skip
PARAGRAPH, ITEM = "paragraphe", "puce"
_MARK = re.compile(r"^\[\[(\w+)\]\][ \t]*")
_ANY_MARK = re.compile(r"^\[\[\w+\]\]", re.MULTILINE)
_SOFT = "\u2028"


@dataclass(frozen=True)
class Block:
    kind: str  # one of KINDS, or « puce » for a list item
    text: str  # line breaks inside the block as « \n »


def _body(kind: str, text: str) -> list[Block]:
    """A block's lines: « - » items of a paragraph become list items."""
    if kind != PARAGRAPH:
        return [Block(kind, text)]
    blocks: list[Block] = []
    prose: list[str] = []
    for line in text.split("\n"):
        if line.startswith("- "):
            if prose:
                blocks.append(Block(PARAGRAPH, "\n".join(prose)))
                prose = []
            blocks.append(Block(ITEM, line[2:].strip()))
        else:
            prose.append(line)
    if prose:
        blocks.append(Block(PARAGRAPH, "\n".join(prose)))
    return blocks


def parse(text: str) -> list[Block]:
    """The blocks of a rendered text, in order."""
    chunks = [c.strip("\n") for c in re.split(r"\n[ \t]*\n", text) if c.strip()]
    marked = any(_ANY_MARK.search(c) for c in chunks)
    blocks: list[Block] = []
    for index, chunk in enumerate(chunks):
        match = _MARK.match(chunk)
        if match and match.group(1) in KINDS:
            kind, body = match.group(1), chunk[match.end() :]
        else:
            kind, body = PARAGRAPH, chunk
        if not marked and index == 0:
            kind = "titre"
        body = body.replace(_SOFT, "\n").strip()
        if kind == "question":
            first, _, rest = body.partition("\n")
            blocks.append(Block("question", first.strip()))
            blocks.extend(_body(PARAGRAPH, rest.strip()) if rest.strip() else [])
            continue
        blocks.extend(_body(kind, body))
    return blocks


def title_of(blocks: list[Block]) -> str:
    return next((b.text for b in blocks if b.kind == "titre"), blocks[0].text if blocks else "")


def readable(text: str) -> str:
    """The text without its marks, for a chat or a plain-text file."""
    out: list[str] = []
    previous: Block | None = None
    for block in parse(text):
        line = f"- {block.text}" if block.kind == ITEM else block.text
        if previous is not None:
            tight = block.kind == ITEM or (previous.kind == "question" and block.kind == PARAGRAPH)
            out.append("\n" if tight else "\n\n")
        out.append(line)
        previous = block
    return "".join(out)
