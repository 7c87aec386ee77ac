"""Writing a RETEX or a crisis pack: the Markdown its template renders, or a docx whose
headings follow the Markdown's ``#`` levels."""

from __future__ import annotations

from pathlib import Path

FORMATS = ("docx", "md")


def to_docx(markdown: str, path: Path) -> None:
    from bot.drafting.paper import a4, seal  # python-docx, loaded by the first export

    document = a4(2, 11)
    title = ""
    for line in markdown.splitlines():
        text = line.strip()
        if not text:
            continue
        level = len(text) - len(text.lstrip("#"))
        if 1 <= level <= 3 and text[level:].startswith(" "):
            heading = text[level:].strip()
            document.add_heading(heading, level=0 if level == 1 else level - 1)
            title = title or heading
        elif text.startswith("- "):
            document.add_paragraph(text[2:].replace("`", ""), style="List Bullet")
        elif text.startswith("**") and text.endswith("**"):
            document.add_paragraph().add_run(text.strip("*")).bold = True
        else:
            document.add_paragraph(text.replace("`", ""))
    seal(document, title)
    document.save(str(path))


def write(markdown: str, fmt: str, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "docx":
        to_docx(markdown, path)
    else:
        path.write_text(markdown.strip() + "\n", "utf-8")
    return path
